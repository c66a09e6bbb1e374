"""Pages of meetings and supervised tasks: parse input, call one service, render."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.duties.selectors import duty_codes_for_form
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import assignable_cadre_get, assignable_cadres, unit_get_for_user, visible_units
from xiangzhen.parsing import parse_id, parse_integer, parse_required_date, parse_required_id
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.supervision.models import MeetingKind, TaskStatus
from xiangzhen.supervision.selectors import (
    admission_pending,
    admissions_by_sender,
    agenda_units,
    meeting_agenda,
    meeting_get_for_user,
    meeting_scope,
    task_get_for_user,
    task_list,
    user_may_verify,
)
from xiangzhen.supervision.services import (
    TaskOrder,
    decision_record,
    meeting_create,
    meeting_report_submit,
    task_admission_review,
    task_create,
    task_progress_add,
    task_submit_for_verification,
    task_verify,
)
from xiangzhen.web.pagination import keyset_page
from xiangzhen.workdays.alerts import AlertLevel


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    alert = request.GET.get("alert", "") if request.GET.get("alert") in AlertLevel.values else ""
    # Asked nothing, the list opens on the person's own open tasks when they have any (?mine=0: all).
    mine = request.GET.get("mine") == "1" or (
        not request.GET and task_list(viewer=request.user, status="open", mine=True).exists()
    )
    page = keyset_page(
        task_list(viewer=request.user, status=status, alert=alert, mine=mine),
        request.GET,
        keys=("due_date", "id"),
    )
    return render(
        request,
        "supervision/tasks.html",
        {
            "page": page,
            "tasks": page.rows,
            "mine": mine,
            "status": status,
            "alert": alert,
            "statuses": TaskStatus.choices,
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP),
            "cadres": assignable_cadres(request.user),
            "duty_codes": duty_codes_for_form(request.user),
        },
    )


TASK_EXPORT_HEADERS = (
    "督办事项",
    "来源",
    "责任单位",
    "责任人",
    "交办日期",
    "办结期限",
    "状态",
    "督办",
    "办结日期",
    "按时办结",
)


@login_required
def tasks_export(request: HttpRequest) -> HttpResponseBase:
    """Every task of the list as .xlsx, streamed from plain rows (no cap, flat memory); labels resolved once."""
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    alerts = {value: str(label) for value, label in AlertLevel.choices}
    tasks = task_list(
        viewer=request.user, status=request.GET.get("status", ""), mine=request.GET.get("mine") == "1"
    )
    rows = (
        (
            title,
            source,
            unit,
            owner,
            assigned_on,
            due_date,
            statuses.get(status, status),
            alerts.get(alert, alert),
            completed_on or "",
            {True: "是", False: "否"}.get(on_time, "") if on_time is not None else "",
        )
        for title, source, unit, owner, assigned_on, due_date, status, alert, completed_on, on_time in tasks.values_list(
            "title",
            "source",
            "owner_unit__name",
            "owner__name",
            "assigned_on",
            "due_date",
            "status",
            "alert",
            "completed_on",
            "completed_on_time",
        ).iterator(chunk_size=2000)
    )
    return stream_workbook({"督办事项": (TASK_EXPORT_HEADERS, rows)}, "督办事项")


# A task's time limit in working days: a year of work is already far beyond any real order.
MAX_TASK_WORKDAYS = 250


def _task_order_from(request: HttpRequest) -> TaskOrder:
    """Read the task fields of a form; every bad value raises before anything is written."""
    post = request.POST
    owner_unit = unit_get_for_user(request.user, parse_required_id(post.get("owner_unit"), "责任单位"))
    owner = assignable_cadre_get(request.user, parse_required_id(post.get("owner"), "责任人"))
    limit = parse_integer(
        post.get("limit_workdays"), "办理时限(工作日)", minimum=1, maximum=MAX_TASK_WORKDAYS
    )
    if limit is None:
        raise ValidationFailed("请填写办理时限(工作日)")
    return TaskOrder(
        title=post.get("title", ""),
        owner_unit=owner_unit,
        owner=owner,
        limit_workdays=limit,
        detail=post.get("detail", ""),
        source=post.get("source", ""),
        duty_code=post.get("duty_code", ""),
    )


@login_required
@require_POST
def task_add(request: HttpRequest) -> HttpResponse:
    try:
        order = _task_order_from(request)
        task = task_create(
            actor=acting_user(request),
            title=order.title,
            owner_unit=order.owner_unit,
            owner=order.owner,
            limit_workdays=order.limit_workdays,
            detail=order.detail,
            source=order.source,
            duty_code=order.duty_code,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        pending = "。未引用履职事项清单(或引用了收回事项),已提交县里准入审核" if task.admission else ""
        messages.success(request, f"已交办“{task.title}”,期限 {task.due_date}{pending}")
    return redirect("supervision:tasks")


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = task_get_for_user(request.user, task_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "supervision/task_detail.html",
        {
            "task": task,
            "progress": task.progress.select_related("recorded_by"),
            "today": timezone.localdate(),
            "may_verify": user_may_verify(request.user, task),
            "may_review_admission": user_may(request.user, Action.REVIEW_ADMISSION),
        },
    )


@login_required
@require_POST
def task_act(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    try:
        task = task_get_for_user(request.user, task_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    note = request.POST.get("note", "")
    try:
        if action == "progress":
            task_progress_add(actor=actor, task=task, note=note, attachment=request.FILES.get("attachment"))
            messages.success(request, "已登记进展")
        elif action == "submit":
            task_submit_for_verification(actor=actor, task=task, note=note)
            messages.success(request, "已提交核验")
        elif action in {"approve", "return"}:
            task_verify(actor=actor, task=task, approved=action == "approve", note=note)
            messages.success(request, "核验通过,已办结" if action == "approve" else "已退回重办")
        elif action in {"admit", "send-back"}:
            version = parse_integer(request.POST.get("version"), "版本", minimum=1, maximum=2**31 - 1)
            task_admission_review(actor=actor, task=task, admit=action == "admit", note=note, version=version)
            messages.success(request, "已准入,照常办理" if action == "admit" else "已退回交办单位")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("supervision:task_detail", task_id=task.pk)


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            unit = unit_get_for_user(request.user, parse_required_id(post.get("unit"), "召开单位"))
            # A meeting is recorded after it is held or planned ahead; a year either way is plenty.
            today = timezone.localdate()
            held_on = parse_required_date(post.get("held_on"), "会议日期", latest=today + timedelta(days=366))
            attendee_ids = [parse_id(text, "参会人员") for text in post.getlist("attendees")]
            meeting = meeting_create(
                actor=acting_user(request),
                kind=post.get("kind", ""),
                unit=unit,
                title=post.get("title", ""),
                held_on=held_on,
                attendees=[
                    assignable_cadre_get(request.user, cadre_id)
                    for cadre_id in attendee_ids
                    if cadre_id is not None
                ],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("supervision:meeting_detail", meeting_id=meeting.pk)
    page = keyset_page(
        meeting_scope(request.user).select_related("unit"), request.GET, keys=("-held_on", "-id")
    )
    agenda_of = agenda_units(request.user, [meeting.unit for meeting in page.rows])
    return render(
        request,
        "supervision/meetings.html",
        {
            "page": page,
            "meetings": [(meeting, agenda_of[meeting.unit_id]) for meeting in page.rows],
            "kinds": MeetingKind.choices,
            "units": visible_units(request.user).filter(
                level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT, UnitLevel.VILLAGE]
            ),
            "cadres": assignable_cadres(request.user),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = meeting_get_for_user(request.user, meeting_id)
    except NotFound as error:
        raise Http404(error.message) from error
    # An attendee from a 片区 sees the town's meeting but records decisions only where they have
    # jurisdiction; their agenda link leads to their own 片区's part of the meeting.
    agenda_unit = agenda_units(request.user, [meeting.unit])[meeting.unit_id]
    may_decide = agenda_unit == meeting.unit
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "may_decide": may_decide,
            "agenda_unit": agenda_unit,
            "reports": meeting.reports.select_related("unit"),
            "decisions": meeting.decisions.prefetch_related("tasks"),
            "attendees": meeting.attendees.order_by("name"),
            "reporting_units": visible_units(request.user)
            .within([meeting.unit])
            .exclude(pk=meeting.unit_id)
            .filter(level__in=[UnitLevel.DISTRICT, UnitLevel.VILLAGE]),
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP),
            "cadres": assignable_cadres(request.user),
            "print": request.GET.get("print") == "1",
        },
    )


@login_required
@require_POST
def meeting_act(request: HttpRequest, meeting_id: int, action: str) -> HttpResponse:
    try:
        meeting = meeting_get_for_user(request.user, meeting_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    try:
        if action == "report":
            unit = unit_get_for_user(request.user, parse_required_id(request.POST.get("unit"), "汇报单位"))
            meeting_report_submit(
                actor=actor,
                meeting=meeting,
                unit=unit,
                recent_work=request.POST.get("recent_work", ""),
                urgent_problems=request.POST.get("urgent_problems", ""),
            )
            messages.success(request, f"已登记{unit.name}的汇报")
        elif action == "decision":
            opinions = {
                cadre.pk: request.POST.get(f"opinion-{cadre.pk}", "") for cadre in meeting.attendees.all()
            }
            # The task fields only count when the clerk ticked "同时交办"; otherwise the decision stands alone.
            order = _task_order_from(request) if request.POST.get("with_task") == "1" else None
            decision = decision_record(
                actor=actor,
                meeting=meeting,
                text=request.POST.get("text", ""),
                is_major=request.POST.get("is_major") == "1",
                opinions=opinions,
                task=order,
            )
            task = decision.tasks.first() if order is not None else None
            if task is not None:
                messages.success(request, f"已记录决定,已交办“{task.title}”,期限 {task.due_date}")
            else:
                messages.success(request, "已记录决定")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("supervision:meeting_detail", meeting_id=meeting.pk)


@login_required
def agenda(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = unit_get_for_user(request.user, unit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "supervision/agenda.html",
        {
            "unit": unit,
            "agenda": meeting_agenda(unit=unit, today=timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


@action_required(Action.REVIEW_ADMISSION)
def admissions(request: HttpRequest) -> HttpResponse:
    """清单外交办: per sender, what the county handed its towns this year outside their 履职事项清单, and the
    tasks waiting for 准入 review."""
    year = timezone.localdate().year
    try:
        year = parse_integer(request.GET.get("year"), "年份", minimum=2000, maximum=2100) or year
    except ValidationFailed as error:
        messages.error(request, error.message)
    senders = admissions_by_sender(request.user, start=date(year, 1, 1), end=date(year + 1, 1, 1))
    return render(
        request,
        "supervision/admissions.html",
        {
            "year": year,
            "senders": senders,
            "pending": admission_pending(request.user)[:100],
            "chart": {
                "senders": [row.sender for row in senders],
                "in_list": [row.in_list for row in senders],
                "outside_list": [row.outside_list for row in senders],
                "withdrawn_item": [row.withdrawn_item for row in senders],
            },
        },
    )
