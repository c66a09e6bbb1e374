"""The service hall's figures, each defined once.

A figure shown on the statistics page and on an assessment board (受理, 办结率, 按时办结率, 最多跑一次比例,
满意率) is counted here, by `service_counts`, and rated by its `RateFigure`; both pages call them, and both
show the figure's `definition` beside it. The counts come from the monthly tallies (`services.tallies`),
where every event counts in its own month: a request in the month it was accepted, its completion in the
month it was completed, its rating in the month it was given.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from xiangzhen.assessment.registry import start_of
from xiangzhen.services.models import Rating, RequestStatus, RequestTally, ServiceRequest
from xiangzhen.services.tallies import ACCEPTED_PART, COUNTED, FINISHED_PART, RATED_PART


@dataclass(frozen=True)
class RateFigure:
    """numerator ÷ denominator over the counted columns; no figure when nothing was counted. The numerator
    is the sum of `weights` (column, weight): one column for a plain share, two for the 12345 rule."""

    name: str
    weights: tuple[tuple[str, Decimal], ...]
    denominator: str
    definition: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (*(column for column, _weight in self.weights), self.denominator)

    def numerator_of(self, counts: Mapping[str, int]) -> Decimal:
        return sum((weight * counts.get(column, 0) for column, weight in self.weights), Decimal(0))

    def denominator_of(self, counts: Mapping[str, int]) -> int:
        return counts.get(self.denominator, 0)

    def of(self, counts: Mapping[str, int]) -> Decimal | None:
        denominator = self.denominator_of(counts)
        return self.numerator_of(counts) / denominator if denominator else None

    def text(self, counts: Mapping[str, int]) -> str:
        """As both pages print it: one decimal, the way the assessment board prints a rate; "—" for none."""
        rate = self.of(counts)
        return "—" if rate is None else f"{rate * 100:.1f}%"


def _share(name: str, numerator: str, denominator: str, definition: str) -> RateFigure:
    return RateFigure(name, ((numerator, Decimal(1)),), denominator, definition)


ACCEPTED_DEFINITION = "本期内受理(含容缺受理)的办件数,按受理日期计。"
FINISHED_DEFINITION = "本期内办结的办件数,按办结日期计。"
ACCEPTED = _share("受理办件数", "accepted", "accepted", ACCEPTED_DEFINITION)
COMPLETION_RATE = _share(
    "办结率", "completed", "accepted", "本期内受理的办件中,至今已办结的比例,按受理日期计。"
)
ON_TIME_RATE = _share(
    "按时办结率", "on_time", "finished", "本期内办结的办件中,在承诺时限内办结的比例,按办结日期计。"
)
ONE_VISIT_RATE = _share(
    "最多跑一次比例", "one_visit", "finished", "本期内办结的办件中,群众最多跑一次的比例,按办结日期计。"
)
# 满意率 is the 12345 rule, the one the races score; the plain share of 基本满意 and better is 好评率.
SATISFACTION_RATE = RateFigure(
    "满意率",
    (("satisfied", Decimal(1)), ("basically_satisfied", Decimal("-0.1"))),
    "rated",
    "12345 口径:本期内收到的好差评中,(非常满意 + 满意 + 0.9 × 基本满意)÷ 评价数,按评价日期计。",
)
GOOD_RATING_RATE = _share(
    "好评率", "satisfied", "rated", "本期内收到的好差评中,非常满意、满意、基本满意所占比例,按评价日期计。"
)


@dataclass
class ServiceCounts:
    """Per group key (a handling unit or an item): the tally's counted columns over a period."""

    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def add(self, rows: Iterable[dict[str, Any]], key: str, name: str | None, sign: int) -> None:
        for row in rows:
            if name is not None:
                self.names[row[key]] = row[name]
            counts = self.counts.setdefault(row[key], dict.fromkeys(COUNTED, 0))
            for column in COUNTED:
                if column in row:
                    counts[column] += sign * (row[column] or 0)


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _request_aggregates(part: tuple[str, ...]) -> dict[str, Any]:
    """The tally's columns of one part (see services.tallies), counted over request rows."""
    every: dict[str, Any] = {
        "accepted": Count("id"),
        "completed": Count("id", filter=Q(status=RequestStatus.COMPLETED)),
        "workdays_sum": Sum("workdays_used"),
        "workdays_counted": Count("workdays_used"),
        "visits_sum": Sum("visits"),
        "finished": Count("id"),
        "on_time": Count("id", filter=Q(completed_on_time=True)),
        "one_visit": Count("id", filter=Q(visits__lte=1)),
    }
    return {name: every[name] for name in part}


RATED_AGGREGATES: dict[str, Any] = {
    "rated": Count("id"),
    "satisfied": Count("id", filter=Q(level__gte=3)),
    "basically_satisfied": Count("id", filter=Q(level=3)),
}


def service_counts(
    *,
    handling_units: QuerySet[Any],
    filed_at_units: QuerySet[Any] | None = None,
    since: date,
    until: date,
    key: str = "handling_unit_id",
    name: str | None = None,
) -> ServiceCounts:
    """The counted columns of the requests handled in `handling_units` (or filed at `filed_at_units`), over
    the days `since` through `until`, grouped by `key` (a field of the request) with its `name`.

    Whole months come from the tallies (a year is twelve tally rows per unit and item, however many requests
    it had); in a month the period covers only in part, the events outside the period (acceptances,
    completions, ratings) are read from their rows and taken back, and none are when the period runs from
    a month's first day to its last or to today."""
    first_month, last_month = since.replace(day=1), until.replace(day=1)
    after = _month_after(last_month)

    def units(prefix: str = "") -> Q:
        condition = Q(**{f"{prefix}handling_unit__in": handling_units})
        if filed_at_units is not None:
            condition |= Q(**{f"{prefix}filed_at_unit__in": filed_at_units})
        return condition

    def outside(field_name: str) -> Q:
        condition = Q(**{f"{field_name}__gt": until, f"{field_name}__lt": after})
        if since > first_month:
            condition |= Q(**{f"{field_name}__gte": first_month, f"{field_name}__lt": since})
        return condition

    found = ServiceCounts()
    tallies = RequestTally.objects.filter(units(), month__gte=first_month, month__lte=last_month)
    grouped = (key, name) if name else (key,)
    found.add(
        tallies.values(*grouped).annotate(**{column: Sum(column) for column in COUNTED}).order_by(),
        key,
        name,
        1,
    )
    requests = ServiceRequest.objects.filter(units())
    found.add(
        requests.filter(outside("accepted_on"))
        .values(*grouped)
        .annotate(**_request_aggregates(ACCEPTED_PART))
        .order_by(),
        key,
        name,
        -1,
    )
    found.add(
        requests.filter(outside("completed_on"), status=RequestStatus.COMPLETED)
        .values(*grouped)
        .annotate(**_request_aggregates(FINISHED_PART))
        .order_by(),
        key,
        name,
        -1,
    )
    # Ratings are timestamps: the period's days are local midnights.
    rated_outside = Q(created_at__gte=start_of(until + timedelta(days=1)), created_at__lt=start_of(after))
    if since > first_month:
        rated_outside |= Q(created_at__gte=start_of(first_month), created_at__lt=start_of(since))
    rating_fields = {key: F(f"request__{key}"), **({name: F(f"request__{name}")} if name else {})}
    found.add(
        Rating.objects.filter(units("request__"))
        .filter(rated_outside)
        .values(**rating_fields)
        .annotate(**{column: RATED_AGGREGATES[column] for column in RATED_PART})
        .order_by(),
        key,
        name,
        -1,
    )
    return found
