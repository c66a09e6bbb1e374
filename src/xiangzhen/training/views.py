"""Pages of the mass-education school: parse input, call one service, render."""

from datetime import date, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import unit_get_for_user, visible_units
from xiangzhen.parsing import parse_date, parse_id, parse_integer, parse_required_date, parse_required_id
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.training.models import (
    DEFAULT_MONTHLY_SESSIONS,
    EnrollmentStatus,
    SessionStatus,
    Topic,
    TrainingSession,
)
from xiangzhen.training.selectors import (
    attendance_rows,
    course_get_for_user,
    course_scope,
    enrollment_get_for_user,
    plan_get_for_user,
    plan_progress,
    plan_scope,
    school_get_for_user,
    school_rhythm,
    school_scope,
    session_get_for_user,
    session_list,
    session_roster,
    trainee_village_get,
    trainee_villages,
    training_by_month,
    training_figures,
)
from xiangzhen.training.services import (
    MAX_CAPACITY,
    MAX_MONTHLY_SESSIONS,
    attendance_record,
    course_create,
    enrollment_add,
    enrollment_cancel,
    rotation_plan_create,
    rotation_plan_extend,
    school_create,
    training_session_cancel,
    training_session_schedule,
    training_session_set_capacity,
)
from xiangzhen.web.pagination import keyset_page

MAX_TARGET_COUNT = 100_000
MAX_EVERY_DAYS = 90
LIST_LIMIT = 200


def _session_or_404(request: HttpRequest, session_id: int) -> TrainingSession:
    try:
        return session_get_for_user(request.user, session_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _period(request: HttpRequest, days: int = 365) -> tuple[date, date]:
    today = timezone.localdate()
    since, until = today - timedelta(days=days), today
    try:
        since = parse_date(request.GET.get("since"), "起始日期") or since
        until = parse_date(request.GET.get("until"), "截止日期") or until
    except ValidationFailed as error:
        messages.error(request, error.message)
    return since, until


def _or_default(value: int | None, default: int) -> int:
    return default if value is None else value


def _parse_time(text: str | None) -> time | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("开始时间格式不正确,应为 时:分,如 19:30") from None


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            session = training_session_schedule(
                actor=acting_user(request),
                course=course_get_for_user(request.user, parse_required_id(post.get("course"), "课程")),
                school=school_get_for_user(request.user, parse_required_id(post.get("school"), "学校")),
                held_on=parse_required_date(post.get("held_on"), "日期"),
                starts_at=_parse_time(post.get("starts_at")),
                teacher=post.get("teacher", ""),
                place=post.get("place", ""),
                capacity=parse_integer(post.get("capacity"), "人数上限", minimum=1, maximum=MAX_CAPACITY),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"已安排 {session.held_on} {session.course.title},限 {session.capacity} 人"
            )
            return redirect("training:session_detail", session_id=session.pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    try:
        school_id = parse_id(request.GET.get("school"), "学校")
    except ValidationFailed as error:
        messages.error(request, error.message)
        school_id = None
    listed = session_list(viewer=request.user, status=status, school_id=school_id)
    # What is coming is a few weeks of classes; what was held grows every month, 50 a page.
    past = keyset_page(listed.filter(held_on__lt=today), request.GET, keys=("-held_on", "-id"))
    return render(
        request,
        "training/sessions.html",
        {
            "upcoming": listed.filter(held_on__gte=today).order_by("held_on", "id")[:LIST_LIMIT],
            "page": past,
            "past": past.rows,
            "statuses": SessionStatus.choices,
            "status": status,
            "school_id": school_id,
            "schools": school_scope(request.user),
            "courses": course_scope(request.user),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
            "today": today,
        },
    )


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(request, session_id)
    roster = list(session_roster(session))
    waitlist_positions = {
        enrollment.pk: number
        for number, enrollment in enumerate(
            (entry for entry in roster if entry.status == EnrollmentStatus.WAITLISTED), start=1
        )
    }
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "seated": [entry for entry in roster if entry.status == EnrollmentStatus.ENROLLED],
            "roster": [(entry, waitlist_positions.get(entry.pk)) for entry in roster],
            "villages": trainee_villages(request.user, session),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
            "may_mark": session.status != SessionStatus.CANCELLED and session.held_on <= timezone.localdate(),
        },
    )


