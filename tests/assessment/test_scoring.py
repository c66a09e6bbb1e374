from decimal import Decimal

import pytest

from xiangzhen.assessment.models import Normalization
from xiangzhen.assessment.scoring import Rule, competition_ranks, points, value_for_points

D = Decimal


def test_ties_share_a_place_and_the_next_place_is_skipped():
    assert competition_ranks({1: D(90), 2: D(85), 3: D(85), 4: D(70)}, True) == {1: 1, 2: 2, 3: 2, 4: 4}


def test_lower_is_better_ranks_ascending_and_missing_figures_get_no_rank():
    assert competition_ranks({1: D(3), 2: D(0), 3: None, 4: D(3)}, False) == {1: 2, 2: 1, 4: 2}


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (Rule(D(20), Normalization.RATE, "higher"), D("0.666667"), 1333),
        (Rule(D(20), Normalization.RATE, "higher", target=D("0.8")), D("0.6"), 1500),
        (Rule(D(20), Normalization.RATE, "higher", target=D("0.8")), D("0.9"), 2000),
        (Rule(D(10), Normalization.RATE, "lower"), D("0.25"), 750),
        (Rule(D(10), Normalization.RATE, "lower", target=D("0.05")), D("0.04"), 1000),
        (Rule(D(10), Normalization.THRESHOLD, "higher", target=D("0.9")), D("0.9"), 1000),
        (Rule(D(10), Normalization.THRESHOLD, "higher", target=D("0.9")), D("0.89"), 0),
        (Rule(D(10), Normalization.THRESHOLD, "lower", target=D(2)), D(3), 0),
        (Rule(D(10), Normalization.CAP, "higher", per_item=D(2)), D(3), 600),
        (Rule(D(10), Normalization.CAP, "higher", per_item=D(2)), D(8), 1000),
        (Rule(D(10), Normalization.DEDUCTION, "lower", per_item=D("0.1")), D(7), 930),
        (Rule(D(1), Normalization.DEDUCTION, "lower", per_item=D("0.5")), D(5), 0),
        (Rule(D(70), Normalization.DIRECT, "higher"), D("65.5"), 6550),
        (Rule(D(70), Normalization.DIRECT, "higher"), D(80), 7000),
    ],
)
def test_each_rule_turns_a_figure_into_points(rule, value, expected):
    assert points(rule, value) == expected


def test_rank_points_fall_evenly_from_full_to_zero():
    rule = Rule(D(30), Normalization.RANK, "higher")
    assert [points(rule, D(0), place, 4) for place in (1, 2, 2, 4)] == [3000, 2000, 2000, 0]
    assert points(rule, D(5), 1, 1) == 3000  # a field of one takes full points


def test_a_missing_figure_earns_no_points_rather_than_zero():
    for normalization in Normalization.values:
        assert points(Rule(D(10), normalization, "higher", target=D(1), per_item=D(1)), None) is None


@pytest.mark.parametrize(
    ("rule", "current", "wanted"),
    [
        (Rule(D(20), Normalization.RATE, "higher"), D("0.5"), 1500),
        (Rule(D(20), Normalization.RATE, "higher", target=D("0.8")), D("0.5"), 1900),
        (Rule(D(10), Normalization.RATE, "lower"), D("0.5"), 800),
        (Rule(D(10), Normalization.CAP, "higher", per_item=D(2)), D(1), 700),
        (Rule(D(10), Normalization.DEDUCTION, "lower", per_item=D("0.3")), D(9), 850),
        (Rule(D(10), Normalization.THRESHOLD, "higher", target=D("0.9")), D("0.5"), 1000),
        (Rule(D(70), Normalization.DIRECT, "higher"), D(50), 6012),
    ],
)
def test_the_figure_found_for_wanted_points_earns_them(rule, current, wanted):
    needed = value_for_points(rule, wanted, current=current, others=[])
    assert needed is not None
    assert points(rule, needed) >= wanted


def test_no_figure_earns_more_than_full_points():
    assert (
        value_for_points(
            Rule(D(10), Normalization.CAP, "higher", per_item=D(1)), 1001, current=D(1), others=[]
        )
        is None
    )


def test_a_rank_scored_item_is_lifted_by_tying_the_unit_ahead():
    rule = Rule(D(30), Normalization.RANK, "higher")
    # Others at 9, 7, 5; this unit at 3 is 4th (0 points); 10 points need 3rd place: tie the 5.
    assert value_for_points(rule, 1000, current=D(3), others=[D(9), D(7), D(5)]) == D(5)
