"""Check-ins from the phone: late and absent on working days only, the exceptions named, the monthly sheet."""

from datetime import date, time

import pytest

from tests.frontline.factories import local, photo, sign_in
from xiangzhen.errors import NotFound, PermissionDenied, ValidationFailed
from xiangzhen.frontline.models import CheckIn
from xiangzhen.frontline.selectors import attendance_sheet, check_in_list
from xiangzhen.frontline.services import check_in_record, leave_record, town_rule_set

pytestmark = pytest.mark.django_db


def test_late_counts_only_on_working_days_and_against_the_towns_time(township):
    cadre = township.township_cadre
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 16, 8, 55)).late  # Monday
    assert sign_in(cadre, township.zhenjiang, local(2026, 11, 17, 9, 20)).late
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 22, 10, 0)).late  # Sunday
    town_rule_set(
        actor=township.town_leader.user, town=township.shengji, sign_in_by=time(9, 30), stay_days_per_week=3
    )
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 18, 9, 20)).late


def test_the_exceptions_are_named_place_and_device(township):
    cadre = township.village_cadre
    first = sign_in(cadre, township.gepu, local(2026, 11, 16), device="华为 Mate")
    assert first.exceptions == []
    without_position = check_in_record(
        actor=cadre.user, place=township.gepu, device="华为 Mate", now=local(2026, 11, 17)
    )
    assert without_position.exceptions == ["地点异常(无定位)"]
    other_phone = sign_in(cadre, township.gepu, local(2026, 11, 18), device="iPhone")
    assert other_phone.exceptions == ["设备异常"]
    exceptions = check_in_list(viewer=township.town_leader.user, exceptions_only=True)
    assert set(exceptions) == {without_position, other_phone}


def test_a_photo_is_kept_as_an_attachment(township):
    check_in = check_in_record(
        actor=township.village_cadre.user, place=township.gepu, photo=photo(), now=local(2026, 11, 16)
    )
    assert check_in.photo is not None and check_in.photo.content_type == "image/png"


def test_cadres_sign_in_only_inside_their_jurisdiction(township, django_user_model):
    with pytest.raises(NotFound):
        sign_in(township.village_cadre, township.zhenjiang, local(2026, 11, 16))
    administrator = django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(ValidationFailed, match="干部本人"):
        check_in_record(actor=administrator, place=None, now=local(2026, 11, 16))
    assert not CheckIn.objects.exists()


def test_the_monthly_sheet_marks_present_late_absent_and_leave(township):
    cadre = township.township_cadre
    sign_in(cadre, township.zhenjiang, local(2026, 11, 2, 8, 40))
    sign_in(cadre, township.zhenjiang, local(2026, 11, 3, 9, 40))
    leave_record(
        actor=township.town_leader.user,
        cadre=cadre,
        start=date(2026, 11, 4),
        end=date(2026, 11, 5),
        reason="病假",
    )
    sheet = attendance_sheet(
        viewer=township.town_leader.user,
        unit=township.shengji,
        month=date(2026, 11, 1),
        today=date(2026, 11, 7),
    )
    row = next(row for row in sheet.rows if row.cadre == cadre)
    assert row.marks[:7] == ["休", "√", "迟", "假", "假", "缺", "休"]  # 11 月 1 日是周日
    assert (row.present, row.late, row.absent, row.on_leave) == (2, 1, 1, 2)
    assert {line.cadre for line in sheet.rows} >= {township.town_leader, township.village_cadre}


def test_only_leaders_record_leave(township):
    with pytest.raises(PermissionDenied):
        leave_record(
            actor=township.district_committee.user,
            cadre=township.township_cadre,
            start=date(2026, 11, 4),
            end=date(2026, 11, 5),
            reason="事假",
        )


def test_the_sheet_of_a_unit_outside_the_jurisdiction_is_not_found(township):
    with pytest.raises(NotFound):
        attendance_sheet(
            viewer=township.village_cadre.user,
            unit=township.shengji,
            month=date(2026, 11, 1),
            today=date(2026, 11, 7),
        )


def test_a_town_approves_three_days_of_leave_and_the_county_longer(township):
    week = {
        "cadre": township.township_cadre,
        "start": date(2026, 11, 16),
        "end": date(2026, 11, 20),
        "reason": "住院",
    }
    with pytest.raises(PermissionDenied, match="县级"):
        leave_record(actor=township.town_leader.user, **week)
    assert (
        leave_record(actor=township.county_supervisor.user, **week).approved_by
        == township.county_supervisor.user
    )
