"""Pages of the front line: parse input, call one service, render."""

import re
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.frontline.models import DutyKind, SecurityDuty, VisitKind
from xiangzhen.frontline.selectors import (
    attendance_sheet,
    cadre_home_town,
    check_in_get_for_user,
    check_in_list,
    check_in_places,
    check_in_scope,
    duty_figures,
    duty_shift_get_for_user,
    duty_shift_list,
    duty_swap_get_for_user,
    pending_swaps,
    resident_months,
    stay_assignments,
    stay_compliance,
    stay_weeks,
    town_rule,
    village_presence,
    visit_counts,
    visit_get_for_user,
    visit_list,
    visit_problem_get,
    week_start_of,
)
from xiangzhen.frontline.services import (
    Position,
    check_in_record,
    duty_log_record,
    duty_rota_generate,
    duty_shift_check_in,
    duty_swap_decide,
    duty_swap_request,
    leave_record,
    town_rule_set,
    unresolved_matter_record,
    visit_problem_to_request,
    visit_problem_to_task,
    visit_record,
)
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import (
    assignable_cadre_get,
    assignable_cadres,
    cadre_of,
    unit_get_for_user,
    visible_units,
)
from xiangzhen.parsing import (
    LATEST_YEAR,
    parse_date,
    parse_id,
    parse_integer,
    parse_required_date,
    parse_required_id,
)
from xiangzhen.services.models import ServiceItem
from xiangzhen.services.selectors import items_offered_at
from xiangzhen.services.services import Applicant
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import keyset_page

_MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
MAX_COUNT = 100_000
# Plans and records of this century only: a date past it is a typing error (and would overflow a week).
LATEST_DATE = date(LATEST_YEAR, 12, 31)


STAYS_PAGE_SIZE = 40


def _month_from(text: str | None, default: date) -> date:
    text = (text or "").strip()
    if not text:
        return default
    match = _MONTH.fullmatch(text)
    if match is None:
        raise ValidationFailed("月份格式不正确,应为 年-月,如 2026-03")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _decimal(text: str | None, label: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label}不正确") from None
    if not value.is_finite():
        raise ValidationFailed(f"{label}不正确")
    return value


def _position_from(post: "dict[str, str] | object") -> Position | None:
    getter = getattr(post, "get")  # noqa: B009  (a QueryDict)
    latitude = _decimal(getter("latitude"), "纬度")
    longitude = _decimal(getter("longitude"), "经度")
    if latitude is None or longitude is None:
        return None
    accuracy = parse_integer(
        getter("accuracy", "").split(".")[0] or None, "定位精度", minimum=0, maximum=100_000
    )
    return Position(latitude=latitude, longitude=longitude, accuracy=accuracy)


def _towns(request: HttpRequest) -> list[Unit]:
    return list(visible_units(request.user).filter(level=UnitLevel.TOWN).order_by("path"))


