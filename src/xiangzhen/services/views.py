"""Staff pages of the service hall. Each view parses input, calls one service, renders the result."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.forms import WorkbookUploadForm
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, action_required, denied_message, user_is_administrator, user_may
from xiangzhen.org.selectors import unit_get_for_user, visible_units
from xiangzhen.parsing import LARGEST_ID, parse_date, parse_datetime, parse_id, parse_required_id
from xiangzhen.services.catalogue import CatalogueImportFailed, catalogue_export, catalogue_import
from xiangzhen.services.figures import (
    ACCEPTED_DEFINITION,
    FINISHED_DEFINITION,
    ON_TIME_RATE,
    ONE_VISIT_RATE,
    SATISFACTION_RATE,
)
from xiangzhen.services.forms import IntakeForm, RatingForm
from xiangzhen.services.models import (
    EventKind,
    MaterialsNotice,
    Notification,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
)
from xiangzhen.services.selectors import (
    EXPORT_HEADERS,
    STATISTICS_GROUPS,
    QueueFilters,
    catalogue_owner_units,
    has_own_open_requests,
    notification_rows,
    service_item_list,
    service_items_for_viewer,
    service_request_export_rows,
    service_request_get_for_user,
    service_request_list,
    service_request_officer_choices,
    service_statistics,
    service_window_for,
    transfer_targets,
    user_may_override_notice,
)
from xiangzhen.services.services import (
    Applicant,
    rectification_advance,
    service_request_add_note,
    service_request_assign,
    service_request_complete,
    service_request_hand_over,
    service_request_intake,
    service_request_pause,
    service_request_rate,
    service_request_resume,
    service_request_return,
    service_request_reveal,
    service_request_transfer,
)
from xiangzhen.spreadsheets import stream_workbook, xlsx_response
from xiangzhen.web.pagination import page_positioned_by
from xiangzhen.workdays.alerts import AlertLevel

PAGE_SIZE = 50
MY_OPEN_REQUESTS = "mine=1&status=open"


def _get_request(request: HttpRequest, request_id: int) -> ServiceRequest:
    if request_id > LARGEST_ID:
        # The URL converter takes any digits; past 64 bits the database cannot even compare them.
        raise Http404("办件不存在或不在您的管辖范围内")
    try:
        return service_request_get_for_user(request.user, request_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _queue_filters(query: QueryDict) -> tuple[QueueFilters, tuple[datetime, int] | None]:
    """The queue's filters and page position from the query string; bad input raises ValidationFailed."""
    filters = QueueFilters(
        search=query.get("q", "").strip(),
        status=query.get("status", "") if query.get("status") in {"open", *RequestStatus.values} else "",
        item_id=parse_id(query.get("item"), "事项"),
        alert=query.get("alert", "") if query.get("alert") in AlertLevel.values else "",
        department=query.get("department", "")[:60],
        since=parse_date(query.get("since"), "登记起始日期"),
        until=parse_date(query.get("until"), "登记截止日期"),
        unit_id=parse_id(query.get("unit"), "单位"),
        mine=query.get("mine") == "1",
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise ValidationFailed("登记起始日期不能晚于截止日期")
    before_at = parse_datetime(query.get("before_at"), "分页位置")
    before_id = parse_id(query.get("before_id"), "分页位置")
    before = (before_at, before_id) if before_at is not None and before_id is not None else None
    return filters, before


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The unit queue (or "my queue" with ?mine=1), newest first, keyset-paginated, searchable. Asked
    nothing, it opens on the person's own open requests when they have any (?mine=0: the whole queue)."""
    query = request.GET
    if not query and has_own_open_requests(request.user):
        query = QueryDict(MY_OPEN_REQUESTS)
    error = ""
    try:
        filters, before = _queue_filters(query)
        page = service_request_list(viewer=request.user, filters=filters, before=before, limit=PAGE_SIZE + 1)
    except ValidationFailed as failure:
        # Bad input answers with the reason and an empty list, never a 500 nor a silently widened search.
        filters, page, error = QueueFilters(mine=query.get("mine") == "1"), [], failure.message
    return render(
        request,
        "services/queue.html",
        {
            "page": page_positioned_by(
                page,
                query,
                size=PAGE_SIZE,
                names=("before_at", "before_id"),
                position=lambda last: {"before_at": last.created_at.isoformat(), "before_id": str(last.pk)},
                # 我的办件 is a view of its own, not a filter to unfold.
                not_filters=("mine",),
            ),
            "error": error,
            "filters": filters,
            "query": query,
            "statuses": RequestStatus.choices,
            "alerts": AlertLevel.choices,
            "items": ServiceItem.objects.filter(is_active=True).only("id", "name"),
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP),
            "departments": ServiceItem.objects.values_list("department", flat=True)
            .distinct()
            .order_by("department"),
        },
        status=400 if error else 200,
    )


