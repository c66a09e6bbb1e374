"""Pages of the party branches: parse input, call one service, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import unit_get_for_user, visible_units
from xiangzhen.parsing import parse_date, parse_id, parse_integer, parse_required_date, parse_required_id
from xiangzhen.party.models import (
    ActivityKind,
    AssessmentGrade,
    Branch,
    BranchActivity,
    BranchKind,
    MemberStatus,
    PostTitle,
    ReserveSource,
    ReserveStatus,
    ReserveStepKind,
    RulePeriod,
)
from xiangzhen.party.selectors import (
    activity_file_get_for_user,
    activity_get_for_user,
    activity_list,
    branch_get_for_user,
    branch_list,
    branch_member_get,
    branch_members,
    compliance_board,
    party_committee_decisions,
    reserve_get_for_user,
    reserve_list,
    rules_for,
)
from xiangzhen.party.services import (
    PARTY_FOUNDED,
    activity_attach,
    activity_record,
    branch_create,
    branch_post_assign,
    branch_rule_reset,
    branch_rule_set,
    branch_update,
    member_add,
    member_reveal,
    member_transfer_out,
    reserve_add,
    reserve_appoint,
    reserve_remove,
    reserve_step_record,
    vote_record,
)
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import keyset_page
from xiangzhen.workdays.alerts import AlertLevel

ALERT_WORDS: dict[str, str] = {AlertLevel.RED: "红牌", AlertLevel.YELLOW: "黄牌", AlertLevel.NONE: "未到期"}
MAX_VOTES = 10_000
MAX_WORKDAYS = 250


def _board_day(request: HttpRequest) -> date:
    today = timezone.localdate()
    try:
        return parse_date(request.GET.get("on"), "查看日期", latest=today) or today
    except ValidationFailed as error:
        messages.error(request, error.message)
        return today


@login_required
def board(request: HttpRequest) -> HttpResponseBase:
    """Every branch's missing activities this month, quarter and year; red/yellow as each period runs out."""
    on = _board_day(request)
    rows = compliance_board(viewer=request.user, on=on)
    if request.GET.get("format") == "xlsx":
        return stream_workbook(
            {
                "组织生活督查": (
                    [
                        "支部",
                        "所属单位",
                        "活动",
                        "周期",
                        "起",
                        "止",
                        "应开展",
                        "已开展",
                        "缺",
                        "剩余工作日",
                        "提醒",
                    ],
                    [
                        [
                            row.branch.name,
                            row.branch.unit.name,
                            requirement.label,
                            str(RulePeriod(requirement.period).label),
                            requirement.period_start,
                            requirement.period_end,
                            requirement.required,
                            requirement.held,
                            requirement.missing,
                            requirement.workdays_left,
                            ALERT_WORDS[requirement.alert] if requirement.missing else "已完成",
                        ]
                        for row in rows
                        for requirement in row.requirements
                    ],
                )
            },
            f"组织生活督查{on:%Y%m%d}",
        )
    branch_count = len(rows)
    return render(
        request,
        "party/board.html",
        {
            "rows": rows,
            "on": on,
            "today": timezone.localdate(),
            "red": sum(1 for row in rows if row.alert == AlertLevel.RED),
            "yellow": sum(1 for row in rows if row.alert == AlertLevel.YELLOW),
            "complete": sum(1 for row in rows if not row.missing),
            "branch_count": branch_count,
            "chart": {
                "branches": [row.branch.name for row in rows],
                "met": [row.met for row in rows],
                "missing": [len(row.missing) for row in rows],
            },
            "decisions": party_committee_decisions(viewer=request.user)[:10],
            "may_record": user_may(request.user, Action.RECORD_BRANCH_LIFE),
        },
    )


