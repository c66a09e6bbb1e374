"""The clerk's pages around a request: 补正, receipt, notice, assignment and hand-over."""

import pytest

from tests.factories import make_cadre
from tests.services.factories import APPLICANT, FOLLOW_LATER, intake
from xiangzhen.audit.models import AuditEvent
from xiangzhen.services.models import EventKind, RequestStatus, ServiceRequest, ServiceWindow
from xiangzhen.services.services import IntakeDecision


@pytest.fixture
def window(township):
    return ServiceWindow.objects.create(
        unit=township.shengji,
        name="生机镇便民服务中心",
        phone="0857-8220001",
        address="生机镇人民政府一楼",
        opening_hours="周一至周五 9:00—17:30",
    )


@pytest.fixture
def noticed(township, item):
    return intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证"],
        decision=IntakeDecision.NOTICE,
        extra_missing=["结婚证"],
    )


def test_the_return_form_preticks_what_was_received_and_asks_only_what_the_notice_listed(
    client, township, noticed
):
    client.force_login(township.window_staff.user)
    page = client.get(f"/services/requests/{noticed.pk}/").content.decode()
    form = page.split('id="return-form"')[1].split("</form>")[0]
    assert 'value="身份证" checked' in form
    for asked in ("户口簿", "家庭收入证明", "结婚证"):
        assert f'value="{asked}">' in form
    assert FOLLOW_LATER not in form  # 容缺 material: not asked for again
    assert "extra_missing" not in form  # a clerk may not add to the one-time notice


def test_returning_only_part_of_the_listed_materials_keeps_the_rest_missing(client, township, noticed):
    client.force_login(township.window_staff.user)
    client.post(
        f"/services/requests/{noticed.pk}/return/",
        {"materials": ["身份证", "户口簿", "家庭收入证明"]},
    )
    noticed.refresh_from_db()
    # 结婚证 was listed on the notice beyond the catalogue: not brought, so it is still missing.
    assert noticed.status == RequestStatus.AWAITING_MATERIALS
    assert noticed.notices.order_by("-number").first().missing == ["结婚证"]
    client.post(
        f"/services/requests/{noticed.pk}/return/",
        {"materials": ["身份证", "户口簿", "家庭收入证明", "结婚证"]},
    )
    noticed.refresh_from_db()
    assert noticed.status == RequestStatus.ACCEPTED and noticed.visits == 3


def test_the_receipt_names_code_item_promise_window_and_tracking_address(client, township, item, window):
    accepted = intake(township.window_staff.user, item, township.zhenjiang)
    client.force_login(township.window_staff.user)
    detail = client.get(f"/services/requests/{accepted.pk}/").content.decode()
    assert f"/services/requests/{accepted.pk}/receipt/" in detail
    page = client.get(f"/services/requests/{accepted.pk}/receipt/").content.decode()
    assert "受理回执" in page and accepted.tracking_code in page and "最低生活保障申请" in page
    assert "2026年3月16日" in page  # 10 working days after 2026-03-02
    assert "生机镇便民服务中心" in page and "0857-8220001" in page
    assert f"http://testserver/public/track/{accepted.tracking_code}/" in page
    assert FOLLOW_LATER in page.split('id="receipt-follow-later"')[1]
    assert APPLICANT.name not in page and "李*兰" in page


def test_no_receipt_before_acceptance(client, township, noticed):
    client.force_login(township.window_staff.user)
    assert client.get(f"/services/requests/{noticed.pk}/receipt/").status_code == 404


def test_the_notice_lists_follow_later_materials_and_where_to_come_back(client, township, noticed, window):
    client.force_login(township.window_staff.user)
    page = client.get(f"/services/requests/{noticed.pk}/notices/1/").content.decode()
    assert "生机镇补正材料一次性告知书" in page
    assert "可容缺后补" in page and FOLLOW_LATER in page and "10 个工作日内" in page
    assert "生机镇人民政府一楼" in page and "周一至周五 9:00—17:30" in page and "0857-8220001" in page
    assert APPLICANT.name not in page and APPLICANT.id_number not in page


