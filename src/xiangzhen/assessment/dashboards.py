"""Reads of the assessment pages beyond the selectors: the wording of a lift, the unit just above, the
township leader's 成绩单 and the county's view across towns."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiangzhen.assessment.computing import competing_units
from xiangzhen.assessment.models import ManualEntry, SchemeItem, Score, Source
from xiangzhen.assessment.periods import Period, period_containing
from xiangzhen.assessment.selectors import (
    BoardRow,
    Lift,
    SchemeAccess,
    board_rows,
    breakdown,
    computed_periods,
    scheme_accesses,
)
from xiangzhen.disputes.models import DisputeStatus, SettledLevel
from xiangzhen.disputes.selectors import dispute_scope
from xiangzhen.errors import NotFound
from xiangzhen.org.models import Unit, UnitLevel, subtree_upper_bound
from xiangzhen.org.selectors import AnyUser
from xiangzhen.services.models import OPEN_STATUSES, RequestStatus
from xiangzhen.services.selectors import service_request_scope
from xiangzhen.supervision.models import RUNNING_TASK_STATUSES
from xiangzhen.supervision.selectors import task_scope
from xiangzhen.workdays.alerts import AlertLevel


@dataclass(frozen=True)
class LiftLine:
    text: str
    new_rank: int


def _number(value: Decimal) -> str:
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        return f"{normalized:f}"
    return f"{value.quantize(Decimal('0.01'))}"


def lift_line(lift: Lift) -> LiftLine:
    """怎样进一名, in words: rows to add for a computed figure, the value to reach for an entered one."""
    indicator = lift.item.indicator
    if lift.rows_more is not None and lift.rows_more > 0:
        text = f"“{indicator.name}”再多计入 {lift.rows_more} 件"
    elif lift.rows_more is not None and lift.rows_more < 0:
        text = f"“{indicator.name}”少计入 {-lift.rows_more} 件"
    elif indicator.is_rate:
        current = f"{lift.current * 100:.1f}%" if lift.current is not None else "缺数据"
        text = f"“{indicator.name}”从 {current} 提到 {lift.needed * 100:.1f}%"
    else:
        current = _number(lift.current) if lift.current is not None else "缺数据"
        text = f"“{indicator.name}”从 {current} 变为 {_number(lift.needed)}{indicator.unit_label}"
    return LiftLine(text, lift.new_rank)


def unit_above(access: SchemeAccess, period: Period, score: Score | None) -> Unit | None:
    """The unit placed just above, when the viewer may open its breakdown (to compare on the gap page)."""
    if score is None or score.rank == 1:
        return None
    above = (
        Score.objects.filter(scheme=access.scheme, period_start=period.start, rank__lt=score.rank)
        .select_related("unit")
        .order_by("-rank", "unit__path")
        .first()
    )
    if above is None or not access.may_see_unit(above.unit_id):
        return None
    return above.unit


def manual_item_get(access: SchemeAccess, item_id: int) -> SchemeItem:
    item = (
        SchemeItem.objects.select_related("indicator")
        .filter(scheme=access.scheme, pk=item_id, indicator__source=Source.MANUAL)
        .first()
    )
    if item is None:
        raise NotFound("该方案没有这项录入指标")
    return item


def competitor_get(access: SchemeAccess, unit_id: int) -> Unit:
    unit = competing_units(access.scheme).filter(pk=unit_id).first()
    if unit is None or not access.may_see_unit(unit_id):
        raise NotFound("该单位不是本方案的参评单位")
    return unit


@dataclass(frozen=True)
class SheetCell:
    unit: Unit
    entry: ManualEntry | None


@dataclass(frozen=True)
class SheetSection:
    item: SchemeItem
    cells: list[SheetCell]

    @property
    def entered(self) -> int:
        return sum(1 for cell in self.cells if cell.entry is not None)


def sheet_sections(access: SchemeAccess, period: Period) -> list[SheetSection]:
    """Per entered indicator of the scheme, every competing unit with its figure of the period (or none)."""
    items = [
        item
        for item in SchemeItem.objects.filter(scheme=access.scheme, indicator__source=Source.MANUAL)
        .select_related("indicator")
        .order_by("position", "pk")
    ]
    units = list(competing_units(access.scheme).order_by("path"))
    entries = {
        (entry.indicator_id, entry.unit_id): entry
        for entry in ManualEntry.objects.filter(
            indicator__in=[item.indicator_id for item in items],
            unit__in=units,
            period_start=period.start,
            period_end=period.end,
        ).select_related("attachment")
    }
    return [
        SheetSection(item, [SheetCell(unit, entries.get((item.indicator_id, unit.pk))) for unit in units])
        for item in items
    ]


# ---- 成绩单: one unit's races, its indicator radar, its red and yellow rows, this month's figures ---------

HISTORY_PERIODS = 12


@dataclass(frozen=True)
class RaceLine:
    access: SchemeAccess
    periods: list[Period]
    ranks: list[int | None]
    competitors: int
    latest: Period | None
    radar: list[tuple[str, float]]  # indicator, share of its full points (0–100) in the latest period


def _in_subtree(path_field: str, unit: Unit) -> Q:
    return Q(
        **{f"{path_field}__path__gte": unit.path, f"{path_field}__path__lt": subtree_upper_bound(unit.path)}
    )


def race_lines(viewer: AnyUser, unit: Unit) -> list[RaceLine]:
    """Every race `unit` runs in that the viewer may see: its rank over the visible periods, and the radar."""
    lines = []
    for access in scheme_accesses(viewer):
        scheme = access.scheme
        if scheme.level != unit.level or not unit.path.startswith(scheme.owner_unit.path):
            continue
        if not access.may_see_unit(unit.pk):
            continue
        starts = sorted(computed_periods(access))[-HISTORY_PERIODS:]
        ranks = dict(
            Score.objects.filter(scheme=scheme, unit=unit, period_start__in=starts).values_list(
                "period_start", "rank"
            )
        )
        periods = [period_containing(scheme.period_kind, start) for start in starts]
        latest = periods[-1] if periods else None
        radar: list[tuple[str, float]] = []
        competitors = 0
        if latest is not None:
            _, parts = breakdown(access, latest, unit.pk)
            radar = [
                (row.item.indicator.name, float((row.points or 0) / row.item.weight * 100))
                for row in parts.rows
            ]
            competitors = Score.objects.filter(scheme=scheme, period_start=latest.start).count()
        lines.append(
            RaceLine(access, periods, [ranks.get(start) for start in starts], competitors, latest, radar)
        )
    return lines


@dataclass(frozen=True)
class AlertCounts:
    requests: dict[str, int]
    tasks: dict[str, int]
    disputes: dict[str, int]

    @property
    def red(self) -> int:
        return self.requests["red"] + self.tasks["red"] + self.disputes["red"]

    @property
    def yellow(self) -> int:
        return self.requests["yellow"] + self.tasks["yellow"] + self.disputes["yellow"]


def _alert_counts(rows: QuerySet[Any]) -> dict[str, int]:
    return rows.aggregate(
        red=Count("pk", filter=Q(alert=AlertLevel.RED)), yellow=Count("pk", filter=Q(alert=AlertLevel.YELLOW))
    )


def alert_counts(viewer: AnyUser, unit: Unit) -> AlertCounts:
    """Open rows with a red or yellow alert in the unit's subtree (the viewer's jurisdiction applies)."""
    return AlertCounts(
        requests=_alert_counts(
            service_request_scope(viewer).filter(_in_subtree("handling_unit", unit), status__in=OPEN_STATUSES)
        ),
        tasks=_alert_counts(
            task_scope(viewer).filter(_in_subtree("owner_unit", unit), status__in=RUNNING_TASK_STATUSES)
        ),
        disputes=_alert_counts(
            dispute_scope(viewer).filter(_in_subtree("handling_unit", unit), status=DisputeStatus.OPEN)
        ),
    )


@dataclass(frozen=True)
class MonthFigures:
    month: date
    accepted: int
    completed: int
    on_time: int
    disputes: int
    settled: int
    settled_in_village: int

    @property
    def on_time_percent(self) -> int | None:
        return round(self.on_time * 100 / self.completed) if self.completed else None


def month_figures(viewer: AnyUser, unit: Unit, today: date) -> MonthFigures:
    """This month's service requests accepted in the unit's subtree, and the disputes registered there."""
    month = today.replace(day=1)
    requests = (
        service_request_scope(viewer)
        .filter(_in_subtree("handling_unit", unit), accepted_on__gte=month, accepted_on__lte=today)
        .aggregate(
            accepted=Count("pk"),
            completed=Count("pk", filter=Q(status=RequestStatus.COMPLETED)),
            on_time=Count("pk", filter=Q(completed_on_time=True)),
        )
    )
    disputes = (
        dispute_scope(viewer)
        .filter(_in_subtree("place", unit), registered_on__gte=month, registered_on__lte=today)
        .aggregate(
            registered=Count("pk"),
            settled=Count("pk", filter=Q(status=DisputeStatus.SETTLED)),
            in_village=Count("pk", filter=Q(settled_level=SettledLevel.VILLAGE)),
        )
    )
    return MonthFigures(
        month=month,
        accepted=requests["accepted"],
        completed=requests["completed"],
        on_time=requests["on_time"],
        disputes=disputes["registered"],
        settled=disputes["settled"],
        settled_in_village=disputes["in_village"],
    )


# ---- 县级总览: the county's races of towns, side by side ----------------------------------------------------


@dataclass(frozen=True)
class TownRace:
    access: SchemeAccess
    latest: Period | None
    rows: list[BoardRow]
    periods: list[Period] = field(default_factory=list)
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)  # town, totals per period


def town_races(viewer: AnyUser) -> list[TownRace]:
    """The races of towns the viewer organizes (a county's 一月一乡一推进), each with its latest board and the
    towns' totals over the last periods."""
    races = []
    for access in scheme_accesses(viewer):
        if access.scheme.level != UnitLevel.TOWN or not access.organizer:
            continue
        starts = sorted(computed_periods(access))[-HISTORY_PERIODS:]
        periods = [period_containing(access.scheme.period_kind, start) for start in starts]
        latest = periods[-1] if periods else None
        rows = board_rows(access, latest) if latest else []
        totals: dict[tuple[int, date], float] = {
            (unit_id, start): total / 100
            for unit_id, start, total in Score.objects.filter(
                scheme=access.scheme, period_start__in=starts
            ).values_list("unit_id", "period_start", "total_hundredths")
        }
        series = [(row.unit.name, [totals.get((row.unit.pk, start)) for start in starts]) for row in rows]
        races.append(TownRace(access, latest, rows, periods, series))
    return races