@login_required
def branches(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            unit = unit_get_for_user(request.user, parse_required_id(post.get("unit"), "所属单位"))
            theme_day = parse_integer(post.get("theme_day"), "主题党日固定日", minimum=1, maximum=28)
            branch = branch_create(
                actor=acting_user(request),
                unit=unit,
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                term_started_on=parse_required_date(post.get("term_started_on"), "本届任期开始日期"),
                theme_day=theme_day or 10,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已建立{branch.name}")
            return redirect("party:branch_detail", branch_id=branch.pk)
    return render(
        request,
        "party/branches.html",
        {
            "page": keyset_page(branch_list(viewer=request.user), request.GET, keys=("unit", "id")),
            "kinds": BranchKind.choices,
            "units": visible_units(request.user).filter(
                level__in=[UnitLevel.VILLAGE, UnitLevel.TOWN, UnitLevel.COUNTY]
            ),
            "may_manage": user_may(request.user, Action.MANAGE_BRANCHES),
        },
    )


def _branch_or_404(request: HttpRequest, branch_id: int) -> Branch:
    try:
        return branch_get_for_user(request.user, branch_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def branch_detail(
    request: HttpRequest, branch_id: int, *, revealed: dict[str, dict[str, str]] | None = None
) -> HttpResponse:
    branch = _branch_or_404(request, branch_id)
    today = timezone.localdate()
    members = branch_members(branch)
    rules = rules_for(branch)
    return render(
        request,
        "party/branch_detail.html",
        {
            "branch": branch,
            "today": today,
            "members": members,
            "full_count": members.filter(status=MemberStatus.FULL).count(),
            "posts": branch.posts.filter(ended_on__isnull=True).select_related("member"),
            "rules": [rules[kind] for kind in ActivityKind.values if kind in rules],
            "compliance": compliance_board(viewer=request.user, on=today, branches=[branch]),
            "activities": activity_list(viewer=request.user, branch=branch)[:20],
            "decisions": party_committee_decisions(viewer=request.user, branch=branch)[:20],
            "statuses": MemberStatus.choices,
            "titles": PostTitle.choices,
            "kinds": ActivityKind.choices,
            "periods": RulePeriod.choices,
            "may_manage": user_may(request.user, Action.MANAGE_BRANCHES),
            "may_record": user_may(request.user, Action.RECORD_BRANCH_LIFE),
            "may_reveal": user_may(request.user, Action.REVEAL_PERSONAL_DATA),
            "revealed": revealed,
        },
    )


@login_required
@require_POST
def branch_act(request: HttpRequest, branch_id: int, action: str) -> HttpResponse:
    branch = _branch_or_404(request, branch_id)
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "add-member":
            member = member_add(
                actor=actor,
                branch=branch,
                name=post.get("name", ""),
                status=post.get("status", ""),
                joined_on=parse_required_date(post.get("joined_on"), "入党日期", earliest=PARTY_FOUNDED),
                phone=post.get("phone", ""),
                id_number=post.get("id_number", ""),
                group=post.get("group", ""),
            )
            messages.success(request, f"已登记党员{member.masked_name}")
        elif action == "transfer-out":
            member = branch_member_get(branch, parse_required_id(post.get("member"), "党员"))
            member_transfer_out(
                actor=actor,
                member=member,
                left_on=parse_date(post.get("left_on"), "转出日期") or timezone.localdate(),
            )
            messages.success(request, f"{member.masked_name}已转出")
        elif action == "assign-post":
            member = branch_member_get(branch, parse_required_id(post.get("member"), "党员"))
            branch_post_assign(
                actor=actor,
                branch=branch,
                member=member,
                title=post.get("title", ""),
                started_on=parse_date(post.get("started_on"), "任职日期") or timezone.localdate(),
            )
            messages.success(request, "已任命")
        elif action == "update":
            branch_update(
                actor=actor,
                branch=branch,
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 2) or 0,
                term_started_on=parse_required_date(post.get("term_started_on"), "本届任期开始日期"),
                theme_day=parse_integer(post.get("theme_day"), "主题党日固定日", minimum=1, maximum=28)
                or branch.theme_day,
            )
            messages.success(request, "已保存")
        elif action == "set-rule":
            times = parse_integer(post.get("times"), "每期次数", minimum=0, maximum=31)
            yellow = parse_integer(
                post.get("yellow_workdays"), "黄牌剩余工作日", minimum=0, maximum=MAX_WORKDAYS
            )
            red = parse_integer(post.get("red_workdays"), "红牌剩余工作日", minimum=0, maximum=MAX_WORKDAYS)
            if times is None or yellow is None or red is None:
                raise ValidationFailed("请填写每期次数和红黄牌剩余工作日")
            branch_rule_set(
                actor=actor,
                branch=branch,
                kind=post.get("kind", ""),
                period=post.get("period", ""),
                times=times,
                yellow_workdays=yellow,
                red_workdays=red,
                basis=post.get("basis", ""),
            )
            messages.success(request, "已设置本支部频次")
        elif action == "reset-rule":
            branch_rule_reset(actor=actor, branch=branch, kind=post.get("kind", ""))
            messages.success(request, "已恢复默认频次")
        elif action == "reveal":
            members = member_reveal(actor=actor, branch=branch, reason=post.get("reason", ""))
            # Full personal data only in the response to the audited reveal: never stored (not in the session), never cached.
            response = branch_detail(
                request,
                branch.pk,
                revealed={
                    str(member.pk): {
                        "name": member.name,
                        "phone": member.phone,
                        "id_number": member.id_number,
                    }
                    for member in members
                },
            )
            add_never_cache_headers(response)
            return response
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("party:branch_detail", branch_id=branch.pk)


@action_required(Action.RECORD_BRANCH_LIFE)
def activity_add(request: HttpRequest, branch_id: int) -> HttpResponse:
    """Recording a meeting from the phone: kind, date, topic, who came, the minutes and photos."""
    branch = _branch_or_404(request, branch_id)
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            attendee_ids = [parse_required_id(value, "出席党员") for value in post.getlist("attendees")]
            activity = activity_record(
                actor=acting_user(request),
                branch=branch,
                kind=post.get("kind", ""),
                held_on=parse_required_date(post.get("held_on"), "活动日期", not_in_future=True),
                topic=post.get("topic", ""),
                minutes=post.get("minutes", ""),
                attendee_ids=attendee_ids,
                absence_note=post.get("absence_note", ""),
                attachments=request.FILES.getlist("attachments"),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已记录{activity.get_kind_display()}")
            return redirect("party:activity_detail", activity_id=activity.pk)
    chosen_kind = request.GET.get("kind", "")
    return render(
        request,
        "party/activity_add.html",
        {
            "branch": branch,
            "today": today,
            "members": branch_members(branch).order_by("group", "id"),
            "kinds": ActivityKind.choices,
            "chosen_kind": chosen_kind if chosen_kind in ActivityKind.values else "",
        },
    )


@login_required
def activities(request: HttpRequest) -> HttpResponseBase:
    kind = request.GET.get("kind", "")
    branch = None
    try:
        branch_id = parse_id(request.GET.get("branch"), "党支部")
        branch = branch_get_for_user(request.user, branch_id) if branch_id else None
    except DomainError as error:
        messages.error(request, error.message)
    listed = activity_list(viewer=request.user, branch=branch, kind=kind)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                activity.held_on,
                activity.branch.name,
                activity.get_kind_display(),
                activity.topic,
                activity.expected_count,
                activity.present_count,
                activity.absence_note,
                activity.minutes,
            ]
            for activity in listed
        ]
        headers = ["日期", "支部", "活动", "主题", "应到", "实到", "缺席情况", "记录"]
        return stream_workbook({"三会一课台账": (headers, rows)}, "三会一课台账")
    return render(
        request,
        "party/activities.html",
        {
            "page": keyset_page(listed, request.GET, keys=("-held_on", "-id")),
            "branches": branch_list(viewer=request.user),
            "kinds": ActivityKind.choices,
            "kind": kind,
            "branch": branch,
        },
    )


def _activity_or_404(request: HttpRequest, activity_id: int) -> BranchActivity:
    try:
        return activity_get_for_user(request.user, activity_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    return render(
        request,
        "party/activity_detail.html",
        {
            "activity": activity,
            "attendees": activity.attendees.order_by("id"),
            "votes": activity.votes.all(),
            "files": activity.files.select_related("attachment"),
            "may_record": user_may(request.user, Action.RECORD_BRANCH_LIFE),
            "print": request.GET.get("print") == "1",
        },
    )


@login_required
@require_POST
def activity_act(request: HttpRequest, activity_id: int, action: str) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "vote":
            counts = [
                parse_integer(post.get(field), label, minimum=0, maximum=MAX_VOTES)
                for field, label in (("ayes", "赞成票"), ("noes", "反对票"), ("abstentions", "弃权票"))
            ]
            vote = vote_record(
                actor=actor,
                activity=activity,
                subject=post.get("subject", ""),
                ayes=counts[0] or 0,
                noes=counts[1] or 0,
                abstentions=counts[2] or 0,
            )
            messages.success(
                request, "表决通过" if vote.adopted else "表决未通过(赞成票未超过应到有表决权党员半数)"
            )
        elif action == "attach":
            upload = request.FILES.get("attachment")
            if upload is None:
                raise ValidationFailed("请选择附件")
            activity_attach(actor=actor, activity=activity, upload=upload)
            messages.success(request, "已上传附件")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("party:activity_detail", activity_id=activity.pk)


@login_required
@require_GET
def activity_file(request: HttpRequest, activity_id: int, file_id: int) -> FileResponse:
    try:
        attachment = activity_file_get_for_user(request.user, activity_id, file_id).attachment
    except NotFound as error:
        raise Http404(error.message) from error
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在") from None
    # Always a download, never rendered inline: an uploaded file must not run as a page of this site.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def reserves(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            village = unit_get_for_user(request.user, parse_required_id(post.get("village"), "村(社区)"))
            reserve = reserve_add(
                actor=acting_user(request),
                village=village,
                name=post.get("name", ""),
                source=post.get("source", ""),
                selected_on=parse_date(post.get("selected_on"), "入库日期") or timezone.localdate(),
                phone=post.get("phone", ""),
                id_number=post.get("id_number", ""),
                is_party_member=post.get("is_party_member") == "1",
                education=post.get("education", ""),
                current_work=post.get("current_work", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{reserve.masked_name}已入库")
            return redirect("party:reserve_detail", reserve_id=reserve.pk)
    status = request.GET.get("status", ReserveStatus.IN_POOL)
    village_id = None
    try:
        village_id = parse_id(request.GET.get("village"), "村(社区)")
    except ValidationFailed as error:
        messages.error(request, error.message)
    return render(
        request,
        "party/reserves.html",
        {
            "page": keyset_page(
                reserve_list(viewer=request.user, status=status, village_id=village_id),
                request.GET,
                keys=("village", "-selected_on", "id"),
            ),
            "status": status,
            "village_id": village_id,
            "statuses": ReserveStatus.choices,
            "sources": ReserveSource.choices,
            "villages": visible_units(request.user).filter(level=UnitLevel.VILLAGE),
            "may_manage": user_may(request.user, Action.MANAGE_BRANCHES),
            "today": timezone.localdate(),
        },
    )


@login_required
def reserve_detail(request: HttpRequest, reserve_id: int) -> HttpResponse:
    try:
        reserve = reserve_get_for_user(request.user, reserve_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "party/reserve_detail.html",
        {
            "reserve": reserve,
            "steps": reserve.steps.all(),
            "step_kinds": ReserveStepKind.choices,
            "grades": AssessmentGrade.choices,
            "may_manage": user_may(request.user, Action.MANAGE_BRANCHES),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def reserve_act(request: HttpRequest, reserve_id: int, action: str) -> HttpResponse:
    try:
        reserve = reserve_get_for_user(request.user, reserve_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    post = request.POST
    today = timezone.localdate()
    try:
        if action == "step":
            reserve_step_record(
                actor=actor,
                reserve=reserve,
                kind=post.get("kind", ""),
                started_on=parse_date(post.get("started_on"), "日期") or today,
                ended_on=parse_date(post.get("ended_on"), "结束日期"),
                content=post.get("content", ""),
                grade=post.get("grade", ""),
            )
            messages.success(request, "已记录")
        elif action == "appoint":
            reserve_appoint(
                actor=actor,
                reserve=reserve,
                post=post.get("post", ""),
                appointed_on=parse_date(post.get("appointed_on"), "任用日期") or today,
            )
            messages.success(request, "已任用")
        elif action == "remove":
            reserve_remove(
                actor=actor,
                reserve=reserve,
                reason=post.get("reason", ""),
                removed_on=parse_date(post.get("removed_on"), "出库日期") or today,
            )
            messages.success(request, "已出库")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("party:reserve_detail", args=[reserve.pk]))
