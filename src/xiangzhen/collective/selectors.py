"""Reads of the 三资 ledgers, always within the viewer's jurisdiction."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from xiangzhen.collective.models import (
    CollectiveAsset,
    CollectiveResource,
    Contract,
    ContractPayment,
    ContractStatus,
    PaymentStatus,
    Publication,
    PublicationKind,
    PublicationRule,
)
from xiangzhen.errors import NotFound
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, visible_units
from xiangzhen.workdays.alerts import AlertLevel

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Rule:
    every_months: int
    grace_workdays: int


# 村民委员会组织法 第三十条: ordinary matters at least quarterly, finances monthly where transactions are
# frequent. The working days after the period to put the list up are local practice (by about the 10th).
DEFAULT_RULES = {
    PublicationKind.FINANCE: Rule(every_months=1, grace_workdays=7),
    PublicationKind.AFFAIRS: Rule(every_months=3, grace_workdays=7),
}


def publication_rules() -> dict[str, Rule]:
    """The law's defaults, replaced kind by kind by the rules a town entered (PublicationRule rows)."""
    rules: dict[str, Rule] = {str(kind): rule for kind, rule in DEFAULT_RULES.items()}
    for row in PublicationRule.objects.all():
        rules[row.kind] = Rule(every_months=row.every_months, grace_workdays=row.grace_workdays)
    return rules


def villages(viewer: AnyUser) -> QuerySet[Unit]:
    return visible_units(viewer).filter(level=UnitLevel.VILLAGE).order_by("path")


def _in_scope(viewer: AnyUser) -> Q:
    return Q(village__in=visible_units(viewer).filter(level=UnitLevel.VILLAGE).values("pk"))


def asset_list(*, viewer: AnyUser, village_id: int | None = None) -> QuerySet[CollectiveAsset]:
    assets = CollectiveAsset.objects.filter(_in_scope(viewer)).select_related("village")
    if village_id:
        assets = assets.filter(village_id=village_id)
    return assets.order_by("village__path", "name", "id")


def resource_list(*, viewer: AnyUser, village_id: int | None = None) -> QuerySet[CollectiveResource]:
    resources = CollectiveResource.objects.filter(_in_scope(viewer)).select_related("village")
    if village_id:
        resources = resources.filter(village_id=village_id)
    return resources.order_by("village__path", "name", "id")


def contract_scope(viewer: AnyUser) -> QuerySet[Contract]:
    return Contract.objects.filter(_in_scope(viewer))


def contract_list(
    *, viewer: AnyUser, status: str = "", alert: str = "", village_id: int | None = None
) -> QuerySet[Contract]:
    contracts = contract_scope(viewer).select_related("village", "responsible")
    if status in ContractStatus.values:
        contracts = contracts.filter(status=status)
    if alert in AlertLevel.values:
        contracts = contracts.filter(alert=alert, status=ContractStatus.ACTIVE)
    if village_id:
        contracts = contracts.filter(village_id=village_id)
    return contracts.order_by("village__path", "ends_on", "id")


