"""Check-ins from the phone: optional, keeping neither position, photo nor phone, and flagging nothing, outside
a named 安保/应急 duty; within one, late on working days only and the exceptions named; the monthly sheet."""

from datetime import date, time

import pytest

from tests.frontline.factories import local, photo, security_duty, sign_in
from xiangzhen.attachments.models import Attachment
from xiangzhen.errors import NotFound, PermissionDenied, ValidationFailed
from xiangzhen.frontline.models import CheckIn
from xiangzhen.frontline.selectors import attendance_sheet, check_in_list
from xiangzhen.frontline.services import check_in_record, leave_record, town_rule_set

pytestmark = pytest.mark.django_db


def test_a_check_in_with_no_location_photo_or_device_succeeds(township):
    check_in = check_in_record(
        actor=township.village_cadre.user, place=township.gepu, now=local(2026, 11, 17, 11)
    )
    assert check_in.pk and check_in.village == township.gepu and check_in.exceptions == []


def test_an_ordinary_check_in_keeps_no_position_photo_or_phone_and_flags_nothing(township):
    cadre = township.village_cadre
    sign_in(cadre, township.gepu, local(2026, 11, 16), device="华为 Mate")
    late_from_another_phone = sign_in(
        cadre, township.gepu, local(2026, 11, 17, 10, 40), device="iPhone", with_photo=True
    )
    stored = CheckIn.objects.get(pk=late_from_another_phone.pk)
    assert (stored.latitude, stored.longitude, stored.accuracy, stored.photo, stored.device) == (
        None,
        None,
        None,
        None,
        "",
    )
    assert stored.exceptions == []
    assert not Attachment.objects.exists()
    assert not check_in_list(viewer=township.town_leader.user, exceptions_only=True).exists()


def test_late_counts_only_within_a_duty_on_working_days_and_against_the_towns_time(township):
    cadre = township.township_cadre
    duty = security_duty(township.town_leader.user, township.shengji)
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 16, 8, 55), duty=duty).late  # Monday
    assert sign_in(cadre, township.zhenjiang, local(2026, 11, 17, 9, 20), duty=duty).late
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 17, 9, 20)).late  # no duty
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 22, 10, 0), duty=duty).late  # Sunday
    town_rule_set(
        actor=township.town_leader.user, town=township.shengji, sign_in_by=time(9, 30), stay_days_per_week=3
    )
    assert not sign_in(cadre, township.zhenjiang, local(2026, 11, 18, 9, 20), duty=duty).late


def test_within_a_duty_the_exceptions_are_named_place_and_device(township):
    cadre = township.village_cadre
    duty = security_duty(township.town_leader.user, township.shengji)
    first = sign_in(cadre, township.gepu, local(2026, 11, 16), device="华为 Mate", duty=duty)
    assert first.exceptions == [] and first.latitude is not None and first.device == "华为 Mate"
    without_position = check_in_record(
        actor=cadre.user, place=township.gepu, device="华为 Mate", duty=duty, now=local(2026, 11, 17)
    )
    assert without_position.exceptions == ["地点异常(无定位)"]
    other_phone = sign_in(cadre, township.gepu, local(2026, 11, 18), device="iPhone", duty=duty)
    assert other_phone.exceptions == ["设备异常"]
    exceptions = check_in_list(viewer=township.town_leader.user, exceptions_only=True)
    assert set(exceptions) == {without_position, other_phone}


def test_a_duty_that_asks_for_a_photo_keeps_it_as_an_attachment(township):
    duty = security_duty(township.town_leader.user, township.shengji, records_photo=True)
    actor = township.village_cadre.user
    with pytest.raises(ValidationFailed, match="现场照片"):
        check_in_record(actor=actor, place=township.gepu, duty=duty, now=local(2026, 11, 16))
    check_in = check_in_record(
        actor=actor, place=township.gepu, photo=photo(), duty=duty, now=local(2026, 11, 16)
    )
    assert check_in.photo is not None and check_in.photo.content_type == "image/png"
    with pytest.raises(ValidationFailed, match="不在今天"):
        check_in_record(actor=actor, place=township.gepu, photo=photo(), duty=duty, now=local(2026, 12, 2))


def test_only_leaders_switch_a_duty_on(township):
    with pytest.raises(PermissionDenied):
        security_duty(township.village_cadre.user, township.shengji)
    with pytest.raises(ValidationFailed, match="乡镇"):
        security_duty(township.town_leader.user, township.gepu)


def test_cadres_sign_in_only_inside_their_jurisdiction(township, django_user_model):
    with pytest.raises(NotFound):
        sign_in(township.village_cadre, township.zhenjiang, local(2026, 11, 16))
    administrator = django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(ValidationFailed, match="干部本人"):
        check_in_record(actor=administrator, place=None, now=local(2026, 11, 16))
    assert not CheckIn.objects.exists()


def test_the_monthly_sheet_marks_sign_ins_late_within_a_duty_and_leave_but_never_absence(township):
    cadre = township.township_cadre
    duty = security_duty(township.town_leader.user, township.shengji)
    sign_in(cadre, township.zhenjiang, local(2026, 11, 2, 8, 40))
    sign_in(cadre, township.zhenjiang, local(2026, 11, 3, 9, 40), duty=duty)
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
    assert row.marks[:7] == ["休", "√", "迟", "假", "假", "", "休"]  # 11 月 1 日是周日
    assert (row.present, row.late, row.on_leave) == (2, 1, 2)
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
