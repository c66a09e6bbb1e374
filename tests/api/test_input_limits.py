"""Bad input on any API route is a 422 (or 409) JSON error that changes nothing — never a 500."""

import pytest
from django.db.models.query import QuerySet

from tests.services.factories import APPLICANT, REQUIRED, intake, make_item
from xiangzhen.api.schemas import BIGINT_MAX
from xiangzhen.api.services import api_token_issue
from xiangzhen.disputes.models import Dispute
from xiangzhen.org.models import Unit
from xiangzhen.services.models import Rating, ServiceRequest
from xiangzhen.services.services import service_request_complete


@pytest.fixture
def item(db):
    return make_item()


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", **bearer(user))


def assert_invalid(response):
    assert response.status_code == 422, response.content
    assert set(response.json()["error"]) == {"code", "message"}


@pytest.mark.parametrize(
    "name",
    ["镇" * 101, "葛铺\x00村"],
    ids=["one character past the column", "a NUL byte"],
)
def test_a_unit_name_the_column_cannot_hold_is_refused(client, township, name):
    before = Unit.objects.count()
    response = post(
        client,
        "/api/v1/units",
        {"name": name, "level": "village", "parent_id": township.gepu_district.pk},
        township.town_leader.user,
    )
    assert_invalid(response)
    assert Unit.objects.count() == before


def test_a_unit_name_exactly_as_long_as_the_column_is_accepted(client, township):
    response = post(
        client,
        "/api/v1/units",
        {"name": "镇" * 100, "level": "village", "parent_id": township.gepu_district.pk},
        township.town_leader.user,
    )
    assert response.status_code == 201


def test_a_nul_byte_inside_a_list_of_materials_is_refused(client, township, item):
    response = post(
        client,
        "/api/v1/services/requests",
        {
            "item_code": "MZ-001",
            "unit_id": township.zhenjiang.pk,
            "applicant_name": APPLICANT.name,
            "applicant_phone": APPLICANT.phone,
            "applicant_id_number": APPLICANT.id_number,
            "materials_present": ["身份证\x00"],
            "decision": "accept",
        },
        township.window_staff.user,
    )
    assert_invalid(response)
    assert "NUL" in response.json()["error"]["message"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "cursor=99999999999999999999_1",
        "cursor=1_99999999999999999999",
        f"item_id={BIGINT_MAX + 1}",
        "unit_id=-1",
        "status=%00",
    ],
)
def test_queue_filters_out_of_range_are_a_422(client, township, query):
    assert_invalid(client.get(f"/api/v1/services/requests?{query}", **bearer(township.town_leader.user)))


@pytest.mark.parametrize("url", ["/api/v1/tasks/", "/api/v1/disputes/", "/api/v1/services/requests/"])
def test_an_id_past_64_bits_in_the_path_is_a_422(client, township, url):
    assert_invalid(client.get(f"{url}{BIGINT_MAX + 1}", **bearer(township.town_leader.user)))


def test_a_negative_dispute_time_limit_is_a_422(client, township):
    response = post(
        client,
        "/api/v1/disputes",
        {
            "title": "山林界址纠纷",
            "summary": "两组山林界址不清",
            "place_id": township.zhenjiang.pk,
            "category": "土地山林",
            "source": "screening",
            "responsible_id": township.township_cadre.pk,
            "parties": [{"name": "王某"}],
            "limit_workdays": -3,
        },
        township.township_cadre.user,
    )
    assert_invalid(response)
    assert "limit_workdays" in response.json()["error"]["message"]
    assert not Dispute.objects.exists()


def test_a_second_rating_racing_the_first_is_a_409(client, township, item, monkeypatch):
    service_request = intake(township.window_staff.user, item, township.zhenjiang, present=REQUIRED)
    service_request_complete(actor=township.window_staff.user, request=service_request, result="已批准")
    Rating.objects.create(request=service_request, level=5, created_at=service_request.created_at)
    # The race: the service's "already rated?" check ran before the other rating committed.
    original_exists = QuerySet.exists
    monkeypatch.setattr(
        QuerySet, "exists", lambda queryset: False if queryset.model is Rating else original_exists(queryset)
    )
    response = post(
        client,
        f"/api/v1/services/requests/{service_request.pk}/rating",
        {"level": 1},
        township.window_staff.user,
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert Rating.objects.get().level == 5