@login_required
def queue_export(request: HttpRequest) -> HttpResponseBase:
    """The queue with its filters as .xlsx; names, phones and ID numbers masked like on the page."""
    try:
        filters, _ = _queue_filters(request.GET)
    except ValidationFailed as failure:
        messages.error(request, failure.message)
        return redirect("services:queue")
    rows = service_request_export_rows(viewer=request.user, filters=filters)
    return stream_workbook({"办件": (EXPORT_HEADERS, rows)}, "办件")


@action_required(Action.INTAKE)
def intake(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user).exclude(level=UnitLevel.GROUP)
    items = service_items_for_viewer(request.user)
    try:
        item_id = parse_id(request.POST.get("item") or request.GET.get("item"), "事项")
    except ValidationFailed as failure:
        messages.error(request, failure.message)
        item_id = None
    selected_item = items.filter(pk=item_id).first() if item_id else None
    form = IntakeForm(
        request.POST or None,
        material_names=[material.name for material in selected_item.materials.all()] if selected_item else [],
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_get_for_user(request.user, form.cleaned_data["unit"])
            if selected_item is None:
                raise ValidationFailed("请选择办理事项")
            created = service_request_intake(
                officer=acting_user(request),
                item=selected_item,
                unit=unit,
                applicant=Applicant(
                    form.cleaned_data["applicant_name"],
                    form.cleaned_data["applicant_phone"],
                    form.cleaned_data["applicant_id_number"],
                    form.cleaned_data["applicant_address"],
                ),
                materials_present=form.cleaned_data["materials"],
                decision=form.cleaned_data["decision"],
                extra_missing=form.extra_missing_list(),
                rejection_reason=form.cleaned_data["rejection_reason"],
                rejection_basis=form.cleaned_data["rejection_basis"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记,查询码 {created.tracking_code}:{created.get_status_display()}")
            return redirect("services:detail", request_id=created.pk)
    elif request.method == "POST":
        messages.error(request, "请检查标红的栏目")
    return render(
        request,
        "services/intake.html",
        {"form": form, "units": units, "items": items, "selected_item": selected_item},
    )


@login_required
def intake_materials(request: HttpRequest) -> HttpResponse:
    """htmx partial: the checklist of the chosen item's materials."""
    try:
        item_id = parse_id(request.GET.get("item"), "事项")
    except ValidationFailed:
        item_id = None
    item = service_item_list().filter(pk=item_id).first() if item_id else None
    return render(request, "services/_materials.html", {"selected_item": item, "checked": []})


@dataclass(frozen=True)
class ReturnChecklist:
    """The 补正 form: what was received already (pre-ticked) and what the latest notice asked for."""

    received: list[str]
    asked: list[str]


def _return_checklist(service_request: ServiceRequest) -> ReturnChecklist:
    latest = service_request.notices.order_by("-number").first()
    asked = list(latest.missing) if latest else []
    received = [
        material.name
        for material in service_request.item.materials.all()
        if not material.may_follow_later and material.name not in asked
    ]
    return ReturnChecklist(received=received, asked=asked)


@login_required
def detail(request: HttpRequest, request_id: int, *, revealed: dict[str, str] | None = None) -> HttpResponse:
    service_request = _get_request(request, request_id)
    rating = getattr(service_request, "rating", None)
    return render(
        request,
        "services/detail.html",
        {
            "service_request": service_request,
            "events": service_request.events.select_related("actor"),
            "notices": service_request.notices.all(),
            "checklist": _return_checklist(service_request),
            "officers": service_request_officer_choices(request.user, service_request)
            if service_request.status != RequestStatus.COMPLETED
            and service_request.status != RequestStatus.REJECTED
            else [],
            "ladder": transfer_targets(service_request),
            "rating": rating,
            "rectification": getattr(rating, "rectification", None) if rating else None,
            "rating_form": RatingForm(),
            "may_override": user_may_override_notice(request.user),
            "revealed": revealed,
            "may_reveal": user_may(request.user, Action.REVEAL_PERSONAL_DATA),
            "today": timezone.localdate(),
        },
    )


def _action_return(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    service_request_return(
        officer=user,
        request=service_request,
        materials_present=data.POST.getlist("materials"),
        extra_missing=[line for line in data.POST.get("extra_missing", "").splitlines() if line.strip()],
        override_reason=data.POST.get("override_reason", ""),
    )
    return (
        "已记录群众补正" if service_request.status == RequestStatus.AWAITING_MATERIALS else "材料已齐,已受理"
    )


def _chosen_officer(user: User, service_request: ServiceRequest, data: HttpRequest) -> User:
    officer_id = parse_required_id(data.POST.get("officer"), "人员")
    officer = next(
        (found for found in service_request_officer_choices(user, service_request) if found.pk == officer_id),
        None,
    )
    if officer is None:
        raise ValidationFailed("所选人员不负责该办件的承办单位,请重新选择")
    return officer


def _action_assign(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    officer = _chosen_officer(user, service_request, data)
    service_request_assign(actor=user, request=service_request, officer=officer)
    return f"已分派给{officer.first_name or officer.username}承办"


def _action_hand_over(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    officer = _chosen_officer(user, service_request, data)
    service_request_hand_over(
        actor=user, request=service_request, officer=officer, note=data.POST.get("note", "")
    )
    return f"首问责任已移交给{officer.first_name or officer.username}"


def _action_note(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    service_request_add_note(
        actor=user,
        request=service_request,
        note=data.POST.get("note", ""),
        attachment=data.FILES.get("attachment"),
    )
    return "已记录办理进展"


def _action_pause(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    service_request_pause(actor=user, request=service_request, reason=data.POST.get("reason", ""))
    return "已暂停计时"


def _action_resume(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    service_request_resume(actor=user, request=service_request)
    return f"已恢复计时,期限 {service_request.due_date}"


def _action_transfer(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    target_id = parse_required_id(data.POST.get("to_unit"), "转办单位")
    target = next((unit for unit in transfer_targets(service_request) if unit.pk == target_id), None)
    if target is None:
        raise ValidationFailed("请选择转办单位")
    service_request_transfer(
        actor=user, request=service_request, to_unit=target, reason=data.POST.get("reason", "")
    )
    return f"已转办至{target.name}"


def _action_complete(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    service_request_complete(actor=user, request=service_request, result=data.POST.get("result", ""))
    return "已办结"


def _action_rate(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    form = RatingForm(data.POST)
    if not form.is_valid():
        raise ValidationFailed("请选择评价等级")
    service_request_rate(
        request=service_request,
        level=form.cleaned_data["level"],
        comment=form.cleaned_data["comment"],
        recorded_by=user,
    )
    return "已代群众记录评价"


def _reveal(request: HttpRequest, service_request: ServiceRequest) -> HttpResponse:
    """The detail page with the applicant's full data, rendered in the response to the audited reveal."""
    try:
        applicant = service_request_reveal(
            actor=acting_user(request), request=service_request, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("services:detail", request_id=service_request.pk)
    messages.success(request, "已显示完整个人信息(本次查看已记录)")
    # Full personal data only in the response to the audited reveal: never stored (not in the session), never cached.
    response = detail(
        request,
        service_request.pk,
        revealed={
            "phone": applicant.phone,
            "id_number": applicant.id_number,
            "address": applicant.address,
            "name": applicant.name,
        },
    )
    add_never_cache_headers(response)
    return response


def _action_rectify(user: User, service_request: ServiceRequest, data: HttpRequest) -> str:
    rating = getattr(service_request, "rating", None)
    if rating is None or not hasattr(rating, "rectification"):
        raise ValidationFailed("该办件没有待整改的差评")
    rectification_advance(
        actor=user,
        rectification=rating.rectification,
        verification=data.POST.get("verification", ""),
        measures=data.POST.get("measures", ""),
        reply=data.POST.get("reply", ""),
    )
    return "已更新差评整改"


ACTIONS: dict[str, Callable[[User, ServiceRequest, HttpRequest], str]] = {
    "return": _action_return,
    "assign": _action_assign,
    "hand-over": _action_hand_over,
    "note": _action_note,
    "pause": _action_pause,
    "resume": _action_resume,
    "transfer": _action_transfer,
    "complete": _action_complete,
    "rate": _action_rate,
    "rectify": _action_rectify,
}


@login_required
@require_POST
def act(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    if action == "reveal":
        return _reveal(request, _get_request(request, request_id))
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("未知操作")
    service_request = _get_request(request, request_id)
    try:
        message = handler(acting_user(request), service_request, request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("services:detail", request_id=service_request.pk)


def _print_context(request: HttpRequest, service_request: ServiceRequest) -> dict[str, object]:
    return {
        "service_request": service_request,
        "window": service_window_for(service_request.filed_at_unit),
        "follow_later": [
            material for material in service_request.item.materials.all() if material.may_follow_later
        ],
        "tracking_url": request.build_absolute_uri(
            reverse("public:status", kwargs={"tracking_code": service_request.tracking_code})
        ),
        "track_page_url": request.build_absolute_uri(reverse("public:track")),
    }


def _get_notice(service_request: ServiceRequest, number: int) -> MaterialsNotice:
    notice = service_request.notices.filter(number=number).first() if number <= LARGEST_ID else None
    if notice is None:
        raise Http404("没有这份告知书")
    return notice


@login_required
def notice_print(request: HttpRequest, request_id: int, number: int) -> HttpResponse:
    """The printable 一次性告知书, masked. POST with a reason prints it with the full personal data: a reveal,
    audited like any other, shown in this one response only."""
    service_request = _get_request(request, request_id)
    notice = _get_notice(service_request, number)
    context = _print_context(request, service_request) | {"notice": notice, "applicant": None}
    if request.method == "POST":
        try:
            context["applicant"] = service_request_reveal(
                actor=acting_user(request),
                request=service_request,
                reason=request.POST.get("reason", ""),
                purpose=f"打印第 {notice.number} 次告知书",
            )
        except DomainError as error:
            context["error"] = error.message
            return render(request, "services/notice_print.html", context, status=400)
    return render(request, "services/notice_print.html", context)


@login_required
def receipt_print(request: HttpRequest, request_id: int) -> HttpResponse:
    """The 受理回执 handed to the citizen on acceptance."""
    service_request = _get_request(request, request_id)
    if service_request.accepted_at is None:
        raise Http404("该办件尚未受理")
    accepted = service_request.events.filter(kind=EventKind.ACCEPTED).select_related("actor").last()
    return render(
        request,
        "services/receipt_print.html",
        _print_context(request, service_request) | {"accepted_event": accepted},
    )


@login_required
def rejection_print(request: HttpRequest, request_id: int) -> HttpResponse:
    service_request = _get_request(request, request_id)
    if service_request.status != RequestStatus.REJECTED:
        raise Http404("该办件未被不予受理")
    return render(request, "services/rejection_print.html", {"service_request": service_request})


STATISTICS_DEFINITIONS = {
    "accepted": ACCEPTED_DEFINITION,
    "finished": FINISHED_DEFINITION,
    "on_time": ON_TIME_RATE,
    "one_visit": ONE_VISIT_RATE,
    "satisfaction": SATISFACTION_RATE,
}


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # By default the twelve months through this one: whole months, read from the monthly tallies alone.
    year_ago = today.replace(year=today.year - 1, day=1) + timedelta(days=31)
    twelve_months = year_ago.replace(day=1)
    group = request.GET.get("group", "unit") if request.GET.get("group") in STATISTICS_GROUPS else "unit"
    try:
        since = parse_date(request.GET.get("since"), "统计起始日期") or twelve_months
        until = parse_date(request.GET.get("until"), "统计截止日期") or today
        if since > until:
            raise ValidationFailed("统计起始日期不能晚于截止日期")
    except ValidationFailed as failure:
        messages.error(request, failure.message)
        since, until = twelve_months, today
    rows = service_statistics(viewer=request.user, since=since, until=until, today=today, group=group)
    chart = {
        "units": [row.name for row in rows],
        "accepted": [row.accepted for row in rows],
        "completed": [row.finished for row in rows],
        "on_time_rate": [round(float(row.on_time_rate or 0) * 100, 1) for row in rows],
        "satisfaction_rate": [round(float(row.satisfaction_rate or 0) * 100, 1) for row in rows],
    }
    return render(
        request,
        "services/statistics.html",
        {
            "rows": rows,
            "chart": chart,
            "since": since,
            "until": until,
            "group": group,
            "definitions": STATISTICS_DEFINITIONS,
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method == "POST":
        Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("services:notifications")
    return render(
        request,
        "services/notifications.html",
        {"rows": notification_rows(viewer=user, today=timezone.localdate())},
    )


def _catalogue_owner(request: HttpRequest, value: str | None) -> Unit | None:
    """The unit whose catalogue is meant; empty means the province-wide one (the service decides who may)."""
    unit_id = parse_id(value, "所属单位")
    return None if unit_id is None else unit_get_for_user(request.user, unit_id)


@login_required
def digest(request: HttpRequest) -> HttpResponse:
    """The address a daily digest links to (?day= names the digest, one per person per day): the person's
    待办, as it stands now."""
    return redirect("home")


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue: everyone may download it; a role that manages the catalogue replaces the items of a
    county or town in its jurisdiction from an edited workbook."""
    may_import = user_may(request.user, Action.MANAGE_CATALOGUE)
    errors: list[str] = []
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(denied_message(Action.MANAGE_CATALOGUE))
        if form.is_valid():
            try:
                report = catalogue_import(
                    actor=acting_user(request),
                    source=form.cleaned_data["workbook"],
                    owner_unit=_catalogue_owner(request, request.POST.get("owner_unit")),
                )
            except CatalogueImportFailed as failure:
                errors = failure.errors
                messages.error(request, failure.message)
            except DomainError as failure:
                messages.error(request, failure.message)
            else:
                messages.success(request, f"导入成功:{report.summary()}")
    return render(
        request,
        "services/catalogue.html",
        {
            "items": service_items_for_viewer(request.user).select_related("owner_unit"),
            "form": form,
            "errors": errors,
            "may_import": may_import,
            "owner_units": catalogue_owner_units(request.user),
            "may_edit_province": user_is_administrator(request.user),
        },
    )


@login_required
def catalogue_download(request: HttpRequest) -> HttpResponse:
    """The whole catalogue, or with ?unit= one county's or town's own items (to edit and import back)."""
    try:
        owner_unit = _catalogue_owner(request, request.GET.get("unit"))
    except NotFound as error:
        raise Http404(error.message) from error
    except ValidationFailed as error:
        messages.error(request, error.message)
        return redirect("services:catalogue")
    return xlsx_response(
        catalogue_export(owner_unit=owner_unit), f"事项目录-{owner_unit.name}" if owner_unit else "事项目录"
    )
