"""Recomputing a scheme's period, set-based.

1. Figures: one GROUP BY per set of rows the indicators count (indicators over the same rows share it),
   grouped by unit over the units of the race, then added up per competing unit — or, for an app that
   keeps its own counts (the service hall's monthly tallies), one read of those; one query for the
   manual entries. Never a loop over rows: the Python loops below run over units (hundreds).
2. Points per figure (assessment.scoring, the same rules the explanations use), stored in one statement.
3. Totals, competition ranks, the change against the previous period and the last-place streak: one
   INSERT … SELECT over the stored points.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, DecimalField, QuerySet, Sum, Value, When

from xiangzhen.assessment.models import ManualEntry, Scheme, SchemeItem, Score, ScoreComponent, Source
from xiangzhen.assessment.periods import Period, period_containing
from xiangzhen.assessment.registry import ComputedIndicator, computed_indicator
from xiangzhen.assessment.scoring import Rule, competition_ranks, points
from xiangzhen.org.models import Unit, subtree_upper_bound

RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class FigureRow:
    numerator: Decimal | None
    denominator: int | None
    value: Decimal | None


MISSING = FigureRow(None, None, None)


def competing_units(scheme: Scheme) -> QuerySet[Unit]:
    return Unit.objects.within([scheme.owner_unit]).filter(level=scheme.level)


def rows_within(definition: ComputedIndicator, period: Period, root: Unit) -> QuerySet[Any]:
    """The period's rows of `definition` that belong to `root`'s subtree (an index range on the path)."""
    path = f"{definition.unit_field}__path"
    return definition.rows(period.start, period.end).filter(
        **{f"{path}__gte": root.path, f"{path}__lt": subtree_upper_bound(root.path)}
    )


def numerator_aggregate(definition: ComputedIndicator) -> Any:
    if definition.numerator is None:
        return Count("pk")
    if definition.numerator_weight is None:
        return Count("pk", filter=definition.numerator)
    return Sum(
        Case(
            When(definition.numerator, then=definition.numerator_weight),
            default=Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=4),
        )
    )


def figure_of(definition: ComputedIndicator, numerator: Any, denominator: int) -> FigureRow:
    counted = Decimal(numerator or 0)
    if definition.rate:
        if not denominator:
            return MISSING
        return FigureRow(counted, denominator, (counted / denominator).quantize(RATE_PLACES))
    return FigureRow(counted, denominator, counted)


def competitor_of_units(owner: Unit, units: list[Unit]) -> dict[int, int]:
    """unit id → id of the competing unit it counts for (itself, or its ancestor at the race's level: a
    村民组's rows count for its village), for every unit under the race's organizer."""
    by_path = {unit.path: unit.pk for unit in units}
    lengths = sorted({len(path) for path in by_path})
    competitor_of: dict[int, int] = {}
    for unit_id, path in Unit.objects.within([owner]).values_list("pk", "path"):
        for length in lengths:
            competitor = by_path.get(path[:length])
            if competitor is not None:
                competitor_of[unit_id] = competitor
                break
    return competitor_of


def computed_figures(
    definitions: list[ComputedIndicator],
    period: Period,
    owner: Unit,
    units: list[Unit],
    competitor_of: dict[int, int],
) -> dict[str, dict[int, FigureRow]]:
    """indicator code → unit id → figure, for indicators counted over the same rows (the same `rows` and
    unit field: 受理 and 办结率, 按时办结率 and 最多跑一次): one GROUP BY per unit gives every one of their
    numerators, read through each unit's (unit, date) index range; units below the competitors (村民组)
    are added to the unit they count for here, a few hundred sums instead of a join per row."""
    first = definitions[0]
    numerators = {f"numerator_{number}": numerator_aggregate(d) for number, d in enumerate(definitions)}
    grouped = (
        first.rows(period.start, period.end)
        .filter(**{f"{first.unit_field}__in": Unit.objects.within([owner]).values("pk")})
        .values(first.unit_field)
        .annotate(denominator=Count("pk"), **numerators)
        .order_by()
    )
    sums: dict[int, list[Any]] = {}
    for row in grouped:
        competitor = competitor_of.get(row[first.unit_field])
        if competitor is None:
            continue
        counted = sums.setdefault(competitor, [0] * (len(definitions) + 1))
        counted[0] += row["denominator"]
        for number in range(len(definitions)):
            counted[number + 1] += row[f"numerator_{number}"] or 0
    figures: dict[str, dict[int, FigureRow]] = {}
    for number, definition in enumerate(definitions):
        found = {
            competitor: figure_of(definition, counted[number + 1], counted[0])
            for competitor, counted in sums.items()
        }
        for unit in units:
            if unit.pk not in found:
                found[unit.pk] = MISSING if definition.rate else FigureRow(Decimal(0), 0, Decimal(0))
        figures[definition.code] = found
    return figures


def counted_figures(
    definitions: list[ComputedIndicator],
    period: Period,
    owner: Unit,
    units: list[Unit],
    competitor_of: dict[int, int],
) -> dict[str, dict[int, FigureRow]]:
    """indicator code → unit id → figure, for indicators read from their app's own counts (`counted_by`,
    shared by the definitions grouped here): the counts of each unit under the race's organizer added up
    per competing unit, then each figure's numerator and denominator taken from them by `counted_as`."""
    counter = definitions[0].counted_by
    assert counter is not None
    sums: dict[int, dict[str, int]] = {}
    for unit_id, counts in counter(period.start, period.end, owner).items():
        competitor = competitor_of.get(unit_id)
        if competitor is None:
            continue
        added = sums.setdefault(competitor, {})
        for column, value in counts.items():
            added[column] = added.get(column, 0) + (value or 0)
    figures: dict[str, dict[int, FigureRow]] = {}
    for definition in definitions:
        figure = definition.counted_as
        assert figure is not None
        found = {
            competitor: figure_of(definition, figure.numerator_of(counts), figure.denominator_of(counts))
            for competitor, counts in sums.items()
        }
        for unit in units:
            if unit.pk not in found:
                found[unit.pk] = MISSING if definition.rate else FigureRow(Decimal(0), 0, Decimal(0))
        figures[definition.code] = found
    return figures


