import pytest

from tests.services.factories import APPLICANT, REQUIRED, intake
from xiangzhen.audit.models import AuditEvent
from xiangzhen.services.models import RequestStatus, ServiceRequest

VISIBLE_FROM_ZHENJIANG = {
    "county_supervisor": True,
    "town_leader": True,
    "window_staff": True,
    "district_committee": True,
    "township_cadre": True,
    "village_cadre": False,
}


@pytest.fixture
def zhenjiang_request(township, item):
    return intake(township.window_staff.user, item, township.zhenjiang)


@pytest.mark.parametrize(("persona", "visible"), VISIBLE_FROM_ZHENJIANG.items())
def test_queue_and_detail_respect_jurisdiction(client, township, zhenjiang_request, persona, visible):
    client.force_login(getattr(township, persona).user)
    queue = client.get("/services/").content.decode()
    assert (zhenjiang_request.tracking_code in queue) == visible
    assert client.get(f"/services/requests/{zhenjiang_request.pk}/").status_code == (200 if visible else 404)
    response = client.post(f"/services/requests/{zhenjiang_request.pk}/complete/", {"result": "办结"})
    assert response.status_code == (302 if visible else 404)
    assert (ServiceRequest.objects.get(pk=zhenjiang_request.pk).status == RequestStatus.COMPLETED) == visible


def test_lists_mask_personal_data_and_revealing_it_is_audited(client, township, zhenjiang_request):
    client.force_login(township.town_leader.user)
    queue = client.get("/services/").content.decode()
    assert APPLICANT.id_number not in queue and APPLICANT.phone not in queue
    assert "139****2345" in queue
    detail = client.get(f"/services/requests/{zhenjiang_request.pk}/").content.decode()
    assert APPLICANT.id_number not in detail
    revealed = client.post(f"/services/requests/{zhenjiang_request.pk}/reveal/", {"reason": "电话回访"})
    assert APPLICANT.id_number in revealed.content.decode()
    assert "no-store" in revealed["Cache-Control"]
    # Nothing of it is kept in the (signed, not encrypted) session.
    session = str(dict(client.session.items()))
    assert APPLICANT.id_number not in session and APPLICANT.phone not in session
    assert AuditEvent.objects.filter(action="service_request.reveal_personal_data").count() == 1
    # Shown once: the next visit is masked again.
    assert (
        APPLICANT.id_number not in client.get(f"/services/requests/{zhenjiang_request.pk}/").content.decode()
    )


def test_the_intake_page_issues_a_notice_and_prints_it(client, township, item):
    client.force_login(township.window_staff.user)
    response = client.post(
        "/services/intake/",
        {
            "unit": township.zhenjiang.pk,
            "item": item.pk,
            "materials": ["身份证"],
            "applicant_name": APPLICANT.name,
            "applicant_phone": APPLICANT.phone,
            "applicant_id_number": APPLICANT.id_number,
            "decision": "notice",
        },
    )
    created = ServiceRequest.objects.get()
    assert response.status_code == 302
    printed = client.get(f"/services/requests/{created.pk}/notices/1/").content.decode()
    assert "补正材料一次性告知书" in printed and "户口簿" in printed and "家庭收入证明" in printed
    assert created.tracking_code in printed


def test_the_intake_page_keeps_the_input_and_explains_a_bad_id_number(client, township, item):
    client.force_login(township.window_staff.user)
    page = client.post(
        "/services/intake/",
        {
            "unit": township.zhenjiang.pk,
            "item": item.pk,
            "materials": REQUIRED,
            "applicant_name": "李秀兰",
            "applicant_phone": APPLICANT.phone,
            "applicant_id_number": "520502198001010010",
            "decision": "accept",
        },
    ).content.decode()
    assert "身份证号校验位不正确" in page
    assert 'value="李秀兰"' in page
    assert not ServiceRequest.objects.exists()


def test_the_materials_partial_lists_the_items_materials(client, township, item):
    client.force_login(township.window_staff.user)
    page = client.get(f"/services/intake/materials/?item={item.pk}").content.decode()
    assert "家庭收入证明" in page and "可容缺后补" in page


