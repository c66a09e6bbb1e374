"""One number, one definition: the statistics page and the assessment boards show the same 按时办结率 and
满意率 (and 受理, 办结率, 最多跑一次比例) for every unit and month of the demo, and both equal counting the
rows behind the figure."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from xiangzhen.assessment.computing import numerator_aggregate, rows_within
from xiangzhen.assessment.models import Scheme, ScoreComponent
from xiangzhen.assessment.periods import period_containing
from xiangzhen.assessment.registry import computed_indicator
from xiangzhen.demo.township import demo_load
from xiangzhen.org.models import Unit
from xiangzhen.services.figures import ON_TIME_RATE, SATISFACTION_RATE, RateFigure
from xiangzhen.services.selectors import service_statistics

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
PLACES = Decimal("0.000001")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # One load for the whole module, rolled back at its end.
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        demo_load()
        yield
        transaction.set_rollback(True)


def statistics_figure(figure: RateFigure, rows, unit: Unit) -> Decimal | None:
    """The figure the statistics page gives for `unit`: its rows (the handling units in its subtree, a
    村民组's with its village) added up, rated by the page's own RateFigure."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.key in unit.subtree_ids:
            for column in figure.columns:
                counts[column] = counts.get(column, 0) + getattr(row, column)
    rate = figure.of(counts)
    return None if rate is None else rate.quantize(PLACES)


def test_statistics_page_and_boards_agree_for_every_unit_and_month(demo):
    admin = User.objects.get(username="admin")
    figures = {
        "services.on_time_rate": ON_TIME_RATE,
        "services.satisfaction_weighted": SATISFACTION_RATE,
    }
    compared = {code: 0 for code in figures}
    schemes = Scheme.objects.filter(items__indicator__code__in=figures).distinct()
    assert schemes.count() >= 2  # 生机镇's villages and 常山县's towns, monthly
    statistics_by_period = {}
    for scheme in schemes:
        components = ScoreComponent.objects.filter(
            scheme=scheme, item__indicator__code__in=figures
        ).select_related("item__indicator", "unit")
        for component in components:
            period = period_containing(scheme.period_kind, component.period_start)
            if period.start not in statistics_by_period:
                statistics_by_period[period.start] = service_statistics(
                    viewer=admin,
                    since=period.start,
                    until=period.end - timedelta(days=1),
                    today=period.end,
                )
            unit = component.unit
            unit.subtree_ids = set(Unit.objects.within([unit]).values_list("pk", flat=True))
            code = component.item.indicator.code
            shown = statistics_figure(figures[code], statistics_by_period[period.start], unit)
            assert shown == component.value, (unit.name, period.label, code, shown, component.value)
            # And both are what counting the rows behind the figure gives (the board's drill-down).
            definition = computed_indicator(code)
            counted = rows_within(definition, period, unit).aggregate(
                denominator=Count("pk"), numerator=numerator_aggregate(definition)
            )
            if counted["denominator"]:
                assert (Decimal(counted["numerator"] or 0), counted["denominator"]) == (
                    component.numerator,
                    component.denominator,
                ), (unit.name, period.label, code)
            else:
                assert component.value is None
            compared[code] += component.value is not None
    # Every village of 生机镇 has figures most months: the comparison is not of empty sets.
    assert all(count >= 50 for count in compared.values()), compared