def manual_figures(item: SchemeItem, period: Period, units: list[Unit]) -> dict[int, FigureRow]:
    entries = ManualEntry.objects.filter(
        indicator=item.indicator, period_start=period.start, period_end=period.end, unit__in=units
    ).values_list("unit_id", "value")
    figures = {unit_id: FigureRow(value, None, value) for unit_id, value in entries}
    return {unit.pk: figures.get(unit.pk, MISSING) for unit in units}


def figures_for(
    items: list[SchemeItem], period: Period, owner: Unit, units: list[Unit]
) -> dict[int, dict[int, FigureRow]]:
    """item id → unit id → figure, for every item of a scheme: the computed ones grouped by the rows they
    count, so a scheme of ten service-hall indicators reads the period's rows in four queries, not ten."""
    figures: dict[int, dict[int, FigureRow]] = {}
    shared: dict[tuple[object, str], list[tuple[SchemeItem, ComputedIndicator]]] = {}
    for item in items:
        if item.indicator.source == Source.MANUAL:
            figures[item.pk] = manual_figures(item, period, units)
            continue
        definition = computed_indicator(item.indicator.code)
        if definition is None:  # the app that counted it is gone: say so, never score it as zero
            figures[item.pk] = {unit.pk: MISSING for unit in units}
            continue
        if definition.counted_by is not None:
            shared.setdefault((definition.counted_by, ""), []).append((item, definition))
        else:
            shared.setdefault((definition.rows, definition.unit_field), []).append((item, definition))
    # Which competitor each unit of the race counts for: the same for every row set, looked up once.
    competitor_of = competitor_of_units(owner, units) if shared else {}
    for group in shared.values():
        definitions = [definition for _item, definition in group]
        compute = counted_figures if definitions[0].counted_by is not None else computed_figures
        counted = compute(definitions, period, owner, units, competitor_of)
        for item, definition in group:
            figures[item.pk] = counted[definition.code]
    return figures


ComponentRow = tuple[int, int, Any, int, Decimal | None, int | None, Decimal | None, int | None, int | None]

COMPONENT_COLUMNS = (
    "scheme_id, item_id, period_start, unit_id, numerator, denominator, value, item_rank, points_hundredths"
)
COMPONENTS_INSERT = (
    f"INSERT INTO assessment_scorecomponent ({COMPONENT_COLUMNS}) VALUES ({', '.join(['%s'] * 9)})"
)
# PostgreSQL takes the whole column of each as one array: executemany there costs a round trip per row.
COMPONENTS_INSERT_POSTGRESQL = (
    f"INSERT INTO assessment_scorecomponent ({COMPONENT_COLUMNS}) SELECT * FROM unnest("
    "%s::bigint[], %s::bigint[], %s::date[], %s::bigint[], %s::numeric[], %s::integer[], %s::numeric[], "
    "%s::integer[], %s::integer[])"
)