def test_statistics_count_only_the_viewers_units(client, township, item):
    intake(township.window_staff.user, item, township.zhenjiang)
    from tests.factories import make_cadre

    changshan_clerk = make_cadre("钱江", "window_staff", township.qingshi_town, "qingshi")
    intake(changshan_clerk.user, item, township.qingshi)
    client.force_login(township.town_leader.user)
    page = client.get("/services/statistics/?since=2026-01-01&until=2026-12-31").content.decode()
    assert "镇江村" in page and "青石村" not in page
    assert "statistics-chart" in page


def test_the_public_pages_show_status_and_take_one_rating(client, township, zhenjiang_request):
    from xiangzhen.services.services import service_request_complete

    page = client.get(f"/public/track/{zhenjiang_request.tracking_code}/").content.decode()
    assert "办理中" in page and "rating-form" not in page
    assert APPLICANT.id_number not in page and APPLICANT.phone not in page
    service_request_complete(actor=township.window_staff.user, request=zhenjiang_request, result="已批准")
    assert "rating-form" in client.get(f"/public/track/{zhenjiang_request.tracking_code}/").content.decode()
    client.post(f"/public/track/{zhenjiang_request.tracking_code}/", {"level": 5, "comment": "很快"})
    assert zhenjiang_request.__class__.objects.get(pk=zhenjiang_request.pk).rating.level == 5
    response = client.post(f"/public/track/{zhenjiang_request.tracking_code}/", {"level": 1}, follow=True)
    assert "只能评价一次" in response.content.decode()


def test_an_unknown_tracking_code_gets_a_clear_message(client, db):
    response = client.get("/public/track/NOSUCHCODE/")
    assert response.status_code == 404
    assert "没有找到该查询码" in response.content.decode()


def test_the_public_guide_lists_materials(client, item):
    page = client.get(f"/public/items/{item.code}/").content.decode()
    assert "最低生活保障申请" in page and "可容缺受理" in page and "10 个工作日" in page


def test_statistics_by_item_show_the_one_visit_rate(client, township, item):
    from xiangzhen.services.services import IntakeDecision, service_request_complete, service_request_return

    once = intake(township.window_staff.user, item, township.zhenjiang)
    noticed = intake(
        township.window_staff.user,
        item,
        township.zhenjiang,
        present=["身份证"],
        decision=IntakeDecision.NOTICE,
    )
    service_request_return(officer=township.window_staff.user, request=noticed, materials_present=REQUIRED)
    for done in (once, noticed):
        service_request_complete(actor=township.window_staff.user, request=done, result="已批准")
    client.force_login(township.town_leader.user)
    page = client.get("/services/statistics/?group=item&since=2026-01-01&until=2026-12-31").content.decode()
    row = page.split("最低生活保障申请</a></td>")[1].split("</tr>")[0]
    assert "<td>2</td><td>2</td>" in row  # accepted, completed
    assert "<td>50.0%</td>" in row  # one of the two completed in a single visit
    # Each rate's definition is printed beside the table, the words the assessment board shows.
    assert "最多跑一次比例:本期内办结的办件中,群众最多跑一次的比例,按办结日期计。" in page
    assert 'title="12345 口径:' in page


def test_a_county_supervisor_may_not_reveal_and_sees_no_reveal_form(client, township, zhenjiang_request):
    # The permission table gives 查看完整个人信息 only to roles that deal with people by name.
    client.force_login(township.county_supervisor.user)
    detail = client.get(f"/services/requests/{zhenjiang_request.pk}/").content.decode()
    assert "/reveal/" not in detail
    refused = client.post(
        f"/services/requests/{zhenjiang_request.pk}/reveal/", {"reason": "抽查"}, follow=True
    )
    text = refused.content.decode()
    assert "县级督查依据脱敏记录督查" in text and APPLICANT.id_number not in text
    assert not AuditEvent.objects.filter(action="service_request.reveal_personal_data").exists()
