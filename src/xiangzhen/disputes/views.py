"""Pages of the dispute register: parse input, call one service, render."""

from datetime import timedelta
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.disputes.models import (
    DisputeCategory,
    DisputeSource,
    DisputeStatus,
    MediationResult,
    ReceptionKind,
    RiskLevel,
)
from xiangzhen.disputes.selectors import (
    DisputeFilters,
    dispute_get_for_user,
    dispute_list,
    dispute_register_page,
    dispute_statistics,
    has_own_open_disputes,
    petition_list,
    screening_reports,
    villages_missing_screening,
)
from xiangzhen.disputes.services import (
    Party,
    dispute_escalate,
    dispute_follow_up,
    dispute_refer_to_litigation,
    dispute_register,
    dispute_reveal_parties,
    mediation_record,
    petition_record,
    screening_report_submit,
)
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import assignable_cadre_get, assignable_cadres, unit_get_for_user, visible_units
from xiangzhen.parsing import parse_date, parse_id, parse_integer, parse_required_id
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import page_positioned_by
from xiangzhen.workdays.alerts import AlertLevel

# A dispute's time limit in working days; longer than a year is a typing error, not a plan.
MAX_DISPUTE_WORKDAYS = 250
MAX_SCREENING_COUNT = 10000
PAGE_SIZE = 50


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            category = DisputeCategory.objects.filter(
                pk=parse_required_id(post.get("category"), "纠纷类别"), is_active=True
            ).first()
            if category is None:
                raise ValidationFailed("请选择纠纷类别")
            parties = [
                Party(name, phone, id_number)
                for name, phone, id_number in zip_longest(
                    post.getlist("party_name"),
                    post.getlist("party_phone"),
                    post.getlist("party_id_number"),
                    fillvalue="",
                )
            ]
            place = unit_get_for_user(request.user, parse_required_id(post.get("place"), "发生地"))
            responsible = assignable_cadre_get(
                request.user, parse_required_id(post.get("responsible"), "包保责任人")
            )
            limit = parse_integer(
                post.get("limit_workdays"), "化解时限(工作日)", minimum=1, maximum=MAX_DISPUTE_WORKDAYS
            )
            dispute = dispute_register(
                actor=acting_user(request),
                title=post.get("title", ""),
                summary=post.get("summary", ""),
                place=place,
                category=category,
                risk_level=post.get("risk_level", ""),
                source=post.get("source", ""),
                responsible=responsible,
                parties=parties,
                limit_workdays=limit,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记,{dispute.due_date} 前化解")
            return redirect("disputes:detail", dispute_id=dispute.pk)
    query = request.GET
    if not query and has_own_open_disputes(request.user):
        # Asked nothing, the register opens on the disputes the person answers for (?mine=0: all).
        query = QueryDict("mine=1&status=open")
    problem = ""
    filters = DisputeFilters()
    before = None
    try:
        filters = _filters_from(query)
        before_on = parse_date(query.get("before_on"), "分页")
        before_id = parse_id(query.get("before_id"), "分页")
        before = (before_on, before_id) if before_on and before_id else None
        page = dispute_register_page(viewer=request.user, filters=filters, before=before, limit=PAGE_SIZE + 1)
    except ValidationFailed as failure:
        problem, page = failure.message, []
    shown = page_positioned_by(
        page,
        query,
        size=PAGE_SIZE,
        names=("before_on", "before_id"),
        position=lambda last: {"before_on": last.registered_on.isoformat(), "before_id": str(last.pk)},
    )
    return render(
        request,
        "disputes/register.html",
        {
            "page": shown,
            "disputes": shown.rows,
            "error": problem,
            "filters": filters,
            "query": query,
            "statuses": DisputeStatus.choices,
            "alerts": AlertLevel.choices,
            "categories": DisputeCategory.objects.filter(is_active=True),
            "risk_levels": RiskLevel.choices,
            "sources": DisputeSource.choices,
            "cadres": assignable_cadres(request.user),
            "places": visible_units(request.user).filter(
                level__in=[UnitLevel.VILLAGE, UnitLevel.GROUP, UnitLevel.DISTRICT, UnitLevel.TOWN]
            ),
        },
    )


def _filters_from(query: QueryDict) -> DisputeFilters:
    """The register's filters from the query string; any bad value raises with its Chinese message."""
    return DisputeFilters(
        search=query.get("q", "").strip(),
        status=query.get("status", "") if query.get("status") in DisputeStatus.values else "",
        alert=query.get("alert", "") if query.get("alert") in AlertLevel.values else "",
        risk_level=query.get("risk", "") if query.get("risk") in RiskLevel.values else "",
        category_id=parse_id(query.get("category"), "类别"),
        unit_id=parse_id(query.get("unit"), "村(社区)"),
        since=parse_date(query.get("since"), "起始日期"),
        until=parse_date(query.get("until"), "截止日期"),
        mine=query.get("mine") == "1",
    )


@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    # A generator over a chunked cursor: the register is written row by row, never held whole.
    rows = (
        (
            d.registered_on,
            f"JF{d.pk}",
            d.title,
            "、".join(party.masked_name for party in d.parties.all()),
            d.category.name,
            d.get_risk_level_display(),
            d.place.name,
            d.handling_unit.name,
            d.responsible.name,
            d.due_date,
            d.get_status_display(),
            d.get_settled_level_display(),
            d.settled_on or "",
        )
        for d in dispute_list(viewer=request.user).prefetch_related("parties").iterator(chunk_size=1000)
    )
    return stream_workbook(
        {
            "矛盾纠纷台账": (
                [
                    "登记日期",
                    "编号",
                    "纠纷",
                    "当事人",
                    "类别",
                    "风险等级",
                    "发生地",
                    "调处单位",
                    "包保责任人",
                    "化解时限",
                    "状态",
                    "化解层级",
                    "化解日期",
                ],
                rows,
            )
        },
        "矛盾纠纷台账",
    )


@login_required
def detail(
    request: HttpRequest, dispute_id: int, *, revealed: list[dict[str, str]] | None = None
) -> HttpResponse:
    try:
        dispute = dispute_get_for_user(request.user, dispute_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "disputes/detail.html",
        {
            "dispute": dispute,
            "parties": dispute.parties.all(),
            "sessions": dispute.sessions.all(),
            "events": dispute.events.select_related("actor"),
            "results": MediationResult.choices,
            "today": timezone.localdate(),
            "print": request.GET.get("print") == "1" or request.POST.get("then") == "print",
            "revealed": revealed,
            "may_reveal": user_may(request.user, Action.REVEAL_PERSONAL_DATA),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, dispute_id: int, action: str) -> HttpResponse:
    try:
        dispute = dispute_get_for_user(request.user, dispute_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "mediate":
            held_on = parse_date(post.get("held_on"), "调解日期", not_in_future=True)
            mediation_record(
                actor=actor,
                dispute=dispute,
                held_on=held_on or timezone.localdate(),
                mediators=post.get("mediators", ""),
                actions=post.get("actions", ""),
                result=post.get("result", ""),
                agreement=post.get("agreement", ""),
                attachment=request.FILES.get("attachment"),
            )
            messages.success(request, "已登记调解")
        elif action == "escalate":
            dispute_escalate(actor=actor, dispute=dispute, reason=post.get("reason", ""))
            messages.success(request, f"已上交{dispute.handling_unit.name}")
        elif action == "litigation":
            dispute_refer_to_litigation(actor=actor, dispute=dispute, note=post.get("note", ""))
            messages.success(request, "已引导诉讼/仲裁")
        elif action == "reveal":
            parties = dispute_reveal_parties(actor=actor, dispute=dispute, reason=post.get("reason", ""))
            # Full personal data only in the response to the audited reveal: never stored (not in the session), never cached.
            response = detail(
                request,
                dispute.pk,
                revealed=[
                    {"name": party.name, "phone": party.phone, "id_number": party.id_number}
                    for party in parties
                ],
            )
            add_never_cache_headers(response)
            return response
        elif action == "follow-up":
            dispute_follow_up(actor=actor, dispute=dispute, note=post.get("note", ""))
            messages.success(request, "已记录回访")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("disputes:detail", dispute_id=dispute.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    since, until = today - timedelta(days=365), today
    try:
        since = parse_date(request.GET.get("since"), "起始日期") or since
        until = parse_date(request.GET.get("until"), "截止日期") or until
    except ValidationFailed as error:
        messages.error(request, error.message)
    group = "category" if request.GET.get("group") == "category" else "place"
    rows = dispute_statistics(viewer=request.user, since=since, until=until, today=today, group=group)
    chart = {
        "units": [row.name for row in rows],
        "in_village": [row.in_village for row in rows],
        "in_district": [row.in_district for row in rows],
        "in_town": [row.in_town for row in rows],
        "to_county": [row.to_county for row in rows],
        "open": [row.open_below_county for row in rows],
    }
    return render(
        request,
        "disputes/statistics.html",
        {
            "rows": rows,
            "chart": chart,
            "since": since,
            "until": until,
            "group": group,
            "totals": {
                field: sum(getattr(row, field) for row in rows)
                for field in [
                    "registered",
                    "settled",
                    "in_village",
                    "in_district",
                    "in_town",
                    "to_county",
                    "overdue_open",
                ]
            },
        },
    )


@login_required
def screening(request: HttpRequest) -> HttpResponseBase:
    month = timezone.localdate().replace(day=1)
    if request.GET.get("month"):
        try:
            month = parse_date(request.GET["month"].strip() + "-01", "月份") or month
        except ValidationFailed:
            messages.error(request, "月份格式不正确,应为 年-月,如 2026-03")
            if request.method == "POST":
                # Never file a report under a month the clerk did not choose.
                return redirect(request.path)
    if request.method == "POST":
        try:
            count = parse_integer(
                request.POST.get("dispute_count"), "纠纷数", minimum=0, maximum=MAX_SCREENING_COUNT
            )
            if count is None:
                raise ValidationFailed("纠纷数应为 0 或正整数(没有纠纷请填 0,即零报告)")
            village = unit_get_for_user(request.user, parse_required_id(request.POST.get("unit"), "村(社区)"))
            report = screening_report_submit(
                actor=acting_user(request),
                village=village,
                month=month,
                dispute_count=count,
                note=request.POST.get("note", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{report.unit.name} {month:%Y年%m月}排查报告已提交"
                + ("(零报告)" if report.is_zero_report else ""),
            )
            return redirect(f"{request.path}?month={month:%Y-%m}")
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                f"{month:%Y-%m}",
                report.unit.name,
                report.dispute_count,
                "是" if report.is_zero_report else "否",
                report.note,
            ]
            for report in screening_reports(viewer=request.user, month=month)
        ]
        rows += [
            [f"{month:%Y-%m}", village.name, "", "未报送", ""]
            for village in villages_missing_screening(viewer=request.user, month=month)
        ]
        return stream_workbook(
            {"排查报告": (["月份", "村(社区)", "发现纠纷数", "零报告", "说明"], rows)},
            "排查报告",
        )
    return render(
        request,
        "disputes/screening.html",
        {
            "month": month,
            "reports": screening_reports(viewer=request.user, month=month),
            "missing": villages_missing_screening(viewer=request.user, month=month),
            "villages": visible_units(request.user).filter(level=UnitLevel.VILLAGE),
        },
    )


@login_required
def petitions(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        post = request.POST
        try:
            unit = unit_get_for_user(request.user, parse_required_id(post.get("unit"), "所属单位"))
            receiver = assignable_cadre_get(request.user, parse_required_id(post.get("receiver"), "接待领导"))
            received_on = parse_date(post.get("received_on"), "接待日期", not_in_future=True)
            dispute_id = parse_id(post.get("dispute"), "关联纠纷")
            petition_record(
                actor=acting_user(request),
                petitioner=post.get("petitioner", ""),
                phone=post.get("phone", ""),
                unit=unit,
                kind=post.get("kind", ""),
                received_on=received_on or timezone.localdate(),
                receiver=receiver,
                summary=post.get("summary", ""),
                dispute=dispute_get_for_user(request.user, dispute_id) if dispute_id is not None else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已登记信访")
            return redirect("disputes:petitions")
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                p.received_on,
                p.get_kind_display(),
                p.masked_name,
                p.unit.name,
                p.receiver.name,
                p.summary,
                p.dispute.title if p.dispute else "",
            ]
            for p in petition_list(viewer=request.user)
        ]
        return stream_workbook(
            {
                "信访登记": (
                    ["接待日期", "方式", "来访人", "单位", "接待领导", "反映问题", "关联纠纷"],
                    rows,
                )
            },
            "信访登记",
        )
    return render(
        request,
        "disputes/petitions.html",
        {
            "petitions": petition_list(viewer=request.user)[:300],
            "kinds": ReceptionKind.choices,
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP),
            "cadres": assignable_cadres(request.user),
            "open_disputes": dispute_list(viewer=request.user, status=DisputeStatus.OPEN)[:200],
        },
    )
