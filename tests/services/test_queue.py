"""The request queue: search, "我的办件", and answers to bad input."""

import pytest

from tests.factories import make_cadre
from tests.services.factories import APPLICANT, REQUIRED, at, intake, resident_id
from xiangzhen.services.models import ServiceRequest
from xiangzhen.services.services import (
    Applicant,
    IntakeDecision,
    service_request_assign,
    service_request_hand_over,
    service_request_intake,
)
from xiangzhen.spreadsheets import response_bytes
from xiangzhen.validators import mask_name

OTHER = Applicant(name="王大明", phone="13700001111", id_number=resident_id("52050219900202002"))


@pytest.fixture
def two_requests(township, item):
    first = intake(township.window_staff.user, item, township.zhenjiang)
    second = service_request_intake(
        officer=township.window_staff.user,
        item=item,
        unit=township.gepu,
        applicant=OTHER,
        materials_present=REQUIRED,
        decision=IntakeDecision.ACCEPT,
        now=at(2026, 3, 20),
    )
    return first, second


def _codes(page: str, *requests: ServiceRequest) -> list[bool]:
    return [request.tracking_code in page for request in requests]


@pytest.mark.parametrize(
    ("typed", "finds_first", "finds_second"),
    [
        (APPLICANT.id_number, True, False),
        (APPLICANT.id_number.lower(), True, False),
        (OTHER.phone, False, True),
        ("137 0000 1111", False, True),
        (OTHER.name, False, True),
    ],
)
def test_the_queue_finds_a_request_by_the_applicants_full_data(
    client, township, two_requests, typed, finds_first, finds_second
):
    client.force_login(township.window_staff.user)
    page = client.get("/services/", {"q": typed}).content.decode()
    assert _codes(page, *two_requests) == [finds_first, finds_second]


def test_the_queue_finds_a_request_by_tracking_code_in_any_case(client, township, two_requests):
    first, second = two_requests
    client.force_login(township.window_staff.user)
    page = client.get("/services/", {"q": first.tracking_code.lower()}).content.decode()
    assert _codes(page, first, second) == [True, False]


@pytest.mark.parametrize("partial", [APPLICANT.id_number[:17], APPLICANT.id_number[:6], "1398501", "2345"])
def test_a_partial_phone_or_id_number_finds_nothing_and_says_why(client, township, two_requests, partial):
    client.force_login(township.window_staff.user)
    response = client.get("/services/", {"q": partial})
    page = response.content.decode()
    assert response.status_code == 400
    assert "不支持按部分号码查询" in page
    assert _codes(page, *two_requests) == [False, False]


def test_search_stays_within_the_jurisdiction(client, township, two_requests):
    # The village cadre of 葛铺村 must not learn that 镇江村 has a request for this ID number.
    client.force_login(township.village_cadre.user)
    page = client.get("/services/", {"q": APPLICANT.id_number}).content.decode()
    assert _codes(page, *two_requests) == [False, False]
    assert two_requests[1].tracking_code in client.get("/services/", {"q": OTHER.phone}).content.decode()


def test_search_combines_with_item_village_and_date_range(client, township, two_requests, item):
    first, second = two_requests
    client.force_login(township.town_leader.user)
    by_village = client.get("/services/", {"unit": township.gepu.pk}).content.decode()
    assert _codes(by_village, first, second) == [False, True]
    by_dates = client.get("/services/", {"since": "2026-03-10", "until": "2026-03-31"}).content.decode()
    assert _codes(by_dates, first, second) == [False, True]
    by_item = client.get("/services/", {"item": item.pk, "q": APPLICANT.name}).content.decode()
    assert _codes(by_item, first, second) == [True, False]


def test_the_search_uses_an_index_not_a_scan(township, two_requests):
    from django.db import connection

    from xiangzhen.services.selectors import QueueFilters, service_request_list

    with connection.cursor() as cursor:
        queryset = ServiceRequest.objects.filter(applicant_id_number=APPLICANT.id_number)
        sql, params = queryset.query.sql_with_params()
        if connection.vendor != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "request_applicant_id_number" in plan
    found = service_request_list(
        viewer=township.window_staff.user, filters=QueueFilters(search=APPLICANT.id_number)
    )
    assert found == [two_requests[0]]