def test_printing_an_unmasked_notice_needs_a_reason_and_is_audited(client, township, noticed):
    client.force_login(township.window_staff.user)
    refused = client.post(f"/services/requests/{noticed.pk}/notices/1/", {"reason": "  "})
    assert refused.status_code == 400 and "须写明原因" in refused.content.decode()
    assert APPLICANT.name not in refused.content.decode()
    assert not AuditEvent.objects.filter(action="service_request.reveal_personal_data").exists()
    page = client.post(f"/services/requests/{noticed.pk}/notices/1/", {"reason": "邮寄送达"}).content.decode()
    assert APPLICANT.name in page and APPLICANT.id_number in page
    event = AuditEvent.objects.get(action="service_request.reveal_personal_data")
    assert event.changes["reason"] == [None, "邮寄送达"]
    assert "告知书" in event.changes["purpose"][1]
    assert noticed.events.filter(kind=EventKind.REVEALED).count() == 1
    # The next plain print is masked again.
    assert APPLICANT.name not in client.get(f"/services/requests/{noticed.pk}/notices/1/").content.decode()


def test_revealing_on_the_detail_page_needs_a_reason(client, township, noticed):
    client.force_login(township.window_staff.user)
    page = client.post(
        f"/services/requests/{noticed.pk}/reveal/", {"reason": ""}, follow=True
    ).content.decode()
    assert "须写明原因" in page and APPLICANT.id_number not in page
    assert not AuditEvent.objects.filter(action="service_request.reveal_personal_data").exists()


def test_a_leader_assigns_a_request_from_its_page(client, township, item):
    accepted = intake(township.window_staff.user, item, township.zhenjiang)
    client.force_login(township.town_leader.user)
    page = client.get(f"/services/requests/{accepted.pk}/").content.decode()
    form = page.split('id="assign-form"')[1].split("</form>")[0]
    # Who may handle 镇江村: the 包村干部 assigned there is offered; the 葛铺村 village cadre is not.
    assert f'value="{township.township_cadre.user.pk}"' in form
    assert f'value="{township.village_cadre.user.pk}"' not in form
    client.post(f"/services/requests/{accepted.pk}/assign/", {"officer": township.township_cadre.user.pk})
    accepted.refresh_from_db()
    assert accepted.assigned_officer == township.township_cadre.user
    assert AuditEvent.objects.filter(action="service_request.assign").count() == 1


@pytest.mark.parametrize("officer", ["abc", "²", "99999999999999999999", "", "village_cadre"])
def test_a_bad_assignee_changes_nothing(client, township, item, officer):
    accepted = intake(township.window_staff.user, item, township.zhenjiang)
    if officer == "village_cadre":
        officer = str(township.village_cadre.user.pk)
    client.force_login(township.town_leader.user)
    response = client.post(f"/services/requests/{accepted.pk}/assign/", {"officer": officer}, follow=True)
    assert response.status_code == 200
    assert "人员" in response.content.decode()
    assert ServiceRequest.objects.get(pk=accepted.pk).assigned_officer is None


def test_the_first_officer_hands_over_on_the_page_with_a_reason(client, township, item):
    accepted = intake(township.window_staff.user, item, township.zhenjiang)
    colleague = make_cadre("孙丽", "window_staff", township.shengji, "sunli").user
    client.force_login(township.window_staff.user)
    page = client.get(f"/services/requests/{accepted.pk}/").content.decode()
    assert 'id="hand-over-form"' in page
    no_reason = client.post(
        f"/services/requests/{accepted.pk}/hand-over/", {"officer": colleague.pk, "note": ""}, follow=True
    )
    assert "须写明原因" in no_reason.content.decode()
    assert ServiceRequest.objects.get(pk=accepted.pk).first_officer == township.window_staff.user
    client.post(f"/services/requests/{accepted.pk}/hand-over/", {"officer": colleague.pk, "note": "调岗"})
    accepted.refresh_from_db()
    assert accepted.first_officer == colleague
    assert "调岗" in accepted.events.get(kind=EventKind.HANDED_OVER).note


def test_responsibility_is_not_handed_to_someone_who_cannot_see_the_request(township, item):
    from xiangzhen.errors import ValidationFailed
    from xiangzhen.services.services import service_request_hand_over

    accepted = intake(township.window_staff.user, item, township.zhenjiang)
    with pytest.raises(ValidationFailed, match="不负责镇江村"):
        service_request_hand_over(
            actor=township.window_staff.user,
            request=accepted,
            officer=township.village_cadre.user,
            note="x",
        )


def test_the_demo_windows_cover_every_town(db):
    from tests.factories import build_township
    from xiangzhen.demo.windows import service_windows_load
    from xiangzhen.org.models import UnitLevel
    from xiangzhen.services.selectors import service_window_for

    township = build_township()
    assert service_windows_load() == 4  # 生机镇, 青石镇 and the two 片区 of 生机镇; villages use those
    info = service_window_for(township.gepu)
    assert info.name == "葛铺片区便民服务站" and info.town == "生机镇" and info.phone
    assert ServiceWindow.objects.filter(unit__level=UnitLevel.VILLAGE).count() == 0
