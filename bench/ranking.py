"""A month's ranking of every village of the county on the built-in indicators (service hall, disputes,
supervision), two ways:

* computing it: the assessment app's set-based recomputation (`scores_compute`, what `compute_scores`
  and the nightly job run: one GROUP BY per indicator, points, totals and ranks stored) against the
  hand-written GROUP BYs a database engineer would write for the same figures (one per row set, several
  indicators from each);
* reading it: the board page's rows (`board_rows`, the stored scores) against one hand-written SELECT.

Before timing, every figure (numerator and denominator of each indicator for each village) is checked
against the hand-written SQL, and the board against the stored ranks.
"""

import statistics
from datetime import date
from decimal import Decimal
from typing import Any

from bench.generate import NOW, County
from bench.measure import check, explain, explain_heaviest, replayed_reads, sql, timed

INDICATORS = [
    "services.accepted",
    "services.response_rate",
    "services.completion_rate",
    "services.on_time_rate",
    "services.one_visit_rate",
    "services.satisfaction_rate",
    "services.satisfaction_weighted",
    "disputes.settled",
    "disputes.settled_in_village_rate",
    "supervision.overdue_tasks",
]
VILLAGES = "SELECT id FROM org_unit WHERE level = 'village' AND path >= %s AND path < %s"
# One GROUP BY per row set; each feeds every indicator counted over that set.
ACCEPTED_SQL = f"""
SELECT handling_unit_id, COUNT(*), COUNT(*) FILTER (WHERE status = 'completed')
FROM services_servicerequest
WHERE accepted_on >= %s AND accepted_on < %s AND handling_unit_id IN ({VILLAGES})
GROUP BY handling_unit_id
"""
REGISTERED_SQL = f"""
SELECT handling_unit_id, COUNT(*), COUNT(*) FILTER (WHERE status <> 'awaiting_materials')
FROM services_servicerequest
WHERE created_at >= %s AND created_at < %s AND handling_unit_id IN ({VILLAGES})
GROUP BY handling_unit_id
"""
COMPLETED_SQL = f"""
SELECT handling_unit_id, COUNT(*), COUNT(*) FILTER (WHERE completed_on_time = %s),
       COUNT(*) FILTER (WHERE visits <= 1)
FROM services_servicerequest
WHERE status = 'completed' AND completed_on >= %s AND completed_on < %s AND handling_unit_id IN ({VILLAGES})
GROUP BY handling_unit_id
"""
RATED_SQL = f"""
SELECT r.handling_unit_id, COUNT(*), COUNT(*) FILTER (WHERE g.level >= 3),
       SUM(CASE WHEN g.level = 3 THEN 0.9 WHEN g.level > 3 THEN 1 ELSE 0 END)
FROM services_rating g JOIN services_servicerequest r ON r.id = g.request_id
WHERE g.created_at >= %s AND g.created_at < %s AND r.handling_unit_id IN ({VILLAGES})
GROUP BY r.handling_unit_id
"""
SETTLED_SQL = f"""
SELECT place_id, COUNT(*), COUNT(*) FILTER (WHERE settled_level = 'village')
FROM disputes_dispute
WHERE status = 'settled' AND settled_on >= %s AND settled_on < %s AND place_id IN ({VILLAGES})
GROUP BY place_id
"""
OVERDUE_SQL = f"""
SELECT owner_unit_id, COUNT(*)
FROM supervision_task
WHERE due_date >= %s AND due_date < %s AND (completed_on > due_date OR completed_on IS NULL)
  AND owner_unit_id IN ({VILLAGES})
GROUP BY owner_unit_id
"""
BOARD_SQL = """
SELECT s.rank, s.total_hundredths, u.id, u.name
FROM assessment_score s JOIN org_unit u ON u.id = s.unit_id
WHERE s.scheme_id = %s AND s.period_start = %s
ORDER BY s.rank, u.path
"""

# The same board in two statements: the scores in the order of the (scheme, period, rank) index, then the
# units' names by primary key, ties ordered by path in Python. The run times both forms (each checked) and
# keeps the faster as the reference, so the board is measured against the best plan found, not one guess.
BOARD_SCORES_SQL = """
SELECT rank, total_hundredths, unit_id FROM assessment_score
WHERE scheme_id = %s AND period_start = %s ORDER BY rank
"""

Figures = dict[tuple[str, int], tuple[Any, Any]]


def _scheme(county: County) -> Any:
    from xiangzhen.assessment.models import Indicator, Normalization, Scheme, SchemeItem
    from xiangzhen.assessment.services import indicators_sync
    from xiangzhen.org.models import Unit, UnitLevel

    indicators_sync()
    scheme = Scheme.objects.create(
        name="村级月度综合考核",
        owner_unit=Unit.objects.get(pk=county.county_id),
        level=UnitLevel.VILLAGE,
        period_kind="month",
    )
    for position, code in enumerate(INDICATORS):
        indicator = Indicator.objects.get(code=code)
        SchemeItem.objects.create(
            scheme=scheme,
            indicator=indicator,
            weight=Decimal(10),
            normalization=Normalization.RATE if indicator.is_rate else Normalization.RANK,
            position=position,
        )
    return scheme


def _rounded(value: Any) -> Any:
    return None if value is None else round(float(value), 4)


def _app_figures(scheme: Any, period_start: date) -> Figures:
    from xiangzhen.assessment.models import ScoreComponent

    components = ScoreComponent.objects.filter(scheme=scheme, period_start=period_start).select_related(
        "item__indicator"
    )
    return {
        (component.item.indicator.code, component.unit_id): (
            _rounded(component.numerator),
            component.denominator,
        )
        for component in components
    }


