"""Reads of the monitoring and assistance records, always through the viewer's jurisdiction."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from xiangzhen.assistance.models import (
    PAIRED_STATUSES,
    AssistanceRule,
    Household,
    HouseholdStatus,
    IncomeRecord,
    Measure,
    MeasureStep,
    MonitoringLine,
    PairingKind,
)
from xiangzhen.errors import NotFound
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, user_is_administrator, user_may
from xiangzhen.org.selectors import AnyUser, jurisdiction_root_list, visible_units


def household_scope(viewer: AnyUser) -> QuerySet[Household]:
    return Household.objects.filter(village__in=visible_units(viewer).values("pk"))


def household_get_for_user(viewer: AnyUser, household_id: int) -> Household:
    household = (
        household_scope(viewer).select_related("village", "responsible").filter(pk=household_id).first()
    )
    if household is None:
        raise NotFound("监测户不存在或不在您的管辖范围内")
    return household


@dataclass(frozen=True)
class HouseholdFilters:
    status: str = ""
    category: str = ""
    unit_id: int | None = None
    responsible_id: int | None = None


def household_list(*, viewer: AnyUser, filters: HouseholdFilters = HouseholdFilters()) -> QuerySet[Household]:
    households = household_scope(viewer).select_related("village", "responsible")
    if filters.status in HouseholdStatus.values:
        households = households.filter(status=filters.status)
    if filters.category:
        households = households.filter(category=filters.category)
    if filters.unit_id:
        roots = list(visible_units(viewer).filter(pk=filters.unit_id))
        households = households.filter(village__in=visible_units(viewer).within(roots).values("pk"))
    if filters.responsible_id:
        households = households.filter(responsible_id=filters.responsible_id)
    return households.prefetch_related("causes").order_by("village__path", "id")


def town_of(unit: Unit) -> Unit | None:
    if unit.level == UnitLevel.TOWN:
        return unit
    return unit.ancestors().filter(level=UnitLevel.TOWN).first()


def rule_for(village: Unit) -> AssistanceRule:
    """The town's own numbers if it set them, else the default row (created with the defaults if absent)."""
    town = town_of(village)
    if town is not None:
        own = AssistanceRule.objects.filter(unit=town).first()
        if own is not None:
            return own
    return default_rule()


def default_rule() -> AssistanceRule:
    rule, _ = AssistanceRule.objects.get_or_create(unit=None)
    return rule


def assistance_rules() -> list[AssistanceRule]:
    """The default first, then the towns that set their own numbers."""
    return [
        default_rule(),
        *AssistanceRule.objects.filter(unit__isnull=False).select_related("unit").order_by("unit__path"),
    ]


def province_code_of(unit: Unit) -> str:
    """The two leading digits of the nearest 统计用区划代码 up the tree ("" when no unit has one)."""
    for candidate in [unit, *unit.ancestors().order_by("-path")]:
        if candidate.division_code:
            return str(candidate.division_code)[:2]
    return ""


def line_setting_provinces(user: AnyUser) -> set[str] | None:
    """The provinces whose monitoring line `user` may publish: None for any province and the national
    line (系统管理员 only); otherwise the provinces of the counties the user answers for, if their role may
    review assistance. A town leader answers for a town, not a county, and sets no line: exits across the
    whole province read it."""
    if user_is_administrator(user):
        return None
    if not user_may(user, Action.REVIEW_ASSISTANCE):
        return set()
    counties = [unit for unit in jurisdiction_root_list(user) if unit.level == UnitLevel.COUNTY]
    return {code for code in (province_code_of(county) for county in counties) if code}


def monitoring_line_for(village: Unit, year: int) -> MonitoringLine | None:
    """The province's line for the year, or the national reference line when the province has none."""
    lines = {
        line.province_code: line
        for line in MonitoringLine.objects.filter(
            year=year, province_code__in=[province_code_of(village), ""]
        )
    }
    return lines.get(province_code_of(village)) or lines.get("")


def pairing_load(cadre: Cadre, *, excluding: Household | None = None) -> tuple[int, bool]:
    """How many monitored households the cadre is paired with, and whether one of them as 第一责任人."""
    paired = Household.objects.filter(responsible=cadre, status__in=PAIRED_STATUSES)
    if excluding is not None:
        paired = paired.exclude(pk=excluding.pk)
    counts = paired.aggregate(
        total=Count("id"), first=Count("id", filter=Q(pairing=PairingKind.FIRST_RESPONSIBLE))
    )
    return counts["total"], counts["first"] > 0


@dataclass(frozen=True)
class UnitFigures:
    key: int
    name: str
    households: int
    monitored: int
    cleared: int
    measures: int
    measures_due: int
    measures_on_time: int
    income_before: Decimal | None
    income_after: Decimal | None

    @property
    def on_time_rate(self) -> float | None:
        return self.measures_on_time / self.measures_due if self.measures_due else None

    @property
    def income_change(self) -> Decimal | None:
        if self.income_before is None or self.income_after is None:
            return None
        return self.income_after - self.income_before


def assistance_figures(*, viewer: AnyUser, level: str, year: int, today: date) -> list[UnitFigures]:
    """Per village (or per town): households, measures done on time among those due by today, and the
    average per-capita income of `year` against the year before."""
    units = list(visible_units(viewer).filter(level=level).order_by("path"))
    figures = []
    scope = household_scope(viewer)
    for unit in units:
        # One unit's subtree per query, a handful of units on the page: each is a range scan on the path.
        households = scope.filter(village__in=Unit.objects.within([unit]).values("pk"))
        counts = households.aggregate(
            total=Count("id"),
            monitored=Count("id", filter=Q(status__in=PAIRED_STATUSES)),
            cleared=Count("id", filter=Q(status=HouseholdStatus.CLEARED)),
        )
        measures = Measure.objects.filter(household__in=households.values("pk")).aggregate(
            total=Count("id"),
            due=Count("id", filter=Q(due_date__lte=today)),
            on_time=Count("id", filter=Q(due_date__lte=today, on_time=True)),
        )
        incomes = IncomeRecord.objects.filter(household__in=households.values("pk"))
        before = incomes.filter(year=year - 1).aggregate(value=Avg("per_capita"))["value"]
        after = incomes.filter(year=year).aggregate(value=Avg("per_capita"))["value"]
        if counts["total"] == 0 and level == UnitLevel.VILLAGE:
            continue
        figures.append(
            UnitFigures(
                key=unit.pk,
                name=unit.name,
                households=counts["total"],
                monitored=counts["monitored"],
                cleared=counts["cleared"],
                measures=measures["total"],
                measures_due=measures["due"],
                measures_on_time=measures["on_time"],
                income_before=_rounded(before),
                income_after=_rounded(after),
            )
        )
    return figures


def _rounded(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("1"))


def measure_step_get_for_user(viewer: AnyUser, step_id: int) -> MeasureStep:
    step = (
        MeasureStep.objects.select_related("measure", "measure__household", "measure__household__village")
        .filter(pk=step_id, measure__household__in=household_scope(viewer).values("pk"))
        .first()
    )
    if step is None:
        raise NotFound("措施步骤不存在或不在您的管辖范围内")
    return step