def contract_get_for_user(viewer: AnyUser, contract_id: int) -> Contract:
    contract = (
        contract_scope(viewer)
        .select_related("village", "responsible", "resource")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise NotFound("合同不存在或不在您的管辖范围内")
    return contract


def payment_get_for_user(viewer: AnyUser, payment_id: int) -> ContractPayment:
    payment = (
        ContractPayment.objects.filter(contract__in=contract_scope(viewer).values("pk"), pk=payment_id)
        .select_related("contract", "contract__village")
        .first()
    )
    if payment is None:
        raise NotFound("款项不存在或不在您的管辖范围内")
    return payment


def overdue_payments(*, viewer: AnyUser, today: date) -> QuerySet[ContractPayment]:
    """Rent not received in full by its due date (欠缴), oldest first."""
    return (
        ContractPayment.objects.filter(
            contract__in=contract_scope(viewer).values("pk"), status=PaymentStatus.DUE, due_date__lt=today
        )
        .select_related("contract", "contract__village")
        .order_by("due_date", "id")
    )


def publication_scope(viewer: AnyUser) -> QuerySet[Publication]:
    return Publication.objects.filter(_in_scope(viewer))


def publication_get_for_user(viewer: AnyUser, publication_id: int) -> Publication:
    publication = publication_scope(viewer).select_related("village").filter(pk=publication_id).first()
    if publication is None:
        raise NotFound("公开事项不存在或不在您的管辖范围内")
    return publication


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


@dataclass
class QuarterRow:
    village: Unit
    # Finance publications by month number (1..3 within the quarter); affairs for the whole quarter.
    finance: list[Publication | None] = field(default_factory=lambda: [None, None, None])
    affairs: Publication | None = None

    @property
    def publications(self) -> list[Publication | None]:
        return [*self.finance, self.affairs]


def publication_quarter(*, viewer: AnyUser, year: int, quarter: int) -> list[QuarterRow]:
    """Each village's publications owed in the quarter: what is due, and whether and when it went up."""
    start, end = quarter_bounds(year, quarter)
    rows = {village.pk: QuarterRow(village) for village in villages(viewer)}
    for publication in publication_scope(viewer).filter(period_start__gte=start, period_start__lt=end):
        row = rows.get(publication.village_id)
        if row is None:
            continue
        if publication.kind == PublicationKind.FINANCE:
            row.finance[publication.period_start.month - start.month] = publication
        elif publication.period_start == start:
            row.affairs = publication
    return list(rows.values())


@dataclass
class VillageFigures:
    unit: Unit
    asset_value: Decimal = ZERO  # 万元
    asset_count: int = 0
    resource_area: Decimal = ZERO  # 亩
    contracts: int = 0
    active_contracts: int = 0
    contract_amount: Decimal = ZERO  # 元, of active contracts
    expiring: int = 0
    expired: int = 0
    overdue_rent: Decimal = ZERO  # 元
    villages: int = 1

    def add(self, other: "VillageFigures") -> None:
        self.asset_value += other.asset_value
        self.asset_count += other.asset_count
        self.resource_area += other.resource_area
        self.contracts += other.contracts
        self.active_contracts += other.active_contracts
        self.contract_amount += other.contract_amount
        self.expiring += other.expiring
        self.expired += other.expired
        self.overdue_rent += other.overdue_rent


@dataclass(frozen=True)
class CollectiveFigures:
    villages: list[VillageFigures]
    towns: list[VillageFigures]
    total: VillageFigures


def _money() -> DecimalField:  # type: ignore[type-arg]  # the stubs' field generics are not needed here
    return DecimalField(max_digits=16, decimal_places=2)


def collective_figures(*, viewer: AnyUser, today: date) -> CollectiveFigures:
    """Per village and per town: assets (万元), resources (亩), contracts and rent in arrears — one grouped
    query per ledger, then the villages' rows added up under the towns the viewer sees."""
    scope = villages(viewer)
    rows = {village.pk: VillageFigures(village) for village in scope}
    for row in (
        CollectiveAsset.objects.filter(village__in=scope.values("pk"))
        .values("village_id")
        .annotate(value=Sum("value"), count=Count("id"))
    ):
        rows[row["village_id"]].asset_value = row["value"] or ZERO
        rows[row["village_id"]].asset_count = row["count"]
    for row in (
        CollectiveResource.objects.filter(village__in=scope.values("pk"))
        .values("village_id")
        .annotate(area=Sum("area_mu"))
    ):
        rows[row["village_id"]].resource_area = row["area"] or ZERO
    active = Q(status=ContractStatus.ACTIVE)
    for row in (
        Contract.objects.filter(village__in=scope.values("pk"))
        .values("village_id")
        .annotate(
            count=Count("id"),
            active=Count("id", filter=active),
            amount=Coalesce(Sum("amount", filter=active), Value(ZERO), output_field=_money()),
            expiring=Count("id", filter=active & Q(alert=AlertLevel.YELLOW)),
            expired=Count("id", filter=active & Q(ends_on__lt=today)),
        )
    ):
        figures = rows[row["village_id"]]
        figures.contracts, figures.active_contracts = row["count"], row["active"]
        figures.contract_amount = row["amount"]
        figures.expiring, figures.expired = row["expiring"], row["expired"]
    for row in (
        ContractPayment.objects.filter(
            contract__village__in=scope.values("pk"), status=PaymentStatus.DUE, due_date__lt=today
        )
        .values("contract__village_id")
        .annotate(owed=Sum(F("amount") - F("received"), output_field=_money()))
    ):
        rows[row["contract__village_id"]].overdue_rent = row["owed"] or ZERO
    towns = []
    village_rows = list(rows.values())
    for town in visible_units(viewer).filter(level=UnitLevel.TOWN).order_by("path"):
        total = VillageFigures(town, villages=0)
        for figures in village_rows:
            if figures.unit.path.startswith(town.path):
                total.add(figures)
                total.villages += 1
        towns.append(total)
    grand = VillageFigures(Unit(name="合计"), villages=len(village_rows))
    for figures in village_rows:
        grand.add(figures)
    return CollectiveFigures(village_rows, towns, grand)
