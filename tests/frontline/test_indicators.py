from datetime import date

import pytest

from tests.frontline.factories import local, sign_in
from xiangzhen.assessment.registry import registered
from xiangzhen.frontline.models import DutyKind, DutyShift
from xiangzhen.frontline.services import duty_shift_check_in, village_stays_refresh, visit_record

pytestmark = pytest.mark.django_db


def test_the_frontline_indicators_are_registered_and_count_their_rows(township):
    indicators = registered()
    assert {"frontline.stay_compliance", "frontline.visits", "frontline.duty_check_ins"} <= set(indicators)
    for day in (16, 17, 18):
        sign_in(township.township_cadre, township.zhenjiang, local(2026, 11, day))
    village_stays_refresh(week_start=date(2026, 11, 23))  # a week nobody stayed
    stays = indicators["frontline.stay_compliance"]
    rows = stays.rows(date(2026, 11, 1), date(2026, 12, 1))
    assert stays.rate and rows.count() == 2 and rows.filter(stays.numerator).count() == 1

    visit_record(
        actor=township.village_cadre.user,
        kind="village",
        unit=township.gepu,
        target="葛铺村三组",
        visited_on=date(2026, 11, 16),
        findings="组组通公路破损",
    )
    assert indicators["frontline.visits"].rows(date(2026, 11, 1), date(2026, 12, 1)).count() == 1
    assert indicators["frontline.visits"].rows(date(2026, 12, 1), date(2027, 1, 1)).count() == 0

    attended = DutyShift.objects.create(
        unit=township.shengji, on=date(2026, 11, 16), kind=DutyKind.LEADER, cadre=township.town_leader
    )
    DutyShift.objects.create(
        unit=township.shengji, on=date(2026, 11, 17), kind=DutyKind.LEADER, cadre=township.town_leader
    )
    duty_shift_check_in(actor=township.town_leader.user, shift=attended, now=local(2026, 11, 16))
    duty = indicators["frontline.duty_check_ins"]
    shifts = duty.rows(date(2026, 11, 1), date(2026, 12, 1))
    assert shifts.count() == 2 and shifts.filter(duty.numerator).count() == 1
