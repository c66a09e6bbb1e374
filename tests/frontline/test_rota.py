"""Window duty: a fair rotation over the official working days, swaps with approval, the duty log."""

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest

from tests.factories import make_cadre
from tests.frontline.factories import local
from xiangzhen.errors import Conflict, PermissionDenied, ValidationFailed
from xiangzhen.frontline.models import DutyKind, DutyShift, SwapStatus
from xiangzhen.frontline.selectors import duty_figures
from xiangzhen.frontline.services import (
    duty_log_record,
    duty_rota_generate,
    duty_shift_check_in,
    duty_swap_decide,
    duty_swap_request,
    unresolved_matter_record,
)
from xiangzhen.org.models import CadreRole

pytestmark = pytest.mark.django_db


def staff_of(township):
    second = make_cadre("周海燕", CadreRole.WINDOW_STAFF, township.shengji, "chuangkou2")
    return [township.window_staff, township.township_cadre, township.district_committee, second]


def generate(township, people, start, end, **extra):
    return duty_rota_generate(
        actor=township.town_leader.user,
        town=township.shengji,
        kind=DutyKind.STAFF,
        cadres=people,
        start=start,
        end=end,
        **extra,
    )


def test_the_rotation_skips_the_national_day_holidays_and_works_the_makeup_days(township):
    people = staff_of(township)
    shifts = generate(township, people, date(2026, 9, 14), date(2026, 10, 16))
    days = [shift.on for shift in shifts]
    # 国庆、中秋 2026: 9 月 25 日和 10 月 1、2、5、6、7 日放假, 9 月 20 日(周日)和 10 月 10 日(周六)上班.
    for holiday in [date(2026, 9, 25), *(date(2026, 10, day) for day in (1, 2, 5, 6, 7))]:
        assert holiday not in days
    assert date(2026, 9, 20) in days and date(2026, 10, 10) in days
    assert date(2026, 9, 19) not in days  # an ordinary Saturday
    assert len(days) == len(set(days)) == 21
    counts = Counter(shift.cadre_id for shift in shifts)
    assert sorted(counts.values()) == [5, 5, 5, 6]
    # A rotation: nobody sits two working days running while others wait.
    assert all(first.cadre_id != second.cadre_id for first, second in pairwise(shifts))


def test_a_rota_extended_later_stays_fair_and_leaves_planned_days_alone(township):
    people = staff_of(township)
    generate(township, people, date(2026, 9, 14), date(2026, 10, 16))
    planned_before = DutyShift.objects.count()
    again = generate(township, people, date(2026, 10, 12), date(2026, 10, 23))
    assert [shift.on for shift in again] == [date(2026, 10, 19) + timedelta(days=n) for n in range(5)]
    assert DutyShift.objects.count() == planned_before + 5
    totals = Counter(DutyShift.objects.values_list("cadre_id", flat=True))
    assert max(totals.values()) - min(totals.values()) <= 1


def test_two_people_a_day_are_never_the_same_person(township):
    shifts = generate(township, staff_of(township), date(2026, 11, 2), date(2026, 11, 6), per_day=2)
    by_day = Counter(shift.on for shift in shifts)
    assert set(by_day.values()) == {2}
    assert (
        max(Counter(shift.cadre_id for shift in shifts).values())
        - min(Counter(shift.cadre_id for shift in shifts).values())
        <= 1
    )


def test_only_leaders_plan_the_rota(township):
    with pytest.raises(PermissionDenied):
        duty_rota_generate(
            actor=township.window_staff.user,
            town=township.shengji,
            kind=DutyKind.STAFF,
            cadres=[township.window_staff],
            start=date(2026, 11, 2),
            end=date(2026, 11, 6),
        )


def test_bad_rota_input_is_refused_with_nothing_planned(township):
    for start, end, people in [
        (date(2026, 11, 6), date(2026, 11, 2), [township.window_staff]),
        (date(2026, 1, 1), date(2026, 12, 31), [township.window_staff]),
        (date(2026, 11, 2), date(2026, 11, 6), []),
    ]:
        with pytest.raises(ValidationFailed):
            generate(township, people, start, end)
    with pytest.raises(ValidationFailed, match="乡镇"):
        duty_rota_generate(
            actor=township.town_leader.user,
            town=township.zhenjiang,
            kind=DutyKind.STAFF,
            cadres=[township.window_staff],
            start=date(2026, 11, 2),
            end=date(2026, 11, 6),
        )
    assert not DutyShift.objects.exists()


def test_a_swap_needs_a_leaders_approval(township):
    shift = DutyShift.objects.create(
        unit=township.shengji, on=date(2026, 11, 30), kind=DutyKind.STAFF, cadre=township.window_staff
    )
    swap = duty_swap_request(
        actor=township.window_staff.user,
        shift=shift,
        replacement=township.township_cadre,
        reason="到县里培训",
    )
    with pytest.raises(Conflict):
        duty_swap_request(
            actor=township.window_staff.user,
            shift=shift,
            replacement=township.district_committee,
            reason="再换",
        )
    with pytest.raises(PermissionDenied):
        duty_swap_decide(actor=township.window_staff.user, swap=swap, approve=True)
    duty_swap_decide(actor=township.town_leader.user, swap=swap, approve=True)
    shift.refresh_from_db()
    assert shift.cadre == township.township_cadre and swap.status == SwapStatus.APPROVED
    with pytest.raises(Conflict):
        duty_swap_decide(actor=township.town_leader.user, swap=swap, approve=False)


def test_the_cadre_on_duty_checks_in_on_the_day_and_the_log_counts_in_the_figures(township):
    leader = township.town_leader
    shift = DutyShift.objects.create(
        unit=township.shengji, on=date(2026, 11, 16), kind=DutyKind.LEADER, cadre=leader
    )
    with pytest.raises(Conflict, match="当班干部本人"):
        duty_shift_check_in(actor=township.window_staff.user, shift=shift, now=local(2026, 11, 16))
    with pytest.raises(Conflict, match="当天"):
        duty_shift_check_in(actor=leader.user, shift=shift, now=local(2026, 11, 15))
    duty_shift_check_in(actor=leader.user, shift=shift, now=local(2026, 11, 16))
    with pytest.raises(Conflict):
        duty_shift_check_in(actor=leader.user, shift=shift, now=local(2026, 11, 16, 9))
    with pytest.raises(ValidationFailed):
        duty_log_record(
            actor=leader.user, shift=shift, served_count=3, urgent_count=5, log="", version=shift.version
        )
    duty_log_record(
        actor=leader.user,
        shift=shift,
        served_count=5,
        urgent_count=1,
        log="接待低保咨询",
        version=shift.version,
    )
    with pytest.raises(Conflict):
        duty_log_record(actor=leader.user, shift=shift, served_count=6, urgent_count=1, log="", version=1)
    unresolved_matter_record(
        actor=leader.user,
        shift=shift,
        summary="跨省医保转移",
        reason="需参保地出具证明",
        follow_up="电话联系参保地",
    )
    figures = duty_figures(viewer=leader.user, since=date(2026, 11, 1), until=date(2026, 11, 30))
    assert (
        figures.leader_days,
        figures.leader_attended,
        figures.served,
        figures.urgent,
        figures.unresolved,
    ) == (
        1,
        1,
        5,
        1,
        1,
    )
