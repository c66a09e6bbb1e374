"""The 三率: 基本满意 weighted, upheld 退单 not counted, missing rates missing, ties ranked 1, 2, 2, 4."""

from datetime import date
from decimal import Decimal

from tests.factories import make_unit
from tests.hotline.factories import at, push
from xiangzhen.assessment.computing import numerator_aggregate
from xiangzhen.assessment.registry import computed_indicator
from xiangzhen.hotline.figures import (
    Rates,
    competition_rank,
    counted_orders,
    rates_of,
    three_rates,
    total_rates,
)
from xiangzhen.hotline.models import Rating, RuleSet, WorkOrder
from xiangzhen.hotline.services import order_return_request, order_return_review
from xiangzhen.org.models import UnitLevel

d = date


def _set(order, **fields):
    WorkOrder.objects.filter(pk=order.pk).update(**fields)


def _month(township):
    orders = [push(township, dispatched=at(d(2026, 3, day), 9)) for day in range(2, 12)]
    # 10 orders: 8 responded on time; 5 visited — 2 满意 (solved), 2 基本满意 (1 solved), 1 不满意; 1 未联系上.
    for order in orders[:8]:
        _set(order, responded_on_time=True)
    for order in orders[8:]:
        _set(order, responded_on_time=False)
    _set(orders[0], rating=Rating.SATISFIED, resolved=True)
    _set(orders[1], rating=Rating.SATISFIED, resolved=True)
    _set(orders[2], rating=Rating.BASIC, resolved=True)
    _set(orders[3], rating=Rating.BASIC, resolved=False)
    _set(orders[4], rating=Rating.UNSATISFIED, resolved=False)
    _set(orders[5], rating=Rating.NOT_REACHED)
    return orders


def test_the_three_rates_and_their_weighted_total(township):
    _month(township)
    beijing = RuleSet.objects.get(code="beijing")
    rates = total_rates(counted_orders(d(2026, 3, 1), d(2026, 4, 1)), rule_set=beijing)
    assert rates.response_rate == Decimal("0.8")
    assert rates.resolution_rate == Decimal("0.6")
    assert rates.satisfaction_rate == Decimal("0.76")  # (2 + 0.9 × 2) / 5
    # 30/35/35: 0.8×30 + 0.6×35 + 0.76×35 = 71.6
    assert rates.total == Decimal("71.60")


def test_the_basic_weight_is_data(township):
    _month(township)
    beijing = RuleSet.objects.get(code="beijing")
    beijing.basic_satisfied_weight = Decimal("0.8")
    rates = total_rates(counted_orders(d(2026, 3, 1), d(2026, 4, 1)), rule_set=beijing)
    assert rates.satisfaction_rate == Decimal("0.72")


def test_an_upheld_return_does_not_count_against_the_town_a_refused_one_does(township):
    upheld = push(township, dispatched=at(d(2026, 3, 2), 9))
    refused = push(township, dispatched=at(d(2026, 3, 2), 9))
    for order, uphold in ((upheld, True), (refused, False)):
        order_return_request(
            actor=township.town_leader.user,
            order=order,
            reason="not_our_duty",
            note="非本镇",
            law="某条例第3条",
        )
        order_return_review(actor=township.county_supervisor.user, order=order, uphold=uphold, note="审核")
    rates = total_rates(counted_orders(d(2026, 3, 1), d(2026, 4, 1)), rule_set=None)
    assert rates.dispatched == 1
    assert rates.response_rate == Decimal(0)  # refused, never contacted: late


def test_a_town_without_visits_has_missing_rates_not_zero(township):
    push(township, dispatched=at(d(2026, 3, 2), 9))
    rates = total_rates(counted_orders(d(2026, 3, 1), d(2026, 4, 1)), rule_set=None)
    assert rates.resolution_rate is None and rates.satisfaction_rate is None
    assert rates.total == Decimal("0.00")  # only the response rate is present, and it is 0


def test_ties_share_a_rank():
    def row(label, total):
        counts = dict.fromkeys(
            ("dispatched", "responded", "visited", "resolved", "satisfied", "basic", "unsatisfied", "redone"),
            0,
        )
        return Rates(
            key=label,
            label=label,
            **counts,
            response_rate=None,
            resolution_rate=None,
            satisfaction_rate=None,
            total=total,
        )

    ranked = competition_rank(
        [
            row("甲", Decimal(90)),
            row("乙", Decimal(80)),
            row("丙", Decimal(80)),
            row("丁", Decimal(70)),
            row("戊", None),
        ]
    )
    assert {r.label: r.rank for r in ranked} == {"甲": 1, "乙": 2, "丙": 2, "丁": 4, "戊": 0}
    assert ranked[-1].label == "戊"  # missing last


def test_rates_per_town_and_handling_unit(township):
    push(township, dispatched=at(d(2026, 3, 2), 9))
    haizi = make_unit("海子街镇", UnitLevel.TOWN, township.qixingguan)
    push(township, dispatched=at(d(2026, 3, 2), 9), town=haizi)
    orders = counted_orders(d(2026, 3, 1), d(2026, 4, 1))
    assert {row.label for row in three_rates(orders, by="town", rule_set=None)} == {"生机镇", "海子街镇"}
    assert three_rates(orders, by="unit", rule_set=None)


def test_the_indicators_count_the_same_as_the_page(township):
    _month(township)
    start, end = d(2026, 3, 1), d(2026, 4, 1)
    page = total_rates(counted_orders(start, end), rule_set=None)
    satisfaction = computed_indicator("hotline.satisfaction_rate")
    rows = satisfaction.rows(start, end)
    value = rows.aggregate(n=numerator_aggregate(satisfaction))["n"] / rows.count()
    assert Decimal(value).quantize(Decimal("0.0001")) == page.satisfaction_rate
    response = computed_indicator("hotline.response_rate")
    assert response.rate and satisfaction.rate and computed_indicator("hotline.resolution_rate").rate


def test_rates_of_counts_directly():
    counts = {
        "dispatched": 4,
        "responded": 4,
        "visited": 3,
        "resolved": 3,
        "satisfied": 3,
        "basic": 0,
        "unsatisfied": 0,
        "redone": 0,
    }
    rates = rates_of(counts, key=1, label="x", rule_set=None)
    assert rates.total == Decimal("100.00")
