"""The 三率, counted from the orders in SQL: one function for the pages, the report and the indicators.

- 响应率 = orders signed and the caller contacted within the response limit / orders dispatched;
- 解决率 = orders the caller calls solved at 回访 / 有效回访 (满意, 基本满意 or 不满意; 未联系上 does not count);
- 满意率 = (满意 + w × 基本满意) / 有效回访, w the county's weight (default 0.9);
- 综合 = the rates weighted by the county's weights (e.g. 30/35/35), over the weights of the rates present.

Orders are counted in the month they were dispatched. A 退单 the dispatcher upheld is not the town's: it
counts nowhere. A rate without a denominator is missing, never zero."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiangzhen.assessment.registry import start_of
from xiangzhen.hotline.models import Rating, RuleSet, WorkOrder
from xiangzhen.org.models import Cadre, Unit

EFFECTIVE_RATINGS = (Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED)
DEFAULT_BASIC_WEIGHT = Decimal("0.90")
PLACES = Decimal("0.0001")


def counted_orders(start: date, end: date) -> QuerySet[WorkOrder]:
    """Orders dispatched in [start, end) that count against their town: all but upheld 退单."""
    return WorkOrder.objects.filter(
        dispatched_at__gte=start_of(start), dispatched_at__lt=start_of(end)
    ).exclude(return_upheld=True)


def visited_orders(start: date, end: date) -> QuerySet[WorkOrder]:
    return counted_orders(start, end).filter(rating__in=EFFECTIVE_RATINGS)


COUNTS = {
    "dispatched": Count("pk"),
    "responded": Count("pk", filter=Q(responded_on_time=True)),
    "visited": Count("pk", filter=Q(rating__in=EFFECTIVE_RATINGS)),
    "resolved": Count("pk", filter=Q(rating__in=EFFECTIVE_RATINGS, resolved=True)),
    "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
    "basic": Count("pk", filter=Q(rating=Rating.BASIC)),
    "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
    "redone": Count("pk", filter=Q(redo_count__gt=0)),
}


def _ratio(numerator: Decimal, denominator: int) -> Decimal | None:
    return (numerator / denominator).quantize(PLACES) if denominator else None


@dataclass(frozen=True)
class Rates:
    key: Any
    label: str
    dispatched: int
    responded: int
    visited: int
    resolved: int
    satisfied: int
    basic: int
    unsatisfied: int
    redone: int
    response_rate: Decimal | None
    resolution_rate: Decimal | None
    satisfaction_rate: Decimal | None
    total: Decimal | None
    rank: int = 0

    @staticmethod
    def percent(value: Decimal | None) -> str:
        return "—" if value is None else f"{value * 100:.1f}%"

    @property
    def response_percent(self) -> str:
        return self.percent(self.response_rate)

    @property
    def resolution_percent(self) -> str:
        return self.percent(self.resolution_rate)

    @property
    def satisfaction_percent(self) -> str:
        return self.percent(self.satisfaction_rate)

    @property
    def total_label(self) -> str:
        return "—" if self.total is None else f"{self.total:.2f}"


def rates_of(counts: dict[str, int], *, key: Any, label: str, rule_set: RuleSet | None) -> Rates:
    basic_weight = rule_set.basic_satisfied_weight if rule_set else DEFAULT_BASIC_WEIGHT
    response = _ratio(Decimal(counts["responded"]), counts["dispatched"])
    resolution = _ratio(Decimal(counts["resolved"]), counts["visited"])
    satisfaction = _ratio(Decimal(counts["satisfied"]) + basic_weight * counts["basic"], counts["visited"])
    weights = (
        (rule_set.response_weight, rule_set.resolution_weight, rule_set.satisfaction_weight)
        if rule_set
        else (Decimal(30), Decimal(35), Decimal(35))
    )
    present = [
        (rate, weight)
        for rate, weight in zip((response, resolution, satisfaction), weights, strict=True)
        if rate is not None
    ]
    weight_sum = sum((weight for _, weight in present), Decimal(0))
    total = (
        (sum((rate * weight for rate, weight in present), Decimal(0)) * 100 / weight_sum).quantize(
            Decimal("0.01")
        )
        if present and weight_sum
        else None
    )
    return Rates(
        key=key,
        label=label,
        **{name: counts[name] for name in COUNTS},
        response_rate=response,
        resolution_rate=resolution,
        satisfaction_rate=satisfaction,
        total=total,
    )


def competition_rank(rows: list[Rates]) -> list[Rates]:
    """Best total first; equal totals share a rank (1, 2, 2, 4); missing totals last, unranked."""
    ordered = sorted(rows, key=lambda row: (row.total is None, -(row.total or 0), str(row.label)))
    ranked: list[Rates] = []
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        if row.total is None:
            ranked.append(replace(row, rank=0))
            continue
        if row.total != previous:
            rank = position
            previous = row.total
        ranked.append(replace(row, rank=rank))
    return ranked


GROUPS = {"town": "town_id", "unit": "handler_unit_id", "handler": "handler_id"}


def three_rates(
    orders: QuerySet[WorkOrder], *, by: str, rule_set: RuleSet | None, ranked: bool = True
) -> list[Rates]:
    """The 三率 of `orders` per town, handling unit or handler: one GROUP BY over the orders alone, then the
    names of the few hundred groups in one small read (a join would make the database carry every order's
    name through the grouping)."""
    key = GROUPS[by]
    rows = list(orders.order_by().values(key).annotate(**COUNTS))
    ids = [row[key] for row in rows if row[key] is not None]
    model: Any = Cadre if by == "handler" else Unit
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    found = [
        rates_of(row, key=row[key], label=names.get(row[key], "未分配"), rule_set=rule_set) for row in rows
    ]
    return competition_rank(found) if ranked else found


def total_rates(orders: QuerySet[WorkOrder], *, rule_set: RuleSet | None, label: str = "") -> Rates:
    counts = orders.order_by().aggregate(**COUNTS)
    return rates_of(counts, key=None, label=label, rule_set=rule_set)
