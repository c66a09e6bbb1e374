"""12345 pages, phone first: the town's orders, one order with its step forms (签收 in two taps from 待办), the
printable 工单, the county dispatcher's view and the monthly 12345 report. Thin: parse, call the service."""

from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.duties.models import DutyItem
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.hotline import services
from xiangzhen.hotline.figures import Rates, counted_orders, three_rates, total_rates
from xiangzhen.hotline.models import (
    OPEN_STATUSES,
    ExtensionStatus,
    OrderStatus,
    Rating,
    ReturnReason,
    RuleSet,
    WorkOrder,
)
from xiangzhen.hotline.rules import rule_set_for
from xiangzhen.hotline.selectors import (
    order_get_for_user,
    order_list,
    order_scope,
    orders_waiting_review,
    transfer_cadre_get,
    transfer_cadres,
)
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import visible_units
from xiangzhen.parsing import parse_id, parse_integer, parse_required_date
from xiangzhen.spreadsheets import write_workbook, xlsx_response

LIST_LIMIT = 200
TABS = [("open", "待办理"), ("replied", "待回访"), ("review", "退单延期"), ("all", "全部")]


def _month(text: str | None) -> tuple[date, date]:
    """The month `YYYY-MM` (default: this month) as [start, end)."""
    today = timezone.localdate()
    year, month = today.year, today.month
    if text:
        parts = text.split("-")
        if len(parts) != 2:
            raise ValidationFailed("月份应写作 YYYY-MM")
        year = parse_integer(parts[0], "年份", minimum=2000, maximum=2100) or year
        month = parse_integer(parts[1], "月份", minimum=1, maximum=12) or month
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _towns(request: HttpRequest) -> list[Unit]:
    return list(visible_units(request.user).filter(level=UnitLevel.TOWN).order_by("path"))


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "open")
    if tab not in dict(TABS):
        tab = "open"
    if tab == "open":
        rows = order_list(viewer=request.user, open_only=True)
    elif tab == "replied":
        rows = order_list(viewer=request.user, status=OrderStatus.REPLIED)
    elif tab == "review":
        rows = orders_waiting_review(request.user)
    else:
        rows = order_list(viewer=request.user)
    towns = _towns(request)
    try:
        start, end = _month(request.GET.get("month"))
    except ValidationFailed as error:
        messages.error(request, error.message)
        start, end = _month(None)
    rates = None
    if len(towns) == 1:
        scope = counted_orders(start, end).filter(town=towns[0])
        rates = total_rates(scope, rule_set=rule_set_for_town(towns[0]), label=towns[0].name)
    return render(
        request,
        "hotline/orders.html",
        {
            "tabs": TABS,
            "tab": tab,
            "orders": list(rows[:LIST_LIMIT]),
            "towns": towns,
            "rates": rates,
            "month": f"{start:%Y-%m}",
            "today": timezone.localdate(),
        },
    )


def rule_set_for_town(town: Unit) -> RuleSet | None:
    county = town.parent
    while county is not None and county.level != UnitLevel.COUNTY:
        county = county.parent
    if county is None:
        return None
    try:
        return rule_set_for(county)
    except ValidationFailed:
        return None


def _order(request: HttpRequest, order_id: int) -> WorkOrder:
    try:
        return order_get_for_user(request.user, order_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    handles = user_may(request.user, Action.HANDLE_HOTLINE)
    dispatches = user_may(request.user, Action.DISPATCH_HOTLINE)
    return render(
        request,
        "hotline/order_detail.html",
        {
            "order": order,
            "steps": order.steps.select_related("attachment").order_by("at", "id"),
            "handles": handles,
            "dispatches": dispatches,
            "is_open": order.status in OPEN_STATUSES,
            "ratings": Rating.choices,
            "reasons": ReturnReason.choices,
            "duty_items": DutyItem.objects.filter(town=order.town, is_current=True).order_by("code")[:300],
            "transfer_units": Unit.objects.within([order.town])
            .filter(level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT, UnitLevel.VILLAGE])
            .order_by("path"),
            "transfer_cadres": transfer_cadres(order.town)[:200],
            "extension_pending": order.extension_status == ExtensionStatus.PENDING,
            "now": timezone.now(),
        },
    )


