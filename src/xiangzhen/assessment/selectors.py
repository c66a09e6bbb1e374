"""Reads of the assessment app. Boards read stored scores only; explanations read the stored points.

Who sees what: the units above a race (the town or county that runs it) see everything of it. A competing
unit (a village in a town's race) sees the published boards and its own breakdown, never another
competitor's breakdown or rows.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from xiangzhen.assessment.computing import competing_units, rows_within
from xiangzhen.assessment.models import (
    Board,
    ComputeRun,
    Scheme,
    SchemeItem,
    Score,
    ScoreComponent,
    Source,
    points_of,
)
from xiangzhen.assessment.periods import Period, period_containing, periods_between
from xiangzhen.assessment.registry import computed_indicator
from xiangzhen.assessment.scoring import Rule, competition_ranks, points, value_for_points
from xiangzhen.errors import NotFound
from xiangzhen.org.models import Assignment, Cadre, Post, Unit
from xiangzhen.org.permissions import user_is_administrator
from xiangzhen.org.selectors import AnyUser, visible_units


@dataclass(frozen=True)
class SchemeAccess:
    scheme: Scheme
    organizer: bool  # sees every unit's breakdown and unpublished periods
    own_unit_ids: frozenset[int]  # the competing units the viewer answers for

    def may_see_unit(self, unit_id: int) -> bool:
        return self.organizer or unit_id in self.own_unit_ids


def _access(
    viewer: AnyUser, scheme: Scheme, visible_ids: set[int], visible_paths: list[str]
) -> SchemeAccess | None:
    if user_is_administrator(viewer) or scheme.owner_unit_id in visible_ids:
        return SchemeAccess(scheme, True, frozenset())
    owner_path = scheme.owner_unit.path
    if not any(path.startswith(owner_path) for path in visible_paths):
        return None
    own = frozenset(competing_units(scheme).filter(pk__in=visible_ids).values_list("pk", flat=True))
    if not own:
        # A cadre of a group under a village answers for that village.
        own = frozenset(
            unit.pk
            for unit in competing_units(scheme)
            if any(path.startswith(unit.path) for path in visible_paths)
        )
    return SchemeAccess(scheme, False, own) if own else None


def scheme_accesses(viewer: AnyUser) -> list[SchemeAccess]:
    visible = list(visible_units(viewer).values_list("pk", "path"))
    visible_ids = {pk for pk, _ in visible}
    paths = [path for _, path in visible]
    accesses = []
    for scheme in Scheme.objects.filter(is_active=True).select_related("owner_unit"):
        access = _access(viewer, scheme, visible_ids, paths)
        if access is not None:
            accesses.append(access)
    return accesses


def scheme_get_for_user(viewer: AnyUser, scheme_id: int) -> SchemeAccess:
    scheme = Scheme.objects.select_related("owner_unit").filter(pk=scheme_id, is_active=True).first()
    if scheme is None:
        raise NotFound("未找到该考核方案,或不在您的管辖范围内")
    visible = list(visible_units(viewer).values_list("pk", "path"))
    access = _access(viewer, scheme, {pk for pk, _ in visible}, [path for _, path in visible])
    if access is None:
        raise NotFound("未找到该考核方案,或不在您的管辖范围内")
    return access


def scheme_items(scheme: Scheme) -> list[SchemeItem]:
    return list(scheme.items.select_related("indicator"))


def computed_periods(access: SchemeAccess) -> list[date]:
    """Period starts with stored scores, newest first; a competitor sees the published ones only."""
    model: type[Score | Board] = Score if access.organizer else Board
    starts = model.objects.filter(scheme=access.scheme).values_list("period_start", flat=True)
    return sorted(set(starts), reverse=True)


def period_for(access: SchemeAccess, text: str | None) -> Period | None:
    """The period asked for (a date inside it), else the newest one the viewer may see."""
    kind = access.scheme.period_kind
    available = computed_periods(access)
    if text:
        try:
            wanted = period_containing(kind, date.fromisoformat(text))
        except ValueError:
            raise NotFound("考核周期格式不对,请用日期(如 2026-11-16)") from None
        if access.organizer or wanted.start in available:
            return wanted
        raise NotFound("该期榜单尚未发布")
    return period_containing(kind, available[0]) if available else None


def is_published(scheme: Scheme, period: Period) -> bool:
    return Board.objects.filter(scheme=scheme, period_start=period.start).exists()


@dataclass(frozen=True)
class BoardRow:
    score: Score
    unit: Unit
    may_open: bool

    @property
    def total(self) -> Decimal:
        return self.score.total


BOARD_SCORE_FIELDS = (
    "unit",
    "rank",
    "previous_rank",
    "total_hundredths",
    "missing_items",
    "last_streak",
    "needs_talk",
)


def board_rows(access: SchemeAccess, period: Period) -> list[BoardRow]:
    scores = (
        Score.objects.filter(scheme=access.scheme, period_start=period.start)
        .select_related("unit")
        .order_by("rank", "unit__path")
        # A county's race lists hundreds of units on every board view: only what the board shows.
        .only(*BOARD_SCORE_FIELDS, "unit__name", "unit__path")
    )
    return [BoardRow(score, score.unit, access.may_see_unit(score.unit_id)) for score in scores]


def latest_run(scheme: Scheme) -> ComputeRun | None:
    return ComputeRun.objects.filter(scheme=scheme).first()


@dataclass(frozen=True)
class ComponentRow:
    item: SchemeItem
    component: ScoreComponent | None

    @property
    def points(self) -> Decimal | None:
        return self.component.points if self.component else None

    @property
    def missing(self) -> bool:
        return self.component is None or self.component.points_hundredths is None

    @property
    def computed(self) -> bool:
        return self.item.indicator.source == Source.COMPUTED

    @property
    def figure_text(self) -> str:
        if self.component is None or self.component.value is None:
            return "缺数据"
        indicator = self.item.indicator
        if indicator.is_rate:
            text = f"{self.component.value * 100:.1f}%"
            if self.component.denominator is not None:
                text += f"({_plain(self.component.numerator)}/{self.component.denominator})"
            return text
        return f"{_plain(self.component.value)}{indicator.unit_label}"


def _plain(value: Decimal | None) -> str:
    if value is None:
        return "—"
    normalized = value.normalize()
    return (
        f"{normalized:f}" if normalized == normalized.to_integral() else f"{value.quantize(Decimal('0.01'))}"
    )


@dataclass(frozen=True)
class Breakdown:
    score: Score | None
    rows: list[ComponentRow]

    @property
    def parts_total(self) -> Decimal:
        """The sum of the parts, computed here from the parts: it must equal the stored total."""
        return points_of(
            sum(row.component.points_hundredths or 0 for row in self.rows if row.component)
        ) or Decimal(0)


def _require_unit(access: SchemeAccess, unit_id: int) -> Unit:
    unit = competing_units(access.scheme).filter(pk=unit_id).first()
    if unit is None or not access.may_see_unit(unit_id):
        raise NotFound("未找到该单位的得分,或您无权查看")
    return unit


def breakdown(access: SchemeAccess, period: Period, unit_id: int) -> tuple[Unit, Breakdown]:
    unit = _require_unit(access, unit_id)
    score = Score.objects.filter(scheme=access.scheme, period_start=period.start, unit=unit).first()
    components = {
        component.item_id: component
        for component in ScoreComponent.objects.filter(
            scheme=access.scheme, period_start=period.start, unit=unit
        )
    }
    rows = [ComponentRow(item, components.get(item.pk)) for item in scheme_items(access.scheme)]
    return unit, Breakdown(score, rows)


@dataclass(frozen=True)
class FigureRows:
    unit: Unit
    item: SchemeItem
    columns: list[str]
    rows: list[tuple[list[str], bool, str]]  # cells, counted in the numerator, link
    total: int
    counted: int


def _cell(row: Any, path: str) -> str:
    value: Any = row
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    display = getattr(row, f"get_{path}_display", None)
    if callable(display) and "__" not in path:
        return str(display())
    return str(value)


def figure_rows(
    access: SchemeAccess, period: Period, unit_id: int, item_id: int, limit: int = 200
) -> FigureRows:
    """The rows behind one computed figure of one unit, each marked whether it counts in the numerator."""
    unit = _require_unit(access, unit_id)
    item = SchemeItem.objects.select_related("indicator").filter(scheme=access.scheme, pk=item_id).first()
    definition = computed_indicator(item.indicator.code) if item is not None else None
    if item is None or definition is None:
        raise NotFound("该指标不是由业务数据计算的,没有明细")
    rows = rows_within(definition, period, unit).order_by("pk")
    counted_ids = (
        set(rows.filter(definition.numerator).values_list("pk", flat=True)) if definition.numerator else None
    )
    related = {path.rsplit("__", 1)[0] for _, path in definition.row_columns if "__" in path}
    listed = []
    for row in rows.select_related(*related)[:limit]:
        counted = counted_ids is None or row.pk in counted_ids
        link = definition.row_link(row) if definition.row_link else ""
        listed.append(([_cell(row, path) for _, path in definition.row_columns], counted, link))
    total = rows.count()
    return FigureRows(
        unit=unit,
        item=item,
        columns=[label for label, _ in definition.row_columns],
        rows=listed,
        total=total,
        counted=len(counted_ids) if counted_ids is not None else total,
    )


@dataclass(frozen=True)
class GapRow:
    item: SchemeItem
    first: Decimal | None
    second: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.first or Decimal(0)) - (self.second or Decimal(0))


@dataclass(frozen=True)
class Gap:
    first: Unit
    second: Unit
    first_score: Score | None
    second_score: Score | None
    rows: list[GapRow]

    @property
    def difference(self) -> Decimal:
        return sum((row.difference for row in self.rows), Decimal(0))


def gap(access: SchemeAccess, period: Period, first_id: int, second_id: int) -> Gap:
    """Why one unit is behind another: the difference of their totals, item by item."""
    first, first_breakdown = breakdown(access, period, first_id)
    second, second_breakdown = breakdown(access, period, second_id)
    rows = [
        GapRow(a.item, a.points, b.points)
        for a, b in zip(first_breakdown.rows, second_breakdown.rows, strict=True)
    ]
    return Gap(first, second, first_breakdown.score, second_breakdown.score, rows)


@dataclass(frozen=True)
class Lift:
    item: SchemeItem
    current: Decimal | None
    needed: Decimal
    rows_more: int | None  # for a computed figure: rows to add to (negative: remove from) the numerator
    new_rank: int
    effort: Decimal = field(compare=False)


def _totals_with(
    components: list[ScoreComponent], rules: dict[int, Rule], unit_id: int, item_id: int, value: Decimal
) -> dict[int, int]:
    """Every unit's total (hundredths) if `unit_id`'s figure of `item_id` were `value`."""
    totals: dict[int, int] = {}
    by_item: dict[int, dict[int, Decimal | None]] = {}
    for component in components:
        figure = value if (component.unit_id, component.item_id) == (unit_id, item_id) else component.value
        by_item.setdefault(component.item_id, {})[component.unit_id] = figure
    for item, values in by_item.items():
        rule = rules[item]
        ranks = competition_ranks(values, rule.higher_is_better)
        for unit, figure in values.items():
            totals[unit] = totals.get(unit, 0) + (points(rule, figure, ranks.get(unit), len(ranks)) or 0)
    return totals


def lift_one_rank(access: SchemeAccess, period: Period, unit_id: int) -> tuple[Score | None, list[Lift]]:
    """For each indicator, the smallest change of this unit's figure alone that moves it up at least one
    place; the list starts with the smallest relative change. Checked by rescoring the whole period."""
    _require_unit(access, unit_id)
    score = Score.objects.filter(scheme=access.scheme, period_start=period.start, unit_id=unit_id).first()
    if score is None or score.rank == 1:
        return score, []
    components = list(ScoreComponent.objects.filter(scheme=access.scheme, period_start=period.start))
    items = {item.pk: item for item in scheme_items(access.scheme)}
    rules = {pk: Rule.of(item) for pk, item in items.items()}
    ahead = (
        Score.objects.filter(scheme=access.scheme, period_start=period.start, rank__lt=score.rank)
        .order_by("-rank")
        .first()
    )
    assert ahead is not None  # rank > 1
    lifts = []
    for component in components:
        if component.unit_id != unit_id or component.value is None:
            continue
        item, rule = items[component.item_id], rules[component.item_id]
        others = [
            c.value
            for c in components
            if c.item_id == item.pk and c.unit_id != unit_id and c.value is not None
        ]
        wanted = (component.points_hundredths or 0) + ahead.total_hundredths - score.total_hundredths
        needed = value_for_points(rule, wanted, current=component.value, others=others)
        if needed is None or needed == component.value:
            continue
        totals = _totals_with(components, rules, unit_id, item.pk, needed)
        new_rank = 1 + sum(1 for unit, total in totals.items() if unit != unit_id and total > totals[unit_id])
        if new_rank >= score.rank:
            continue
        rows_more = None
        if item.indicator.source == Source.COMPUTED and item.indicator.is_rate and component.denominator:
            exact = needed * component.denominator - (component.numerator or 0)
            rows_more = int(exact.to_integral_value(rounding="ROUND_CEILING" if exact > 0 else "ROUND_FLOOR"))
        elif item.indicator.source == Source.COMPUTED:
            rows_more = int(needed - component.value)
        scale = Decimal(1) if item.indicator.is_rate else max(abs(component.value), Decimal(1))
        lifts.append(
            Lift(item, component.value, needed, rows_more, new_rank, abs(needed - component.value) / scale)
        )
    return score, sorted(lifts, key=lambda lift: lift.effort)


def rank_history(scheme: Scheme, unit: Unit, limit: int = 12) -> list[Score]:
    return list(reversed(Score.objects.filter(scheme=scheme, unit=unit).order_by("-period_start")[:limit]))


def units_needing_talk(scheme: Scheme, period: Period) -> QuerySet[Score]:
    return Score.objects.filter(scheme=scheme, period_start=period.start, needs_talk=True).select_related(
        "unit"
    )


# ---- Linkage: a cadre's personal score from the units they answer for ----------------------------------


@dataclass(frozen=True)
class LinkedScheme:
    scheme: Scheme
    unit: Unit
    periods: int
    average_percent: Decimal  # the unit's average total as a share of the scheme's full points, × 100
    weight: Decimal

    @property
    def contribution(self) -> Decimal:
        return self.average_percent * self.weight


@dataclass(frozen=True)
class CadreYearSheet:
    cadre: Cadre
    year: int
    lines: list[LinkedScheme]

    @property
    def total_weight(self) -> Decimal:
        return sum((line.weight for line in self.lines), Decimal(0))

    @property
    def personal_score(self) -> Decimal | None:
        """The weighted average of the linked units' results, out of 100."""
        if not self.total_weight:
            return None
        total = sum((line.contribution for line in self.lines), Decimal(0))
        return (total / self.total_weight).quantize(Decimal("0.01"))


