from datetime import date

import pytest

from tests.services.factories import APPLICANT, FOLLOW_LATER, REQUIRED, at, intake
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.services.models import MaterialsNotice, RequestStatus, ServiceRequest
from xiangzhen.services.services import (
    Applicant,
    IntakeDecision,
    service_request_intake,
    service_request_return,
)


def test_complete_materials_are_accepted_with_a_working_day_deadline(township, item):
    # 2026-03-02 is a Monday: ten working days later is Monday 2026-03-16.
    request = intake(township.window_staff.user, item, township.zhenjiang)
    assert request.status == RequestStatus.ACCEPTED
    assert request.due_date == date(2026, 3, 16)
    assert request.yellow_from == date(2026, 3, 12)  # from here 2 working days (20% of 10) remain
    assert request.first_officer == township.window_staff.user
    assert not request.due_is_provisional
    assert "容缺受理,后补:银行卡复印件" in request.events.get(kind="accepted").note


def test_the_deadline_skips_the_national_day_block(township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang, now=at(2026, 9, 29))
    # 9月30日 then 10月1–7日 off, 10月10日 (Saturday) worked: 30, 8, 9, 10, 12, 13, 14, 15, 16, 19.
    assert request.due_date == date(2026, 10, 19)


def test_a_request_accepted_in_december_gets_a_provisional_deadline(township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang, now=at(2026, 12, 24))
    assert request.due_is_provisional
    assert request.due_date == date(2027, 1, 8)


def test_missing_materials_give_one_notice_listing_all_of_them_and_no_clock(township, item):
    request = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证"],
        decision=IntakeDecision.NOTICE,
        extra_missing=["村委会证明"],
    )
    assert request.status == RequestStatus.AWAITING_MATERIALS
    assert request.due_date is None
    notice = request.notices.get()
    assert notice.missing == ["户口簿", "家庭收入证明", "村委会证明"]
    assert FOLLOW_LATER not in notice.missing


def test_it_refuses_to_accept_with_missing_materials(township, item):
    with pytest.raises(ValidationFailed, match="缺户口簿、家庭收入证明"):
        intake(township.window_staff.user, item, township.zhenjiang, present=["身份证"])
    assert not ServiceRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="service_request").exists()


def test_a_rejection_needs_reason_and_basis(township, item):
    with pytest.raises(ValidationFailed, match="理由和依据"):
        intake(township.window_staff.user, item, township.zhenjiang, decision=IntakeDecision.REJECT)
    request = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        decision=IntakeDecision.REJECT,
        rejection_reason="不属于本镇户籍",
        rejection_basis="《社会救助暂行办法》第十一条",
    )
    assert request.status == RequestStatus.REJECTED


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (Applicant("李秀兰", "13985012345", "520502198001010010"), "校验位不正确"),
        (Applicant("李秀兰", "12345", APPLICANT.id_number), "手机号"),
        (Applicant(" ", "13985012345", APPLICANT.id_number), "姓名不能为空"),
    ],
)
def test_bad_applicant_data_is_refused_with_a_clear_message(township, item, applicant, message):
    with pytest.raises(ValidationFailed, match=message):
        service_request_intake(
            officer=township.window_staff.user,
            item=item,
            unit=township.zhenjiang,
            applicant=applicant,
            materials_present=REQUIRED,
            decision=IntakeDecision.ACCEPT,
        )
    assert not ServiceRequest.objects.exists()


def test_an_officer_cannot_take_in_for_a_unit_outside_their_jurisdiction(township, item):
    with pytest.raises(NotFound):
        intake(township.village_cadre.user, item, township.zhenjiang)


def test_the_citizen_returns_complete_and_the_clock_starts_that_day(township, item):
    request = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证"],
        decision=IntakeDecision.NOTICE,
    )
    service_request_return(
        officer=township.window_staff.user, request=request, materials_present=REQUIRED, now=at(2026, 3, 4)
    )
    assert request.status == RequestStatus.ACCEPTED
    assert request.accepted_on == date(2026, 3, 4)
    assert request.due_date == date(2026, 3, 18)
    assert request.visits == 2


def test_a_second_notice_may_ask_only_for_what_the_first_listed(township, item):
    request = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证", "户口簿"],
        decision=IntakeDecision.NOTICE,
    )
    service_request_return(
        officer=township.window_staff.user,
        request=request,
        materials_present=["身份证", "户口簿"],
        now=at(2026, 3, 3),
    )
    assert request.notices.count() == 2
    # The 户口簿 brought the first time turns out invalid: asking for it now breaks the one-time rule.
    with pytest.raises(PermissionDenied, match="首次告知未列出“户口簿”"):
        service_request_return(
            officer=township.window_staff.user, request=request, materials_present=["身份证"]
        )
    assert MaterialsNotice.objects.filter(request=request).count() == 2
    assert ServiceRequest.objects.get(pk=request.pk).visits == 2


def test_a_leader_may_override_the_one_time_rule_with_a_written_reason(township, item):
    request = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证", "户口簿"],
        decision=IntakeDecision.NOTICE,
    )
    with pytest.raises(ValidationFailed, match="须写明理由"):
        service_request_return(
            officer=township.town_leader.user, request=request, materials_present=["身份证"]
        )
    service_request_return(
        officer=township.town_leader.user,
        request=request,
        materials_present=["身份证"],
        override_reason="户口簿为旧版,户籍已变更",
    )
    notice = request.notices.order_by("-number").first()
    assert notice.override_reason == "户口簿为旧版,户籍已变更"
    assert AuditEvent.objects.filter(
        action="service_request.notice", changes__override_reason=[None, "户口簿为旧版,户籍已变更"]
    ).exists()


def test_a_return_on_an_accepted_request_is_refused(township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang)
    with pytest.raises(Conflict):
        service_request_return(
            officer=township.window_staff.user, request=request, materials_present=REQUIRED
        )