@login_required
def order_print(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    return render(
        request,
        "hotline/order_print.html",
        {"order": order, "steps": order.steps.order_by("at", "id"), "printed_at": timezone.now()},
    )


def _until(text: str | None) -> datetime:
    day = parse_required_date(text, "申请延至")
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


ACTIONS = {
    "sign",
    "contact",
    "handle",
    "reply",
    "return",
    "extension",
    "transfer",
    "visit",
    "redo",
    "assess",
    "archive",
    "return_review",
    "extension_review",
}


@login_required
@require_POST
def order_act(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("未知操作")
    order = _order(request, order_id)
    post = request.POST
    actor = acting_user(request)
    note = post.get("note", "")
    try:
        version = parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 1)
        if action == "sign":
            services.order_sign(actor=actor, order=order, version=version)
            messages.success(request, "已签收,请尽快联系来电人")
        elif action == "contact":
            services.order_contact(actor=actor, order=order, note=note, version=version)
            messages.success(request, "已记录联系来电人")
        elif action == "handle":
            services.order_handle(
                actor=actor,
                order=order,
                note=note,
                attachment=request.FILES.get("attachment"),
                version=version,
            )
            messages.success(request, "已记录办理情况")
        elif action == "reply":
            services.order_reply(
                actor=actor,
                order=order,
                reply=post.get("reply", ""),
                attachment=request.FILES.get("attachment"),
                version=version,
            )
            messages.success(request, "已反馈办理结果")
        elif action == "return":
            duty_id = parse_id(post.get("duty_item"), "履职事项")
            duty_item = DutyItem.objects.filter(pk=duty_id, town=order.town).first() if duty_id else None
            services.order_return_request(
                actor=actor,
                order=order,
                reason=post.get("reason", ""),
                note=note,
                duty_item=duty_item,
                law=post.get("law", ""),
                version=version,
            )
            messages.success(request, "已申请退单,等待县12345审核")
        elif action == "extension":
            services.order_extension_request(
                actor=actor, order=order, until=_until(post.get("until")), note=note, version=version
            )
            messages.success(request, "已申请延期,等待县12345审批")
        elif action == "transfer":
            unit_id = parse_id(post.get("unit"), "转办单位")
            unit = Unit.objects.within([order.town]).filter(pk=unit_id).first() if unit_id else None
            if unit is None:
                raise ValidationFailed("请选择本乡镇内的转办单位")
            cadre_id = parse_id(post.get("cadre"), "转办干部")
            cadre = transfer_cadre_get(order.town, cadre_id) if cadre_id else None
            services.order_transfer(
                actor=actor, order=order, to_unit=unit, to_cadre=cadre, note=note, version=version
            )
            messages.success(request, f"已转办至{unit.name}")
        elif action == "visit":
            services.order_visit(
                actor=actor,
                order=order,
                rating=post.get("rating", ""),
                resolved=post.get("resolved") == "1",
                note=note,
                version=version,
            )
            messages.success(request, "已记录回访")
        elif action == "redo":
            services.order_redo(actor=actor, order=order, note=note, version=version)
            messages.success(request, "已退回重办")
        elif action == "assess":
            services.order_assess(actor=actor, order=order, note=note, version=version)
            messages.success(request, "已考核")
        elif action == "archive":
            services.order_archive(actor=actor, order=order, version=version)
            messages.success(request, "已归档")
        elif action == "return_review":
            services.order_return_review(
                actor=actor, order=order, uphold=post.get("uphold") == "1", note=note, version=version
            )
            messages.success(request, "已审核退单")
        else:
            services.order_extension_review(
                actor=actor, order=order, approve=post.get("approve") == "1", note=note, version=version
            )
            messages.success(request, "已审批延期")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("hotline:order_detail", order_id=order.pk)


@action_required(Action.DISPATCH_HOTLINE)
def county(request: HttpRequest) -> HttpResponse:
    """The dispatcher's desk: every town's overdue orders, 退单 and 延期 waiting, and the month's ranking."""
    try:
        start, end = _month(request.GET.get("month"))
    except ValidationFailed as error:
        messages.error(request, error.message)
        start, end = _month(None)
    scope = order_scope(request.user)
    today = timezone.localdate()
    overdue = (
        scope.filter(status__in=OPEN_STATUSES, due_date__lt=today)
        .select_related("town", "handler_unit")
        .order_by("due_date", "id")[:LIST_LIMIT]
    )
    towns = _towns(request)
    rule_set = rule_set_for_town(towns[0]) if towns else None
    ranking = three_rates(
        counted_orders(start, end).filter(pk__in=scope.values("pk")), by="town", rule_set=rule_set
    )
    return render(
        request,
        "hotline/county.html",
        {
            "overdue": list(overdue),
            "waiting": list(orders_waiting_review(request.user)[:LIST_LIMIT]),
            "ranking": ranking,
            "rule_set": rule_set,
            "month": f"{start:%Y-%m}",
        },
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The month's 12345 report of the viewer's towns, filled from the orders (never typed again)."""
    try:
        start, end = _month(request.GET.get("month"))
    except ValidationFailed as error:
        messages.error(request, error.message)
        return redirect("hotline:orders")
    scope = counted_orders(start, end).filter(pk__in=order_scope(request.user).values("pk"))
    towns = _towns(request)
    rule_set = rule_set_for_town(towns[0]) if towns else None
    header = [
        "单位",
        "派单",
        "按时响应",
        "有效回访",
        "解决",
        "满意",
        "基本满意",
        "不满意",
        "重办",
        "响应率",
        "解决率",
        "满意率",
        "综合",
    ]

    def line(row: Rates) -> list[object]:
        return [
            row.label,
            row.dispatched,
            row.responded,
            row.visited,
            row.resolved,
            row.satisfied,
            row.basic,
            row.unsatisfied,
            row.redone,
            row.response_percent,
            row.resolution_percent,
            row.satisfaction_percent,
            row.total_label,
        ]

    orders_sheet = [
        [
            order.platform_number,
            order.town.name,
            order.handler_unit.name,
            order.category,
            order.get_kind_display(),
            timezone.localtime(order.dispatched_at).strftime("%Y-%m-%d %H:%M"),
            order.get_status_display(),
            "是" if order.responded_on_time else "否",
            order.get_rating_display(),
            order.reply,
        ]
        for order in scope.select_related("town", "handler_unit").order_by("dispatched_at", "id")[:50_000]
    ]
    content = write_workbook(
        {
            "三率": (header, [line(row) for row in three_rates(scope, by="town", rule_set=rule_set)]),
            "村和站所": (header, [line(row) for row in three_rates(scope, by="unit", rule_set=rule_set)]),
            "工单": (
                [
                    "工单编号",
                    "乡镇",
                    "办理单位",
                    "分类",
                    "类型",
                    "派单时间",
                    "状态",
                    "按时响应",
                    "回访评价",
                    "办理结果",
                ],
                orders_sheet,
            ),
        }
    )
    return xlsx_response(content, f"12345月报-{start:%Y-%m}.xlsx")
