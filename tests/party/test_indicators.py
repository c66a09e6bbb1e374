from datetime import date

import pytest

from tests.party.factories import hold, make_branch
from xiangzhen.assessment.registry import registered
from xiangzhen.party.models import ActivityKind, ActivityRule

pytestmark = pytest.mark.django_db


def test_the_party_indicators_score_required_activities_held_on_time_not_their_count(township):
    indicators = registered()
    assert {"party.required_activities_on_time", "party.theme_day_on_fixed_day"} <= set(indicators)
    assert "party.activities_held" not in indicators
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu, theme_day=10)
    hold(leader, branch, ActivityKind.THEME_DAY, held_on=date(2026, 2, 10))
    hold(leader, branch, ActivityKind.THEME_DAY, held_on=date(2026, 3, 12))
    hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 3, 2))
    hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 4, 1))

    # A second committee meeting in March is not counted twice: the rule asks for one a month.
    hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 3, 20))

    on_time = indicators["party.required_activities_on_time"]
    assert on_time.rate and on_time.counted_by is not None
    rules = {rule.kind: rule for rule in ActivityRule.objects.filter(branch__isnull=True)}
    # February and March; the first quarter began in January, so it is not wholly in the period.
    periods = {"month": 2, "quarter": 0, "year": 0}
    due = sum(rule.times * periods[rule.period] for rule in rules.values())
    # The theme day twice, the committee once (in March): February's committee meeting was missed.
    counts = on_time.counted_by(date(2026, 2, 1), date(2026, 4, 1), township.shengji)
    assert counts == {township.gepu.pk: {"due": due, "held": 3}}
    # April has not ended: nothing is due yet.
    assert on_time.counted_by(date(2026, 4, 1), date(2026, 4, 20), township.shengji) == {}

    fixed_day = indicators["party.theme_day_on_fixed_day"]
    rows = fixed_day.rows(date(2026, 1, 1), date(2027, 1, 1))
    assert fixed_day.rate and rows.count() == 2
    assert fixed_day.numerator is not None and rows.filter(fixed_day.numerator).count() == 1
