from datetime import date

import pytest

from tests.party.factories import hold, make_branch
from xiangzhen.assessment.registry import registered
from xiangzhen.party.models import ActivityKind

pytestmark = pytest.mark.django_db


def test_the_party_indicators_are_registered_and_count_the_periods_activities(township):
    indicators = registered()
    assert {"party.activities_held", "party.theme_day_on_fixed_day"} <= set(indicators)
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu, theme_day=10)
    hold(leader, branch, ActivityKind.THEME_DAY, held_on=date(2026, 2, 10))
    hold(leader, branch, ActivityKind.THEME_DAY, held_on=date(2026, 3, 12))
    hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 3, 2))
    hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 4, 1))

    held = indicators["party.activities_held"]
    assert held.rows(date(2026, 2, 1), date(2026, 4, 1)).count() == 3
    assert held.rows(date(2026, 2, 1), date(2026, 4, 1)).filter(branch__unit=township.gepu).count() == 3

    fixed_day = indicators["party.theme_day_on_fixed_day"]
    rows = fixed_day.rows(date(2026, 1, 1), date(2027, 1, 1))
    assert fixed_day.rate and rows.count() == 2
    assert fixed_day.numerator is not None and rows.filter(fixed_day.numerator).count() == 1