def _answered_units(cadre: Cadre, year: int) -> list[Unit]:
    """The units of the cadre's posts and assignments (包村、驻村) that overlap the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    overlapping = Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))
    unit_ids = {
        *Post.objects.filter(overlapping, cadre=cadre).values_list("unit_id", flat=True),
        *Assignment.objects.filter(overlapping, cadre=cadre).values_list("unit_id", flat=True),
    }
    return list(Unit.objects.filter(pk__in=unit_ids).order_by("path"))


def cadre_year_sheet(cadre: Cadre, year: int, schemes: Iterable[Scheme] | None = None) -> CadreYearSheet:
    """挂钩考核: every race one of the cadre's units ran in this year, the unit's average result, the weight."""
    units = _answered_units(cadre, year)
    lines = []
    for scheme in (
        schemes if schemes is not None else Scheme.objects.filter(is_active=True).select_related("owner_unit")
    ):
        competitors = {unit.pk: unit for unit in competing_units(scheme)}
        full = scheme.full_points
        for unit in units:
            # A cadre posted at a village's group answers for the village; one at the village, for itself.
            competitor = next(
                (competitors[pk] for pk in [unit.pk, *unit.ancestor_ids()] if pk in competitors), None
            )
            if competitor is None or not full:
                continue
            totals = list(
                Score.objects.filter(
                    scheme=scheme,
                    unit=competitor,
                    period_start__gte=date(year, 1, 1),
                    period_start__lt=date(year + 1, 1, 1),
                ).values_list("total_hundredths", flat=True)
            )
            if not totals:
                continue
            average = Decimal(sum(totals)) / 100 / len(totals)
            lines.append(
                LinkedScheme(
                    scheme=scheme,
                    unit=competitor,
                    periods=len(totals),
                    average_percent=(average / full * 100).quantize(Decimal("0.01")),
                    weight=scheme.linkage_weight,
                )
            )
    unique = {(line.scheme.pk, line.unit.pk): line for line in lines}
    return CadreYearSheet(cadre, year, list(unique.values()))


def periods_of_year(scheme: Scheme, year: int) -> list[Period]:
    return periods_between(scheme.period_kind, date(year, 1, 1), date(year, 12, 31))