def _hand_figures(county_path: str, upper: str, start: date, end: date, today: date) -> Figures:
    from django.db import connection

    from xiangzhen.assessment.registry import start_of

    stamp = connection.ops.adapt_datetimefield_value
    villages = [county_path, upper]
    figures: Figures = {}
    for unit, count, completed in sql(ACCEPTED_SQL, [start, end, *villages]):
        figures["services.accepted", int(str(unit))] = (_rounded(count), count)
        figures["services.completion_rate", int(str(unit))] = (_rounded(completed), count)
    for unit, count, responded in sql(
        REGISTERED_SQL, [stamp(start_of(start)), stamp(start_of(end)), *villages]
    ):
        figures["services.response_rate", int(str(unit))] = (_rounded(responded), count)
    for unit, count, on_time, one_visit in sql(COMPLETED_SQL, [True, start, end, *villages]):
        figures["services.on_time_rate", int(str(unit))] = (_rounded(on_time), count)
        figures["services.one_visit_rate", int(str(unit))] = (_rounded(one_visit), count)
    for unit, count, satisfied, weighted in sql(
        RATED_SQL, [stamp(start_of(start)), stamp(start_of(end)), *villages]
    ):
        figures["services.satisfaction_rate", int(str(unit))] = (_rounded(satisfied), count)
        figures["services.satisfaction_weighted", int(str(unit))] = (_rounded(weighted), count)
    for unit, count, in_village in sql(SETTLED_SQL, [start, end, *villages]):
        figures["disputes.settled", int(str(unit))] = (_rounded(count), count)
        figures["disputes.settled_in_village_rate", int(str(unit))] = (_rounded(in_village), count)
    for unit, count in sql(OVERDUE_SQL, [start, min(end, today), *villages]):
        figures["supervision.overdue_tasks", int(str(unit))] = (_rounded(count), count)
    return figures


def run(county: County, *, repeat: int) -> dict[str, Any]:
    from django.utils import timezone

    from xiangzhen.assessment.models import Score
    from xiangzhen.assessment.periods import period_containing
    from xiangzhen.assessment.registry import registered
    from xiangzhen.assessment.selectors import SchemeAccess, board_rows
    from xiangzhen.assessment.services import scores_compute
    from xiangzhen.org.models import Unit, subtree_upper_bound

    scheme = _scheme(county)
    # The last whole month before the generated year ends.
    period = period_containing("month", date(2026, 10, 15))
    county_unit = Unit.objects.get(pk=county.county_id)
    upper = subtree_upper_bound(county_unit.path)
    today = timezone.localdate()
    rates = {code for code, definition in registered().items() if definition.rate}

    def compute() -> int:
        return scores_compute(actor=None, scheme=scheme, period=period, now=NOW)

    def hand_compute() -> Figures:
        return _hand_figures(county_unit.path, upper, period.start, period.end, today)

    compute()
    ours = _app_figures(scheme, period.start)
    theirs = hand_compute()
    # A village without rows: a rate is missing (no figure), a count is zero, as the app stores them.
    villages = list(Unit.objects.filter(level="village").values_list("pk", flat=True))
    for code in INDICATORS:
        for village in villages:
            theirs.setdefault((code, village), (None, None) if code in rates else (0.0, 0))
    check("月度排名的各项数据", ours, theirs)

    access = SchemeAccess(scheme, True, frozenset())

    def board() -> list[tuple[int, int, int]]:
        return [
            (row.score.rank, row.score.total_hundredths, row.unit.pk) for row in board_rows(access, period)
        ]

    def hand_board() -> list[tuple[int, int, int]]:
        return [
            (int(str(rank)), int(str(total)), int(str(unit)))
            for rank, total, unit, _name in sql(BOARD_SQL, [scheme.pk, period.start])
        ]

    def hand_board_in_two() -> list[tuple[int, int, int]]:
        scores = sql(BOARD_SCORES_SQL, [scheme.pk, period.start])
        units = [int(str(unit)) for _rank, _total, unit in scores]
        marks = ", ".join(["%s"] * len(units))
        paths = dict(sql(f"SELECT id, path FROM org_unit WHERE id IN ({marks})", units)) if units else {}
        rows = sorted(scores, key=lambda row: (int(str(row[0])), str(paths[row[2]])))
        return [(int(str(rank)), int(str(total)), int(str(unit))) for rank, total, unit in rows]

    check("榜单", board(), hand_board())
    check("榜单(两条语句)", board(), hand_board_in_two())
    joined, in_two = timed(hand_board, repeat * 4), timed(hand_board_in_two, repeat * 4)
    board_reference = min(joined, in_two, key=statistics.median)
    ranked = Score.objects.filter(scheme=scheme, period_start=period.start).count()
    return {
        "operations": {
            "ranking": {
                "app": timed(compute, repeat),
                "reference": timed(hand_compute, repeat),
                "app_sql": timed(replayed_reads(compute), repeat),
            },
            "board": {
                "app": timed(board, repeat * 4),
                "reference": board_reference,
                "app_sql": timed(replayed_reads(board), repeat * 4),
            },
        },
        "facts": {
            "ranked": ranked,
            "indicators": len(INDICATORS),
            "board_reference": "join" if board_reference is joined else "two statements",
        },
        "plans": {
            "ranking": explain(ACCEPTED_SQL, [period.start, period.end, county_unit.path, upper]),
            "ranking_app": explain_heaviest(compute),
            "board": explain(BOARD_SQL, [scheme.pk, period.start]),
        },
    }
