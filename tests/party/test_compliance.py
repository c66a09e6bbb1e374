"""Frequency rules over months, quarters and year ends: what the compliance board shows missing, and when it
turns yellow and red."""

from datetime import date

import pytest

from tests.party.factories import hold, make_branch
from xiangzhen.errors import PermissionDenied
from xiangzhen.party.models import ActivityKind, RulePeriod
from xiangzhen.party.selectors import compliance_board, period_bounds
from xiangzhen.party.services import branch_rule_reset, branch_rule_set

pytestmark = pytest.mark.django_db


def requirement(township, branch, kind, on):
    (row,) = [
        row for row in compliance_board(viewer=township.town_leader.user, on=on) if row.branch == branch
    ]
    return next(item for item in row.requirements if item.kind == kind)


@pytest.fixture
def branch(township):
    return make_branch(township.town_leader.user, township.zhenjiang)


def test_periods_are_calendar_months_quarters_and_years():
    assert period_bounds(RulePeriod.MONTH, date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_bounds(RulePeriod.MONTH, date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_bounds(RulePeriod.QUARTER, date(2026, 3, 31)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_bounds(RulePeriod.QUARTER, date(2026, 4, 1)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_bounds(RulePeriod.QUARTER, date(2026, 11, 25)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds(RulePeriod.YEAR, date(2026, 7, 1)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_the_defaults_follow_the_branch_work_regulations(township, branch):
    (row,) = compliance_board(viewer=township.town_leader.user, on=date(2026, 3, 10))
    periods = {item.kind: (item.period, item.required) for item in row.requirements}
    assert periods == {
        ActivityKind.GENERAL_ASSEMBLY: ("quarter", 1),
        ActivityKind.COMMITTEE_MEETING: ("month", 1),
        ActivityKind.GROUP_MEETING: ("month", 1),
        ActivityKind.PARTY_LECTURE: ("quarter", 1),
        ActivityKind.THEME_DAY: ("month", 1),
        ActivityKind.LIFE_MEETING: ("year", 1),
        ActivityKind.MEMBER_REVIEW: ("year", 1),
    }


def test_an_assembly_counts_for_its_own_quarter_only(township, branch):
    leader = township.town_leader.user
    hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20))
    assert requirement(township, branch, ActivityKind.GENERAL_ASSEMBLY, date(2026, 3, 31)).missing == 0
    next_quarter = requirement(township, branch, ActivityKind.GENERAL_ASSEMBLY, date(2026, 4, 1))
    assert (next_quarter.held, next_quarter.missing) == (0, 1)
    assert next_quarter.period_start == date(2026, 4, 1)


def test_the_life_meeting_of_december_does_not_carry_into_the_new_year(township, branch):
    hold(township.town_leader.user, branch, ActivityKind.LIFE_MEETING, held_on=date(2025, 12, 20))
    assert requirement(township, branch, ActivityKind.LIFE_MEETING, date(2025, 12, 31)).missing == 0
    january = requirement(township, branch, ActivityKind.LIFE_MEETING, date(2026, 1, 5))
    assert january.missing == 1 and january.alert == "none"


def test_an_activity_after_the_day_looked_at_is_not_counted(township, branch):
    hold(township.town_leader.user, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 3, 20))
    assert requirement(township, branch, ActivityKind.COMMITTEE_MEETING, date(2026, 3, 19)).missing == 1
    assert requirement(township, branch, ActivityKind.COMMITTEE_MEETING, date(2026, 3, 20)).missing == 0


def test_a_missing_activity_turns_yellow_then_red_as_its_period_runs_out(township, branch):
    # 2026-03-10: 15 working days left in March; 2026-03-24: 5; 2026-03-27: 2 (30th and 31st).
    early = requirement(township, branch, ActivityKind.COMMITTEE_MEETING, date(2026, 3, 10))
    assert (early.workdays_left, early.alert) == (15, "none")
    late = requirement(township, branch, ActivityKind.COMMITTEE_MEETING, date(2026, 3, 24))
    assert (late.workdays_left, late.alert) == (5, "yellow")
    last = requirement(township, branch, ActivityKind.COMMITTEE_MEETING, date(2026, 3, 27))
    assert (last.workdays_left, last.alert) == (2, "red")
    # The quarter's assembly: yellow from 10 working days left, red from 3.
    assert requirement(township, branch, ActivityKind.GENERAL_ASSEMBLY, date(2026, 3, 24)).alert == "yellow"
    assert requirement(township, branch, ActivityKind.GENERAL_ASSEMBLY, date(2026, 3, 27)).alert == "red"
    # A year's rule is quiet in March.
    assert requirement(township, branch, ActivityKind.LIFE_MEETING, date(2026, 3, 27)).alert == "none"


def test_a_held_activity_clears_the_alert_and_the_branch_turns_green(township, branch):
    leader = township.town_leader.user
    day = date(2026, 3, 27)
    for kind in ActivityKind.values:
        hold(leader, branch, kind, held_on=date(2026, 3, 10))
    (row,) = compliance_board(viewer=leader, on=day)
    assert row.missing == [] and row.alert == "none" and row.met == 7


def test_the_theme_day_is_red_once_the_fixed_day_passed(township, branch):
    before = requirement(township, branch, ActivityKind.THEME_DAY, date(2026, 3, 10))
    assert before.alert == "none"
    after = requirement(township, branch, ActivityKind.THEME_DAY, date(2026, 3, 11))
    assert after.alert == "red" and "10 日" in after.note


def test_a_branch_sets_its_own_frequency_and_goes_back_to_the_default(township, branch):
    leader = township.town_leader.user
    branch_rule_set(
        actor=leader,
        branch=branch,
        kind=ActivityKind.PARTY_LECTURE,
        period=RulePeriod.MONTH,
        times=2,
        yellow_workdays=5,
        red_workdays=2,
    )
    lecture = requirement(township, branch, ActivityKind.PARTY_LECTURE, date(2026, 3, 24))
    assert (lecture.period, lecture.required, lecture.period_start) == ("month", 2, date(2026, 3, 1))
    other = make_branch(leader, township.gepu)
    assert requirement(township, other, ActivityKind.PARTY_LECTURE, date(2026, 3, 24)).period == "quarter"
    branch_rule_reset(actor=leader, branch=branch, kind=ActivityKind.PARTY_LECTURE)
    assert requirement(township, branch, ActivityKind.PARTY_LECTURE, date(2026, 3, 24)).period == "quarter"


def test_a_rule_of_zero_times_drops_the_requirement(township, branch):
    branch_rule_set(
        actor=township.town_leader.user,
        branch=branch,
        kind=ActivityKind.GROUP_MEETING,
        period=RulePeriod.MONTH,
        times=0,
        yellow_workdays=0,
        red_workdays=0,
    )
    (row,) = compliance_board(viewer=township.town_leader.user, on=date(2026, 3, 24))
    assert ActivityKind.GROUP_MEETING not in {item.kind for item in row.requirements}


def test_only_leaders_change_a_branch_rule(township, branch):
    with pytest.raises(PermissionDenied):
        branch_rule_set(
            actor=township.district_committee.user,
            branch=branch,
            kind=ActivityKind.PARTY_LECTURE,
            period=RulePeriod.MONTH,
            times=1,
            yellow_workdays=5,
            red_workdays=2,
        )


def test_the_board_shows_only_branches_in_the_viewers_jurisdiction(township, branch):
    gepu_branch = make_branch(township.town_leader.user, township.gepu)
    seen = [row.branch for row in compliance_board(viewer=township.village_cadre.user, on=date(2026, 3, 24))]
    assert seen == [gepu_branch]
    assert {
        row.branch for row in compliance_board(viewer=township.town_leader.user, on=date(2026, 3, 24))
    } == {
        branch,
        gepu_branch,
    }


def test_the_years_meetings_turn_yellow_in_december_and_red_in_its_last_days(township, branch):
    # 2025-12-01: 22 working days left in the year; 2025-12-15: 12; 2025-12-29: 2 (the 30th and 31st).
    assert requirement(township, branch, ActivityKind.LIFE_MEETING, date(2025, 12, 1)).alert == "none"
    mid = requirement(township, branch, ActivityKind.MEMBER_REVIEW, date(2025, 12, 15))
    assert (mid.workdays_left, mid.alert) == (12, "yellow")
    last = requirement(township, branch, ActivityKind.LIFE_MEETING, date(2025, 12, 29))
    assert (last.workdays_left, last.alert) == (2, "red")
    # The fourth quarter's assembly shares the year's end.
    assert requirement(township, branch, ActivityKind.GENERAL_ASSEMBLY, date(2025, 12, 29)).alert == "red"
    # On New Year's Day every yearly count starts again, quiet for months.
    new_year = requirement(township, branch, ActivityKind.LIFE_MEETING, date(2026, 1, 1))
    assert (new_year.period_start, new_year.alert) == (date(2026, 1, 1), "none")
