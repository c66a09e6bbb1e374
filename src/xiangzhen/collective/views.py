"""Pages of the 三资 ledgers and 村务公开: parse input, call one service, render."""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.collective.importing import (
    ASSET_COLUMNS,
    CONTRACT_COLUMNS,
    ImportReport,
    asset_import_workbook,
    contract_import_workbook,
)
from xiangzhen.collective.models import (
    AssetKind,
    ContractStatus,
    CounterpartyKind,
    PaymentCycle,
    PublicationKind,
    ResourceKind,
)
from xiangzhen.collective.selectors import (
    asset_list,
    collective_figures,
    contract_get_for_user,
    contract_list,
    overdue_payments,
    payment_get_for_user,
    publication_get_for_user,
    publication_quarter,
    publication_rules,
    resource_list,
    villages,
)
from xiangzhen.collective.services import (
    ContractTerms,
    asset_create,
    contract_close,
    contract_create,
    payment_receive,
    publication_publish,
    resource_create,
)
from xiangzhen.collective.values import parse_required_amount
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.forms import WorkbookUploadForm
from xiangzhen.org.importing import ImportFailed
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import assignable_cadre_get, assignable_cadres, unit_get_for_user
from xiangzhen.parsing import (
    parse_date,
    parse_id,
    parse_integer,
    parse_required_date,
    parse_required_id,
    parse_year,
)
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import keyset_page
from xiangzhen.workdays.alerts import AlertLevel


def _village_filter(request: HttpRequest) -> int | None:
    try:
        return parse_id(request.GET.get("village"), "村(社区)")
    except ValidationFailed as error:
        messages.error(request, error.message)
        return None


def _may_manage(request: HttpRequest) -> bool:
    return user_may(request.user, Action.MANAGE_COLLECTIVE)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    figures = collective_figures(viewer=request.user, today=today)
    chart = {
        "units": [row.unit.name for row in figures.villages],
        "assets": [float(row.asset_value) for row in figures.villages],
        "resources": [float(row.resource_area) for row in figures.villages],
        "contracts": [row.active_contracts for row in figures.villages],
    }
    return render(
        request,
        "collective/overview.html",
        {
            "figures": figures,
            "chart": chart,
            "arrears": overdue_payments(viewer=request.user, today=today)[:50],
            "expiring": contract_list(viewer=request.user, status=ContractStatus.ACTIVE)
            .exclude(alert=AlertLevel.NONE)
            .order_by("ends_on", "id")[:50],
        },
    )