@login_required
@require_POST
def session_act(request: HttpRequest, session_id: int, action: str) -> HttpResponse:
    session = _session_or_404(request, session_id)
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "enroll":
            village = trainee_village_get(
                request.user, session, parse_required_id(post.get("village"), "所在村")
            )
            result = enrollment_add(
                actor=actor,
                session=session,
                name=post.get("name", ""),
                phone=post.get("phone", ""),
                village=village,
            )
            messages.success(request, result.message)
        elif action == "withdraw":
            enrollment = enrollment_get_for_user(
                request.user, parse_required_id(post.get("enrollment"), "报名记录")
            )
            if enrollment.session_id != session.pk:
                raise NotFound("报名记录不存在或不在您的管辖范围内")
            promoted = enrollment_cancel(actor=actor, enrollment=enrollment)
            messages.success(
                request,
                f"已取消{enrollment.trainee.name}的报名"
                + (f",候补的{promoted.trainee.name}递补入班" if promoted else ""),
            )
        elif action == "attendance":
            attended = [parse_required_id(value, "学员") for value in post.getlist("attended")]
            version = parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 1)
            present = attendance_record(actor=actor, session=session, attended=attended, version=version)
            messages.success(request, f"已保存出勤:实到 {present} 人,应到 {session.enrolled_count} 人")
        elif action == "capacity":
            capacity = parse_integer(post.get("capacity"), "人数上限", minimum=1, maximum=MAX_CAPACITY)
            if capacity is None:
                raise ValidationFailed("请填写人数上限")
            moved_up = training_session_set_capacity(actor=actor, session=session, capacity=capacity)
            messages.success(
                request,
                f"人数上限改为 {capacity} 人"
                + (
                    f",候补的{'、'.join(entry.trainee.name for entry in moved_up)}递补入班"
                    if moved_up
                    else ""
                ),
            )
        elif action == "cancel":
            training_session_cancel(actor=actor, session=session, reason=post.get("reason", ""))
            messages.success(request, "已取消本期培训")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("training:session_detail", session_id=session.pk)


@login_required
def attendance_export(request: HttpRequest) -> HttpResponseBase:
    since, until = _period(request)
    try:
        session_id = parse_id(request.GET.get("session"), "培训场次")
    except ValidationFailed:
        session_id = None
    rows = [
        [
            entry.session.held_on,
            entry.session.school.name,
            entry.session.course.title,
            entry.session.course.get_topic_display(),
            entry.session.teacher,
            entry.trainee.name,
            entry.trainee.village.name,
            entry.trainee.masked_phone,
            entry.get_status_display(),
            "出勤" if entry.attended else "缺勤",
        ]
        for entry in attendance_rows(viewer=request.user, since=since, until=until, session_id=session_id)
    ]
    headers = ["日期", "学校", "课程", "类别", "授课人", "学员", "所在村(组)", "联系电话", "报名", "出勤"]
    return stream_workbook({"培训出勤": (headers, rows)}, "培训出勤")