def _duties_today(request: HttpRequest) -> QuerySet[SecurityDuty]:
    """The named 安保/应急 duties of the user's towns running today: the only check-ins that record more."""
    day = timezone.localdate()
    towns = set(visible_units(request.user).filter(level=UnitLevel.TOWN).values_list("pk", flat=True))
    own = cadre_of(request.user)
    home = cadre_home_town(own, day) if own is not None else None
    if home is not None:
        towns.add(home.pk)
    return SecurityDuty.objects.filter(town__in=towns, starts_on__lte=day, ends_on__gte=day).order_by(
        "name", "id"
    )


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The phone page: sign in here (with the browser's position when given), see one's day and week."""
    if request.method == "POST":
        try:
            place_id = parse_id(request.POST.get("place"), "签到地点")
            duty_id = parse_id(request.POST.get("duty"), "安保应急值守")
            duty = None
            if duty_id is not None:
                duty = _duties_today(request).filter(pk=duty_id).first()
                if duty is None:
                    raise ValidationFailed("该安保应急值守不在今天或不在您的管辖范围内")
            check_in = check_in_record(
                actor=acting_user(request),
                place=unit_get_for_user(request.user, place_id) if place_id is not None else None,
                position=_position_from(request.POST),
                photo=request.FILES.get("photo"),
                device=request.headers.get("User-Agent", ""),
                note=request.POST.get("note", ""),
                duty=duty,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            exceptions = "、".join(check_in.exceptions)
            messages.success(
                request,
                f"已签到 {timezone.localtime(check_in.at):%H:%M}" + (f"({exceptions})" if exceptions else ""),
            )
            return redirect("frontline:today")
    day = timezone.localdate()
    own = cadre_of(request.user)
    mine = check_in_scope(request.user).filter(cadre=own, on=day).select_related("place") if own else []
    shifts = (
        duty_shift_list(viewer=request.user, since=day, until=day + timedelta(days=14)).filter(cadre=own)
        if own
        else []
    )
    week = week_start_of(day)
    stays = stay_weeks(stay_assignments(week).filter(cadre=own), week) if own else []
    presence = (
        village_presence(viewer=request.user, cadre=own, since=day.replace(day=1), until=day) if own else []
    )
    return render(
        request,
        "frontline/today.html",
        {
            "today": day,
            "cadre": own,
            "mine": mine,
            "shifts": shifts,
            "stays": stays,
            "presence": presence,
            "duties": list(_duties_today(request)),
            "places": check_in_places(request.user),
        },
    )


@login_required
def check_ins(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    since, until = day - timedelta(days=6), day
    try:
        since = parse_date(request.GET.get("since"), "起始日期", latest=LATEST_DATE) or since
        until = parse_date(request.GET.get("until"), "截止日期", latest=LATEST_DATE) or until
    except ValidationFailed as error:
        messages.error(request, error.message)
    exceptions_only = request.GET.get("exceptions") == "1"
    rows = check_in_list(viewer=request.user, since=since, until=until, exceptions_only=exceptions_only)
    return render(
        request,
        "frontline/check_ins.html",
        {
            "page": keyset_page(rows, request.GET, keys=("-at", "-id")),
            "since": since,
            "until": until,
            "exceptions_only": exceptions_only,
        },
    )


@login_required
@require_GET
def check_in_photo(request: HttpRequest, check_in_id: int) -> FileResponse:
    """The photo of a sign-in, for whoever may see the sign-in; a download, never rendered inline."""
    try:
        check_in = check_in_get_for_user(request.user, check_in_id)
    except NotFound as error:
        raise Http404(error.message) from error
    if check_in.photo is None:
        raise Http404("这次签到没有照片")
    try:
        handle = check_in.photo.file.open("rb")
    except FileNotFoundError:
        raise Http404("照片文件已不存在") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=check_in.photo.original_name,
        content_type=check_in.photo.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def attendance(request: HttpRequest) -> HttpResponseBase:
    """The monthly attendance sheet of a unit (printable, .xlsx); leaders record approved leave here."""
    if request.method == "POST":
        try:
            cadre = assignable_cadre_get(request.user, parse_required_id(request.POST.get("cadre"), "干部"))
            leave_record(
                actor=acting_user(request),
                cadre=cadre,
                start=parse_required_date(request.POST.get("start"), "开始日期", latest=LATEST_DATE),
                end=parse_required_date(request.POST.get("end"), "结束日期", latest=LATEST_DATE),
                reason=request.POST.get("reason", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记{cadre.name}的请假")
        return redirect(request.get_full_path())
    day = timezone.localdate()
    units = list(visible_units(request.user).exclude(level=UnitLevel.GROUP).order_by("path")[:300])
    sheet = None
    try:
        month = _month_from(request.GET.get("month"), day.replace(day=1))
        unit_id = parse_id(request.GET.get("unit"), "单位")
        unit = (
            unit_get_for_user(request.user, unit_id) if unit_id is not None else (units[0] if units else None)
        )
        if unit is not None:
            sheet = attendance_sheet(viewer=request.user, unit=unit, month=month, today=day)
    except DomainError as error:
        messages.error(request, error.message)
        month = day.replace(day=1)
    if sheet is not None and request.GET.get("format") == "xlsx":
        header = ["干部", *[f"{d.day}日" for d in sheet.days], "签到", "迟到", "请假"]
        rows = [[row.cadre.name, *row.marks, row.present, row.late, row.on_leave] for row in sheet.rows]
        return stream_workbook(
            {f"{month:%Y-%m}考勤": (header, rows)}, f"{sheet.unit.name}{month:%Y年%m月}考勤表"
        )
    return render(
        request,
        "frontline/attendance.html",
        {
            "sheet": sheet,
            "month": month,
            "units": units,
            "print": request.GET.get("print") == "1",
            "may_record_leave": user_may(request.user, Action.MANAGE_DUTY),
            "cadres": assignable_cadres(request.user)[:300],
        },
    )


@login_required
def stays(request: HttpRequest) -> HttpResponse:
    """Weekly village stays (蹲点) per cadre with the days listed; leaders set the town's rule here."""
    if request.method == "POST":
        try:
            town = unit_get_for_user(request.user, parse_required_id(request.POST.get("town"), "乡镇"))
            days = parse_integer(request.POST.get("stay_days_per_week"), "每周蹲点天数", minimum=0, maximum=7)
            monthly = parse_integer(
                request.POST.get("resident_days_per_month"), "驻村干部每月在村天数", minimum=0, maximum=31
            )
            match = _TIME.fullmatch(request.POST.get("sign_in_by", "").strip())
            if days is None or monthly is None or match is None:
                raise ValidationFailed("请填写每周蹲点天数(0–7)、驻村每月天数(0–31)和签到截止时间(如 09:00)")
            town_rule_set(
                actor=acting_user(request),
                town=town,
                sign_in_by=time(int(match.group(1)), int(match.group(2))),
                stay_days_per_week=days,
                resident_days_per_month=monthly,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已更新{town.name}的一线工作规则")
        return redirect(request.get_full_path())
    day = timezone.localdate()
    week = week_start_of(day)
    try:
        week = week_start_of(parse_date(request.GET.get("week"), "周", latest=LATEST_DATE) or day)
    except ValidationFailed as error:
        messages.error(request, error.message)
    weeks = stay_compliance(viewer=request.user, week_start=week)
    # The figures count every stay; the table shows 40 cadre–village pairs a page (a stay's card, with its
    # listed days, is taller than a list row: 50 ran past ten phone screens on the demo), in keyset order over
    # the pairs (one assignment each: 包村 and 驻村 in the same village are one stay).
    assignments = stay_assignments(week, visible_units(request.user))
    one_per_pair = assignments.filter(
        pk__in=assignments.order_by().values("cadre_id", "unit_id").annotate(first=Min("id")).values("first")
    )
    page = keyset_page(one_per_pair, request.GET, keys=("unit", "cadre", "id"), size=STAYS_PAGE_SIZE)
    by_pair = {(row.cadre.pk, row.village.pk): row for row in weeks}
    towns = _towns(request)
    return render(
        request,
        "frontline/stays.html",
        {
            "weeks": weeks,
            "page": page.with_rows([by_pair[(row.cadre_id, row.unit_id)] for row in page.rows]),
            "week": week,
            "week_end": week + timedelta(days=6),
            "previous": week - timedelta(days=7),
            "next": week + timedelta(days=7),
            "compliant": sum(1 for row in weeks if row.compliant),
            "residents": resident_months(viewer=request.user, month=week),
            "rules": [(town, town_rule(town)) for town in towns],
            "may_set_rules": user_may(request.user, Action.MANAGE_DUTY),
        },
    )


@login_required
def duty(request: HttpRequest) -> HttpResponse:
    """The window rota of a month, its figures, pending swaps; leaders generate the rotation here."""
    if request.method == "POST":
        try:
            rota_town = unit_get_for_user(request.user, parse_required_id(request.POST.get("town"), "乡镇"))
            people = [
                assignable_cadre_get(request.user, parse_required_id(value, "干部"))
                for value in request.POST.getlist("cadres")
            ]
            shifts = duty_rota_generate(
                actor=acting_user(request),
                town=rota_town,
                kind=request.POST.get("kind", ""),
                cadres=people,
                start=parse_required_date(request.POST.get("start"), "开始日期", latest=LATEST_DATE),
                end=parse_required_date(request.POST.get("end"), "结束日期", latest=LATEST_DATE),
                per_day=parse_integer(request.POST.get("per_day"), "每天人数", minimum=1, maximum=20) or 1,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已排定 {len(shifts)} 个班次(只排工作日,节假日顺延,调休上班日照常)")
        return redirect(request.get_full_path())
    day = timezone.localdate()
    towns = _towns(request)
    town: Unit | None = towns[0] if towns else None
    month = day.replace(day=1)
    try:
        month = _month_from(request.GET.get("month"), month)
        town_id = parse_id(request.GET.get("town"), "乡镇")
        if town_id is not None:
            town = unit_get_for_user(request.user, town_id)
    except DomainError as error:
        messages.error(request, error.message)
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    year_start = month.replace(month=1)
    return render(
        request,
        "frontline/duty.html",
        {
            "town": town,
            "towns": towns,
            "month": month,
            "shifts": duty_shift_list(viewer=request.user, since=month, until=month_end, town=town),
            "figures": duty_figures(viewer=request.user, since=year_start, until=day, town=town),
            "year_start": year_start,
            "swaps": pending_swaps(viewer=request.user),
            "may_manage": user_may(request.user, Action.MANAGE_DUTY),
            "kinds": DutyKind.choices,
            "cadres": assignable_cadres(request.user)[:300],
            "today": day,
        },
    )


@login_required
def shift_detail(request: HttpRequest, shift_id: int) -> HttpResponse:
    try:
        shift = duty_shift_get_for_user(request.user, shift_id)
    except NotFound as error:
        raise Http404(error.message) from error
    own = cadre_of(request.user)
    return render(
        request,
        "frontline/shift.html",
        {
            "shift": shift,
            "matters": shift.unresolved_matters.all(),
            "swaps": shift.swaps.select_related("replacement"),
            "on_duty": own is not None and own.pk == shift.cadre_id,
            "today": timezone.localdate(),
            "cadres": assignable_cadres(request.user)[:300],
        },
    )


@login_required
@require_POST
def shift_act(request: HttpRequest, shift_id: int, action: str) -> HttpResponse:
    try:
        shift = duty_shift_get_for_user(request.user, shift_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "check-in":
            duty_shift_check_in(actor=actor, shift=shift)
            messages.success(request, "已到岗签到")
        elif action == "log":
            duty_log_record(
                actor=actor,
                shift=shift,
                served_count=parse_integer(post.get("served_count"), "接待人次", minimum=0, maximum=MAX_COUNT)
                or 0,
                urgent_count=parse_integer(
                    post.get("urgent_count"), "急难险重事件", minimum=0, maximum=MAX_COUNT
                )
                or 0,
                log=post.get("log", ""),
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 2) or 0,
            )
            messages.success(request, "已保存值班日志")
        elif action == "unresolved":
            unresolved_matter_record(
                actor=actor,
                shift=shift,
                summary=post.get("summary", ""),
                reason=post.get("reason", ""),
                follow_up=post.get("follow_up", ""),
            )
            messages.success(request, "已登记办不成事")
        elif action == "swap":
            duty_swap_request(
                actor=actor,
                shift=shift,
                replacement=assignable_cadre_get(
                    request.user, parse_required_id(post.get("replacement"), "替班干部")
                ),
                reason=post.get("reason", ""),
            )
            messages.success(request, "已提交换班申请,待领导审批")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("frontline:shift_detail", shift_id=shift.pk)


@login_required
@require_POST
def swap_act(request: HttpRequest, swap_id: int, action: str) -> HttpResponse:
    try:
        swap = duty_swap_get_for_user(request.user, swap_id)
    except NotFound as error:
        raise Http404(error.message) from error
    if action not in {"approve", "reject"}:
        raise Http404("未知操作")
    try:
        duty_swap_decide(actor=acting_user(request), swap=swap, approve=action == "approve")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已同意换班" if action == "approve" else "已退回换班申请")
    return redirect("frontline:duty")


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            visit = visit_record(
                actor=acting_user(request),
                kind=post.get("kind", ""),
                unit=unit_get_for_user(request.user, parse_required_id(post.get("unit"), "所在单位")),
                target=post.get("target", ""),
                visited_on=parse_date(post.get("visited_on"), "走访日期", not_in_future=True)
                or timezone.localdate(),
                findings=post.get("findings", ""),
                problems=post.get("problems", "").splitlines(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记{visit.get_kind_display()}走访")
            return redirect("frontline:visit_detail", visit_id=visit.pk)
    day = timezone.localdate()
    since, until = day.replace(month=1, day=1), day
    try:
        since = parse_date(request.GET.get("since"), "起始日期", latest=LATEST_DATE) or since
        until = parse_date(request.GET.get("until"), "截止日期", latest=LATEST_DATE) or until
    except ValidationFailed as error:
        messages.error(request, error.message)
    kind = request.GET.get("kind", "")
    counts = visit_counts(viewer=request.user, since=since, until=until)
    return render(
        request,
        "frontline/visits.html",
        {
            "page": keyset_page(
                visit_list(viewer=request.user, kind=kind, since=since, until=until),
                request.GET,
                keys=("-visited_on", "-id"),
            ),
            "counts": counts,
            "kind_totals": [
                (label, sum(row.by_kind[value] for row in counts)) for value, label in VisitKind.choices
            ],
            "kinds": VisitKind.choices,
            "kind": kind,
            "since": since,
            "until": until,
            "today": day,
            "units": visible_units(request.user).exclude(level=UnitLevel.COUNTY).order_by("path")[:300],
            "is_cadre": cadre_of(request.user) is not None,
        },
    )


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    try:
        visit = visit_get_for_user(request.user, visit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "frontline/visit.html",
        {
            "visit": visit,
            "problems": visit.problems.select_related("task", "service_request"),
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP).order_by("path")[:300],
            "cadres": assignable_cadres(request.user)[:300],
            "items": ServiceItem.objects.filter(items_offered_at([visit.unit]), is_active=True).order_by(
                "name"
            )[:300],
            "may_intake": user_may(request.user, Action.INTAKE),
        },
    )


@login_required
@require_POST
def visit_act(request: HttpRequest, visit_id: int, action: str) -> HttpResponse:
    try:
        visit = visit_get_for_user(request.user, visit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    post = request.POST
    try:
        problem = visit_problem_get(visit, parse_required_id(post.get("problem"), "问题"))
        if action == "task":
            task = visit_problem_to_task(
                actor=actor,
                problem=problem,
                owner_unit=unit_get_for_user(
                    request.user, parse_required_id(post.get("owner_unit"), "责任单位")
                ),
                owner=assignable_cadre_get(request.user, parse_required_id(post.get("owner"), "责任人")),
                limit_workdays=parse_integer(post.get("limit_workdays"), "办理时限", minimum=1, maximum=250)
                or 10,
                title=post.get("title", ""),
            )
            messages.success(request, f"已转为督办事项“{task.title}”,{task.due_date} 前办结")
        elif action == "request":
            item = ServiceItem.objects.filter(
                items_offered_at([visit.unit]), is_active=True, pk=parse_required_id(post.get("item"), "事项")
            ).first()
            if item is None:
                raise ValidationFailed("请选择本地目录中的事项")
            service_request = visit_problem_to_request(
                actor=actor,
                problem=problem,
                item=item,
                unit=visit.unit if visit.unit.level != UnitLevel.GROUP else visit.unit.parent or visit.unit,
                applicant=Applicant(
                    name=post.get("applicant_name", ""),
                    phone=post.get("applicant_phone", ""),
                    id_number=post.get("applicant_id_number", ""),
                ),
                materials_present=post.getlist("materials"),
            )
            messages.success(request, f"已转为办件,查询码 {service_request.tracking_code}")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("frontline:visit_detail", visit_id=visit.pk)