@login_required
def assets(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        post = request.POST
        try:
            asset = asset_create(
                actor=acting_user(request),
                village=unit_get_for_user(request.user, parse_required_id(post.get("village"), "村(社区)")),
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                value=parse_required_amount(post.get("value"), "价值(万元)"),
                acquired_on=parse_date(post.get("acquired_on"), "取得日期", not_in_future=True),
                note=post.get("note", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记资产“{asset.name}”")
            return redirect("collective:assets")
    village_id = _village_filter(request)
    rows = asset_list(viewer=request.user, village_id=village_id)
    if request.GET.get("format") == "xlsx":
        return stream_workbook(
            {
                "集体资产": (
                    ASSET_COLUMNS,
                    [
                        [a.village.name, a.name, a.get_kind_display(), a.value, a.acquired_on or "", a.note]
                        for a in rows
                    ],
                )
            },
            "村集体资产台账",
        )
    return render(
        request,
        "collective/assets.html",
        {
            "page": keyset_page(rows, request.GET, keys=("village", "name", "id")),
            "villages": villages(request.user),
            "village_id": village_id,
            "kinds": AssetKind.choices,
            "may_manage": _may_manage(request),
        },
    )


@login_required
def resources(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        post = request.POST
        try:
            resource = resource_create(
                actor=acting_user(request),
                village=unit_get_for_user(request.user, parse_required_id(post.get("village"), "村(社区)")),
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                area_mu=parse_required_amount(post.get("area_mu"), "面积(亩)"),
                location=post.get("location", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记资源“{resource.name}”")
            return redirect("collective:resources")
    village_id = _village_filter(request)
    rows = resource_list(viewer=request.user, village_id=village_id)
    if request.GET.get("format") == "xlsx":
        return stream_workbook(
            {
                "集体资源": (
                    ["村(社区)", "资源名称", "类别", "面积(亩)", "坐落"],
                    [[r.village.name, r.name, r.get_kind_display(), r.area_mu, r.location] for r in rows],
                )
            },
            "村集体资源台账",
        )
    return render(
        request,
        "collective/resources.html",
        {
            "page": keyset_page(rows, request.GET, keys=("village", "name", "id")),
            "villages": villages(request.user),
            "village_id": village_id,
            "kinds": ResourceKind.choices,
            "may_manage": _may_manage(request),
        },
    )


@login_required
def contracts(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        post = request.POST
        try:
            village = unit_get_for_user(request.user, parse_required_id(post.get("village"), "村(社区)"))
            responsible_id = parse_id(post.get("responsible"), "责任人")
            terms = ContractTerms(
                number=post.get("number", ""),
                title=post.get("title", ""),
                counterparty=post.get("counterparty", ""),
                counterparty_kind=post.get("counterparty_kind", ""),
                subject=post.get("subject", ""),
                starts_on=parse_required_date(post.get("starts_on"), "起始日期"),
                ends_on=parse_required_date(post.get("ends_on"), "截止日期"),
                amount=parse_required_amount(post.get("amount"), "合同金额(元)"),
                payment_cycle=post.get("payment_cycle", ""),
            )
            contract = contract_create(
                actor=acting_user(request),
                village=village,
                terms=terms,
                responsible=assignable_cadre_get(request.user, responsible_id) if responsible_id else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记合同“{contract.title}”,共 {contract.payments.count()} 期应收款")
            return redirect("collective:contract_detail", contract_id=contract.pk)
    village_id = _village_filter(request)
    status = request.GET.get("status", "")
    alert = request.GET.get("alert", "")
    rows = contract_list(viewer=request.user, status=status, alert=alert, village_id=village_id)
    if request.GET.get("format") == "xlsx":
        return stream_workbook(
            {
                "三资合同": (
                    [*CONTRACT_COLUMNS, "状态", "督办"],
                    [
                        [
                            c.village.name,
                            c.number,
                            c.title,
                            c.counterparty_display,
                            c.get_counterparty_kind_display(),
                            c.subject,
                            c.starts_on,
                            c.ends_on,
                            c.amount,
                            c.get_payment_cycle_display(),
                            c.get_status_display(),
                            c.get_alert_display(),
                        ]
                        for c in rows
                    ],
                )
            },
            "村集体三资合同台账",
        )
    return render(
        request,
        "collective/contracts.html",
        {
            "page": keyset_page(rows, request.GET, keys=("village", "ends_on", "id")),
            "villages": villages(request.user),
            "village_id": village_id,
            "status": status,
            "alert": alert,
            "statuses": ContractStatus.choices,
            "counterparty_kinds": CounterpartyKind.choices,
            "cycles": PaymentCycle.choices,
            "cadres": assignable_cadres(request.user),
            "may_manage": _may_manage(request),
        },
    )


def _import_page(
    request: HttpRequest,
    *,
    title: str,
    columns: list[str],
    run: Callable[..., ImportReport],
    template_note: str,
) -> HttpResponse:
    errors: list[str] = []
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = run(actor=acting_user(request), source=form.cleaned_data["workbook"])
        except ImportFailed as failure:
            errors = failure.errors
            messages.error(request, failure.message)
        except DomainError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(request, f"导入成功:{report.summary()}")
    return render(
        request,
        "collective/import.html",
        {"form": form, "errors": errors, "title": title, "columns": columns, "note": template_note},
    )


@action_required(Action.MANAGE_COLLECTIVE)
def asset_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        title="从 Excel 导入集体资产",
        columns=ASSET_COLUMNS,
        run=asset_import_workbook,
        template_note="类别:" + "、".join(str(label) for _, label in AssetKind.choices),
    )


@action_required(Action.MANAGE_COLLECTIVE)
def contract_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        title="从 Excel 导入三资合同",
        columns=CONTRACT_COLUMNS,
        run=contract_import_workbook,
        template_note="承包方类型:个人、单位;付款方式:"
        + "、".join(str(label) for _, label in PaymentCycle.choices),
    )


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    try:
        contract = contract_get_for_user(request.user, contract_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "collective/contract_detail.html",
        {
            "contract": contract,
            "payments": contract.payments.order_by("due_date", "id"),
            "today": timezone.localdate(),
            "may_manage": _may_manage(request),
        },
    )


@login_required
@require_POST
def contract_act(request: HttpRequest, contract_id: int, action: str) -> HttpResponse:
    try:
        contract = contract_get_for_user(request.user, contract_id)
    except NotFound as error:
        raise Http404(error.message) from error
    post = request.POST
    actor = acting_user(request)
    try:
        if action == "receive":
            payment = payment_get_for_user(request.user, parse_required_id(post.get("payment"), "款项"))
            if payment.contract_id != contract.pk:
                raise ValidationFailed("款项不属于该合同")
            payment_receive(
                actor=actor,
                payment=payment,
                amount=parse_required_amount(post.get("amount"), "收款金额(元)"),
                received_on=parse_date(post.get("received_on"), "收款日期", not_in_future=True)
                or timezone.localdate(),
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 1) or 0,
            )
            messages.success(request, f"已登记收款:{payment.title}")
        elif action == "close":
            contract_close(
                actor=actor,
                contract=contract,
                note=post.get("note", ""),
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 1) or 0,
            )
            messages.success(request, "合同已终止")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("collective:contract_detail", contract_id=contract.pk)


@login_required
def payment(request: HttpRequest, payment_id: int) -> HttpResponse:
    """Where a rent notice links: the contract page, at the instalment."""
    try:
        found = payment_get_for_user(request.user, payment_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return redirect(reverse("collective:contract_detail", args=[found.contract_id]) + f"#payment-{found.pk}")


def _quarter_of(request: HttpRequest, today: date) -> tuple[int, int]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    try:
        year = parse_year(request.GET.get("year")) or year
        quarter = parse_integer(request.GET.get("quarter"), "季度", minimum=1, maximum=4) or quarter
    except ValidationFailed as error:
        messages.error(request, error.message)
    return year, quarter


@login_required
def publications(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        post = request.POST
        try:
            publication = publication_get_for_user(
                request.user, parse_required_id(post.get("publication"), "公开事项")
            )
            publication_publish(
                actor=acting_user(request),
                publication=publication,
                published_on=parse_date(post.get("published_on"), "公布日期", not_in_future=True) or today,
                place=post.get("place", ""),
                content=post.get("content", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"已登记{publication.title}" + ("" if publication.on_time else "(逾期公开)")
            )
        return redirect(request.get_full_path())
    year, quarter = _quarter_of(request, today)
    rows = publication_quarter(viewer=request.user, year=year, quarter=quarter)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    following = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return render(
        request,
        "collective/publications.html",
        {
            "rows": rows,
            "year": year,
            "quarter": quarter,
            "months": [3 * quarter - 2, 3 * quarter - 1, 3 * quarter],
            "previous": previous,
            "following": following,
            "today": today,
            "rules": publication_rules(),
            "kinds": dict(PublicationKind.choices),
            "may_manage": _may_manage(request),
            "open": [
                publication
                for row in rows
                for publication in row.publications
                if publication is not None
                and not publication.is_published
                and publication.period_start <= today
            ],
        },
    )