def _components_store(components: list[ComponentRow]) -> None:
    if not components:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                COMPONENTS_INSERT_POSTGRESQL, [list(column) for column in zip(*components, strict=True)]
            )
        else:
            cursor.executemany(COMPONENTS_INSERT, components)


def scored_components(
    scheme: Scheme, item: SchemeItem, period: Period, figures: dict[int, FigureRow]
) -> list[ComponentRow]:
    """The item's stored rows, one per competing unit, as the parameters of COMPONENTS_INSERT: thousands
    of them per recomputation, where building a model instance for each cost more than the counting."""
    rule = Rule.of(item)
    values = {unit_id: figure.value for unit_id, figure in figures.items()}
    ranks = competition_ranks(values, rule.higher_is_better)
    period_start = connection.ops.adapt_datefield_value(period.start)
    return [
        (
            scheme.pk,
            item.pk,
            period_start,
            unit_id,
            figure.numerator,
            figure.denominator,
            figure.value,
            ranks.get(unit_id),
            points(rule, figure.value, ranks.get(unit_id), len(ranks)),
        )
        for unit_id, figure in figures.items()
    ]


# Totals, ranks (1, 2, 2, 4), the previous period's rank and the last-place streak, in one statement.
# A unit is last when its rank is the worst and not everybody shares it.
SCORES_INSERT = """
INSERT INTO assessment_score (
    scheme_id, period_start, period_end, unit_id, total_hundredths, missing_items,
    rank, previous_rank, last_streak, needs_talk, computed_at
)
SELECT
    ranked.scheme_id, ranked.period_start, %(period_end)s, ranked.unit_id, ranked.total, ranked.missing,
    ranked.place, previous.rank,
    CASE WHEN ranked.place = ranked.worst AND ranked.worst > 1
         THEN COALESCE(previous.last_streak, 0) + 1 ELSE 0 END,
    CASE WHEN ranked.place = ranked.worst AND ranked.worst > 1
              AND COALESCE(previous.last_streak, 0) + 1 >= %(talk_after)s
         THEN TRUE ELSE FALSE END,
    %(computed_at)s
FROM (
    SELECT totals.*, MAX(totals.place) OVER () AS worst
    FROM (
        SELECT scheme_id, period_start, unit_id,
               SUM(COALESCE(points_hundredths, 0)) AS total,
               SUM(CASE WHEN points_hundredths IS NULL THEN 1 ELSE 0 END) AS missing,
               RANK() OVER (ORDER BY SUM(COALESCE(points_hundredths, 0)) DESC) AS place
        FROM assessment_scorecomponent
        WHERE scheme_id = %(scheme_id)s AND period_start = %(period_start)s
        GROUP BY scheme_id, period_start, unit_id
    ) AS totals
) AS ranked
LEFT JOIN assessment_score AS previous
    ON previous.scheme_id = ranked.scheme_id
   AND previous.period_start = %(previous_start)s
   AND previous.unit_id = ranked.unit_id
"""


def _rank(scheme: Scheme, period: Period, now: datetime) -> None:
    operations = connection.ops
    Score.objects.filter(scheme=scheme, period_start=period.start).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            SCORES_INSERT,
            {
                "scheme_id": scheme.pk,
                "period_start": operations.adapt_datefield_value(period.start),
                "period_end": operations.adapt_datefield_value(period.end),
                "previous_start": operations.adapt_datefield_value(period.previous().start),
                "talk_after": scheme.talk_after,
                "computed_at": operations.adapt_datetimefield_value(now),
            },
        )


def period_compute(*, scheme: Scheme, period: Period, now: datetime) -> int:
    """Replace the stored figures, points and scores of `scheme` for `period`; return the units ranked.

    The stored periods after it are re-ranked from their stored points too: their rank change and
    last-place streak read this period's ranks."""
    owner = scheme.owner_unit
    units = list(competing_units(scheme))
    items = list(scheme.items.select_related("indicator"))
    components: list[ComponentRow] = []
    figures = figures_for(items, period, owner, units)
    for item in items:
        components += scored_components(scheme, item, period, figures[item.pk])
    later = sorted(
        set(
            Score.objects.filter(scheme=scheme, period_start__gt=period.start).values_list(
                "period_start", flat=True
            )
        )
    )
    with transaction.atomic():
        ScoreComponent.objects.filter(scheme=scheme, period_start=period.start).delete()
        _components_store(components)
        _rank(scheme, period, now)
        for start in later:
            _rank(scheme, period_containing(scheme.period_kind, start), now)
    return len(units) if items else 0
