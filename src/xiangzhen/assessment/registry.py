"""Computed indicators: each app says, once, how a figure is counted from its own records.

An app declares its indicators in `<app>/indicators.py` (found when the project starts, like admin.py):

    from xiangzhen.assessment.registry import ComputedIndicator, Direction, register

    register(
        ComputedIndicator(
            code="services.completion_rate",
            name="办结率",
            category="便民服务",
            rows=lambda start, end: ServiceRequest.objects.filter(accepted_on__gte=start, accepted_on__lt=end),
            unit_field="handling_unit",
            numerator=Q(status="completed"),
            measures=Measure.RATE,
            row_columns=[("查询码", "tracking_code"), ("事项", "item__name")],
        )
    )

A figure is counted for a unit over every row whose `unit_field` lies in the unit's subtree, so the same
indicator scores a village, a 片区 or a town. Counting is set-based: one GROUP BY over the period's rows
per indicator (see assessment.computing), never a loop over rows.

* `measures`: what the figure is (基层减负 by design): `Measure.OUTCOME`, a count of matters settled or risks
  eliminated, or `Measure.RATE`, a share of what was due (on time, settled, covered). Nothing else can be
  registered: a count of records entered, visits made, meetings held, check-ins, logins or uploads measures
  how much was recorded, not what was achieved; such counts may be shown as context on an app's own pages,
  never scored (《整治形式主义为基层减负若干规定》, 2024).
* `rows(start, end)`: the period's rows (start inclusive, end exclusive), any unit.
* `numerator`: the rows counted (a Q over the rows), or every row when None.
* `numerator_weight`: what one counted row adds (default 1), e.g. 0.9 for 基本满意.
* `rate=True`: the figure is numerator / (number of rows); a unit with no rows has no figure
  (shown as missing, never as zero). A count (`rate=False`) is 0 for a unit with no rows.
* `row_columns`: (label, field path) of the drill-down table; `row_link`: the page of one row.
* `counted_by(start, end, owner)` and `counted_as` (a `CountedFigure`): when the app keeps its own
  counts of the figure (the service hall's monthly tallies), the figure is read from them — the same
  function its own pages call — instead of grouping the rows: per unit under `owner`, named counts, from
  which `counted_as` takes the numerator and the denominator. `rows` and `numerator` still give the rows
  behind the figure and must count the same.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

from django.db import models
from django.db.models import Q
from django.utils import timezone


class CountedFigure(Protocol):
    """How a figure is read from an app's named counts (see `counted_by`)."""

    def numerator_of(self, counts: Mapping[str, int]) -> Any: ...

    def denominator_of(self, counts: Mapping[str, int]) -> int: ...


@dataclass(frozen=True)
class CountedShare:
    """A share read from two named counts (see `counted_by`): the part achieved of what was due."""

    numerator: str
    denominator: str

    def numerator_of(self, counts: Mapping[str, int]) -> Decimal:
        return Decimal(counts.get(self.numerator, 0))

    def denominator_of(self, counts: Mapping[str, int]) -> int:
        return counts.get(self.denominator, 0)


class Measure(models.TextChoices):
    OUTCOME = "outcome", "结果(办结、化解、消除的事项)"
    RATE = "rate", "比率(按时、达标、覆盖的比例)"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


@dataclass(frozen=True)
class ComputedIndicator:
    code: str
    name: str
    category: str
    rows: Callable[[date, date], models.QuerySet[Any]]
    unit_field: str
    numerator: Q | None = None
    numerator_weight: Any = None  # an expression over the row, e.g. Case(When(level=3, then=0.9))
    rate: bool = False
    direction: str = Direction.HIGHER
    description: str = ""
    unit_label: str = ""
    row_columns: list[tuple[str, str]] = field(default_factory=list)
    row_link: Callable[[Any], str] | None = None
    counted_by: Callable[[date, date, Any], Mapping[int, Mapping[str, int]]] | None = None
    counted_as: "CountedFigure | None" = None
    measures: str = ""

    @property
    def figure_unit(self) -> str:
        return self.unit_label or ("%" if self.rate else "件")


_REGISTRY: dict[str, ComputedIndicator] = {}


def register(indicator: ComputedIndicator) -> ComputedIndicator:
    """Add a computed indicator; registering the same code twice replaces it (module reloads in tests)."""
    if "." not in indicator.code:
        raise ValueError(f"指标编码应以应用名开头,如 services.accepted:{indicator.code}")
    if indicator.measures not in Measure.values:
        raise ValueError(
            f"指标须声明所计量的结果或比率(measures=outcome/rate),不得以记录、签到、登录或上传次数计分:{indicator.code}"
        )
    if indicator.rate != (indicator.measures == Measure.RATE):
        raise ValueError(f"比率指标的 measures 应为 rate,结果指标应为 outcome:{indicator.code}")
    _REGISTRY[indicator.code] = indicator
    return indicator


def registered() -> dict[str, ComputedIndicator]:
    return dict(_REGISTRY)


def computed_indicator(code: str) -> ComputedIndicator | None:
    return _REGISTRY.get(code)


def start_of(day: date) -> datetime:
    """Local midnight of `day`: the bound for rows counted by a timestamp rather than a date."""
    return timezone.make_aware(datetime.combine(day, time.min))