@login_required
def schools(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            school = school_create(
                actor=acting_user(request),
                unit=unit_get_for_user(request.user, parse_required_id(post.get("unit"), "所属单位")),
                name=post.get("name", ""),
                address=post.get("address", ""),
                default_capacity=parse_integer(
                    post.get("default_capacity"), "每期人数上限", minimum=1, maximum=MAX_CAPACITY
                ),
                monthly_sessions=_or_default(
                    parse_integer(
                        post.get("monthly_sessions"), "每月应办期数", minimum=0, maximum=MAX_MONTHLY_SESSIONS
                    ),
                    DEFAULT_MONTHLY_SESSIONS,
                ),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已建立{school.name}")
            return redirect("training:schools")
    return render(
        request,
        "training/schools.html",
        {
            "schools": school_rhythm(request.user, month=timezone.localdate()),
            "month": timezone.localdate(),
            "units": visible_units(request.user)
            .filter(level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT, UnitLevel.VILLAGE])
            .order_by("path"),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
        },
    )


@login_required
def courses(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            course = course_create(
                actor=acting_user(request),
                unit=unit_get_for_user(request.user, parse_required_id(post.get("unit"), "开课单位")),
                title=post.get("title", ""),
                topic=post.get("topic", ""),
                skills=post.get("skills", "").replace(",", "、").replace(",", "、").split("、"),
                description=post.get("description", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已新增课程“{course.title}”")
            return redirect("training:courses")
    return render(
        request,
        "training/courses.html",
        {
            "courses": course_scope(request.user).prefetch_related("skills")[:LIST_LIMIT],
            "topics": Topic.choices,
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP).order_by("path"),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
        },
    )


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            plan = rotation_plan_create(
                actor=acting_user(request),
                title=post.get("title", ""),
                course=course_get_for_user(request.user, parse_required_id(post.get("course"), "课程")),
                school=school_get_for_user(request.user, parse_required_id(post.get("school"), "学校")),
                target_unit=unit_get_for_user(
                    request.user, parse_required_id(post.get("target_unit"), "对象所在单位")
                ),
                target_group=post.get("target_group", ""),
                target_count=parse_integer(
                    post.get("target_count"), "对象人数", minimum=1, maximum=MAX_TARGET_COUNT
                )
                or 0,
                starts_on=parse_required_date(post.get("starts_on"), "开始日期"),
                ends_on=parse_required_date(post.get("ends_on"), "结束日期"),
                every_days=parse_integer(
                    post.get("every_days"), "间隔天数", minimum=1, maximum=MAX_EVERY_DAYS
                )
                or 0,
                teacher=post.get("teacher", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已制定轮训计划,共 {plan.sessions.count()} 期")
            return redirect("training:plan_detail", plan_id=plan.pk)
    listed = list(plan_scope(request.user)[:LIST_LIMIT])
    return render(
        request,
        "training/plans.html",
        {
            "plans": [(plan, plan_progress(plan)) for plan in listed],
            "schools": school_scope(request.user),
            "courses": course_scope(request.user),
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP).order_by("path"),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = plan_get_for_user(request.user, plan_id)
    except NotFound as error:
        raise Http404(error.message) from error
    if request.method == "POST":
        try:
            session = rotation_plan_extend(
                actor=acting_user(request),
                plan=plan,
                held_on=parse_required_date(request.POST.get("held_on"), "日期"),
                teacher=request.POST.get("teacher", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已加开 {session.held_on} 一期")
            return redirect("training:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "training/plan_detail.html",
        {
            "plan": plan,
            "progress": plan_progress(plan),
            "sessions": plan.sessions.order_by("held_on", "id"),
            "may_manage": user_may(request.user, Action.MANAGE_TRAINING),
        },
    )


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    since, until = _period(request)
    unit = None
    try:
        unit_id = parse_id(request.GET.get("unit"), "单位")
        unit = unit_get_for_user(request.user, unit_id) if unit_id else None
    except DomainError as error:
        messages.error(request, error.message)
    rows, total = training_figures(viewer=request.user, since=since, until=until, unit=unit)
    months = training_by_month(viewer=request.user, since=since, until=until, unit=unit)
    chart = {
        "units": [row.name for row in rows],
        "sessions": [row.sessions for row in rows],
        "attendances": [row.attendances for row in rows],
        "people": [row.people for row in rows],
    }
    return render(
        request,
        "training/statistics.html",
        {
            "rows": rows,
            "total": total,
            "months": months,
            "chart": chart,
            "since": since,
            "until": until,
            "unit": unit,
            "units": visible_units(request.user)
            .filter(level__in=[UnitLevel.COUNTY, UnitLevel.TOWN, UnitLevel.DISTRICT])
            .order_by("path"),
        },
    )
