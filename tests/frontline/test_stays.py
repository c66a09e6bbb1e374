"""The stay rule: at least N days a week in the assigned village, N per town, counted from check-ins."""

from datetime import date, time

import pytest

from tests.frontline.factories import local, sign_in
from xiangzhen.errors import PermissionDenied
from xiangzhen.frontline.models import VillageStay
from xiangzhen.frontline.selectors import resident_months, stay_compliance
from xiangzhen.frontline.services import leave_record, town_rule_set, village_stays_refresh
from xiangzhen.org.models import AssignmentKind
from xiangzhen.org.services import assignment_create

pytestmark = pytest.mark.django_db
WEEK = date(2026, 11, 16)


def week_of(township, viewer=None):
    weeks = stay_compliance(viewer=(viewer or township.town_leader).user, week_start=WEEK)
    return next(week for week in weeks if week.cadre == township.township_cadre)


def test_three_days_in_the_village_meet_the_default_rule(township):
    cadre = township.township_cadre
    sign_in(cadre, township.zhenjiang, local(2026, 11, 16))
    sign_in(cadre, township.zhenjiang, local(2026, 11, 17))
    sign_in(cadre, township.zhenjiang, local(2026, 11, 17, 15))  # the same day twice is one day
    sign_in(cadre, None, local(2026, 11, 18))  # the town office does not count
    assert not week_of(township).compliant
    sign_in(cadre, township.zhenjiang_group_one, local(2026, 11, 19))  # a group of the village counts
    week = week_of(township)
    assert week.compliant and week.required == 3
    assert week.days == [date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 19)]
    stored = VillageStay.objects.get(cadre=cadre, village=township.zhenjiang, week_start=WEEK)
    assert (stored.days, stored.required, stored.compliant, stored.day_list) == (
        3,
        3,
        True,
        "11-16,11-17,11-19",
    )


def test_the_quota_is_the_towns_own(township):
    sign_in(township.township_cadre, township.zhenjiang, local(2026, 11, 16))
    sign_in(township.township_cadre, township.zhenjiang, local(2026, 11, 17))
    assert not week_of(township).compliant
    town_rule_set(
        actor=township.town_leader.user, town=township.shengji, sign_in_by=time(9), stay_days_per_week=2
    )
    assert week_of(township).compliant
    with pytest.raises(PermissionDenied):
        town_rule_set(
            actor=township.window_staff.user,
            town=township.shengji,
            sign_in_by=time(9),
            stay_days_per_week=1,
        )


def test_leave_days_are_not_owed_to_the_village(township):
    cadre = township.township_cadre
    sign_in(cadre, township.zhenjiang, local(2026, 11, 16))
    sign_in(cadre, township.zhenjiang, local(2026, 11, 17))
    leave_record(
        actor=township.town_leader.user,
        cadre=cadre,
        start=date(2026, 11, 18),
        end=date(2026, 11, 20),
        reason="病假",
    )
    week = week_of(township)
    assert (week.required, week.leave, week.compliant) == (2, 3, True)
    assert VillageStay.objects.get(cadre=cadre, week_start=WEEK).compliant


def test_a_week_without_any_check_in_is_stored_as_missed(township):
    assert village_stays_refresh(week_start=WEEK) == 1
    stored = VillageStay.objects.get(cadre=township.township_cadre, week_start=WEEK)
    assert (stored.days, stored.compliant) == (0, False)


def test_a_village_cadre_sees_no_stay_of_another_village(township):
    weeks = stay_compliance(viewer=township.village_cadre.user, week_start=WEEK)
    assert weeks == []


def test_a_resident_cadre_owes_the_town_its_monthly_days(township):
    cadre = township.township_cadre
    assignment_create(
        actor=None,
        cadre=cadre,
        unit=township.qingping,
        kind=AssignmentKind.RESIDENT,
        start_date=date(2026, 1, 1),
    )
    for day in range(2, 13):
        sign_in(cadre, township.qingping, local(2026, 11, day))
    row = next(row for row in resident_months(viewer=township.town_leader.user, month=date(2026, 11, 1)))
    assert (row.village, row.days, row.required, row.compliant) == (township.qingping, 11, 20, False)
    town_rule_set(
        actor=township.town_leader.user,
        town=township.shengji,
        sign_in_by=time(9),
        stay_days_per_week=3,
        resident_days_per_month=10,
    )
    assert resident_months(viewer=township.town_leader.user, month=date(2026, 11, 1))[0].compliant


def stored_and_live(township, weeks):
    """(cadre, village, week, days, required, compliant) of the stored weeks and of the live page."""
    stored = sorted(
        VillageStay.objects.filter(week_start__in=weeks).values_list(
            "cadre_id", "village_id", "week_start", "days", "required", "compliant"
        )
    )
    live = sorted(
        (week.cadre.pk, week.village.pk, week.week_start, len(week.days), week.required, week.compliant)
        for start in weeks
        for week in stay_compliance(viewer=township.town_leader.user, week_start=start)
    )
    return stored, live


def test_a_new_quota_recomputes_every_stored_week_of_the_town(township):
    cadre = township.township_cadre
    earlier = date(2026, 11, 9)
    for day in (9, 10, 16, 17):  # two days in each week
        sign_in(cadre, township.zhenjiang, local(2026, 11, day))
    leave_record(  # and three days of leave in the earlier week: it owes at most two days
        actor=township.town_leader.user,
        cadre=cadre,
        start=date(2026, 11, 11),
        end=date(2026, 11, 13),
        reason="病假",
    )
    village_stays_refresh(week_start=earlier)
    village_stays_refresh(week_start=WEEK)
    stored, live = stored_and_live(township, [earlier, WEEK])
    assert stored == live and [row[4:] for row in stored] == [(2, True), (3, False)]
    for quota, expected in (
        (5, [(2, True), (5, False)]),
        (2, [(2, True), (2, True)]),
        (0, [(0, True), (0, True)]),
    ):
        town_rule_set(
            actor=township.town_leader.user,
            town=township.shengji,
            sign_in_by=time(9),
            stay_days_per_week=quota,
        )
        stored, live = stored_and_live(township, [earlier, WEEK])
        assert stored == live, quota
        assert [row[4:] for row in stored] == expected