def test_my_requests_are_those_i_handle_or_answer_for(client, township, item):
    clerk = township.window_staff.user
    colleague = make_cadre("孙丽", "window_staff", township.shengji, "sunli").user
    mine_first = intake(clerk, item, township.zhenjiang)
    # Assigned to a colleague, but I took it first and still answer for it.
    service_request_assign(actor=clerk, request=mine_first, officer=colleague)
    assigned_to_me = intake(colleague, item, township.zhenjiang, now=at(2026, 3, 3))
    service_request_assign(actor=colleague, request=assigned_to_me, officer=clerk)
    handed_away = intake(clerk, item, township.zhenjiang, now=at(2026, 3, 4))
    service_request_hand_over(actor=clerk, request=handed_away, officer=colleague, note="调岗")
    not_mine = intake(colleague, item, township.zhenjiang, now=at(2026, 3, 5))
    client.force_login(clerk)
    page = client.get("/services/", {"mine": "1"}).content.decode()
    assert "我的办件" in page
    assert _codes(page, mine_first, assigned_to_me, handed_away, not_mine) == [True, True, False, False]


@pytest.mark.parametrize(
    "query",
    [
        {"item": "²"},
        {"item": "abc"},
        {"item": "99999999999999999999"},
        {"unit": "-1"},
        {"unit": "99999999999999999999"},
        {"since": "2026-13-45"},
        {"until": "garbage"},
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"before_at": "garbage", "before_id": "1"},
        {"before_at": "2026-03-02T10:00:00+08:00", "before_id": "99999999999999999999"},
        {"before_at": "2026-03-02T10:00:00+08:00", "before_id": "²"},
    ],
)
def test_bad_queue_input_answers_in_chinese_not_500(client, township, two_requests, query):
    client.force_login(township.window_staff.user)
    response = client.get("/services/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="queue-error"' in page
    assert _codes(page, *two_requests) == [False, False]


def test_a_request_id_past_64_bits_is_not_found(client, township, two_requests):
    client.force_login(township.window_staff.user)
    huge = "99999999999999999999"
    assert client.get(f"/services/requests/{huge}/").status_code == 404
    assert client.post(f"/services/requests/{huge}/complete/", {"result": "x"}).status_code == 404
    first = two_requests[0]
    assert client.get(f"/services/requests/{first.pk}/notices/{huge}/").status_code == 404


def test_the_intake_page_answers_a_bad_item_id(client, township, item):
    client.force_login(township.window_staff.user)
    for bad, message in (("²", "事项应为整数"), ("99999999999999999999", "事项应为整数"), ("0", "事项应在")):
        response = client.get("/services/intake/", {"item": bad})
        assert response.status_code == 200
        assert message in response.content.decode()
        response = client.post(
            "/services/intake/",
            {"unit": bad, "item": bad, "applicant_name": "李", "decision": "accept"},
        )
        assert response.status_code == 200
    assert not ServiceRequest.objects.exists()


def test_a_bad_transfer_target_changes_nothing(client, township, two_requests):
    first = two_requests[0]
    client.force_login(township.window_staff.user)
    for bad in ("abc", "²", "99999999999999999999"):
        page = client.post(
            f"/services/requests/{first.pk}/transfer/", {"to_unit": bad, "reason": "x"}, follow=True
        ).content.decode()
        assert "转办单位" in page
    first.refresh_from_db()
    assert first.handling_unit == township.zhenjiang


@pytest.mark.parametrize("query", [{"since": "garbage"}, {"until": "2026-02-30"}])
def test_bad_statistics_dates_answer_in_chinese(client, township, query):
    client.force_login(township.town_leader.user)
    response = client.get("/services/statistics/", query)
    assert response.status_code == 200
    assert "统计" in response.content.decode() and "格式不正确" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("李秀兰", "李*兰"), ("欧阳明月", "欧**月"), ("", ""), ("王", "*")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_a_request_names_its_applicant_masked(township, item):
    created = intake(township.window_staff.user, item, township.zhenjiang)
    assert APPLICANT.name not in str(created) and "李*兰" in str(created)
    from xiangzhen.audit.models import AuditEvent

    assert all(APPLICANT.name not in event.object_repr for event in AuditEvent.objects.all())


def test_the_excel_export_masks_the_applicant_and_keeps_the_filters(client, township, two_requests):
    from io import BytesIO

    from openpyxl import load_workbook

    first, second = two_requests
    client.force_login(township.town_leader.user)
    response = client.get("/services/requests.xlsx", {"unit": township.zhenjiang.pk})
    sheet = load_workbook(BytesIO(response_bytes(response))).active
    cells = [[str(cell.value) for cell in row] for row in sheet.iter_rows()]
    flat = " ".join(" ".join(row) for row in cells)
    assert first.tracking_code in flat and second.tracking_code not in flat
    assert "李*兰" in flat and APPLICANT.name not in flat
    assert APPLICANT.phone not in flat and APPLICANT.id_number not in flat
    # Bad filter input: back to the queue with the reason, no file.
    bad = client.get("/services/requests.xlsx", {"item": "²"}, follow=True)
    assert "事项应为整数" in bad.content.decode()


def _queue(user) -> list[ServiceRequest]:
    from xiangzhen.services.selectors import QueueFilters, service_request_list

    return service_request_list(viewer=user, filters=QueueFilters())


def test_a_transfer_moves_the_request_between_the_queues_that_see_it(township, item):
    from xiangzhen.services.services import service_request_transfer

    village_cadre = township.village_cadre.user
    filed_at_town = intake(township.window_staff.user, item, township.shengji)
    assert _queue(village_cadre) == []
    service_request_transfer(
        actor=township.town_leader.user, request=filed_at_town, to_unit=township.gepu, reason="村里办"
    )
    assert _queue(village_cadre) == [filed_at_town]
    service_request_transfer(
        actor=township.town_leader.user, request=filed_at_town, to_unit=township.shengji, reason="退回镇里"
    )
    assert _queue(village_cadre) == []
    assert _queue(township.town_leader.user) == [filed_at_town]


def test_a_request_seen_from_two_of_my_units_is_listed_once(township, item):
    from tests.factories import START
    from xiangzhen.org.models import AssignmentKind
    from xiangzhen.org.services import assignment_create

    assignment_create(
        actor=None,
        cadre=township.township_cadre,
        unit=township.zhenjiang_district,
        kind=AssignmentKind.CONTACT_VILLAGE,
        start_date=START,
    )
    older = intake(township.window_staff.user, item, township.zhenjiang, now=at(2026, 3, 2))
    newer = intake(township.window_staff.user, item, township.qingping, now=at(2026, 3, 3))
    assert _queue(township.township_cadre.user) == [newer, older]


def test_a_filtered_page_reads_the_scope_in_rounds_until_it_is_full(township, item, monkeypatch):
    from xiangzhen.services import selectors
    from xiangzhen.services.models import RequestStatus
    from xiangzhen.services.selectors import QueueFilters, service_request_list
    from xiangzhen.services.services import service_request_complete

    monkeypatch.setattr(selectors, "QUEUE_BATCH", 2)
    clerk = township.window_staff.user
    made = [intake(clerk, item, township.zhenjiang, now=at(2026, 3, day)) for day in range(2, 9)]
    # The newest four are done: the two open ones wanted lie beyond the first two rounds of entries.
    for request in made[3:]:
        service_request_complete(actor=clerk, request=request, result="已办结")
    page = service_request_list(viewer=clerk, filters=QueueFilters(status="open"), limit=2)
    assert page == [made[2], made[1]]
    assert all(request.status == RequestStatus.ACCEPTED for request in page)
    rest = service_request_list(
        viewer=clerk,
        filters=QueueFilters(status="open"),
        before=(page[-1].created_at, page[-1].pk),
        limit=2,
    )
    assert rest == [made[0]]
