import pytest

from tests.services.factories import APPLICANT, REQUIRED, intake
from xiangzhen.api.services import api_token_issue
from xiangzhen.services.models import RequestStatus, ServiceRequest


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='测试')}"}


def intake_payload(unit, **changes):
    return {
        "item_code": "MZ-001",
        "unit_id": unit.pk,
        "applicant_name": APPLICANT.name,
        "applicant_phone": APPLICANT.phone,
        "applicant_id_number": APPLICANT.id_number,
        "materials_present": REQUIRED,
        "decision": "accept",
        **changes,
    }


def test_intake_through_the_api_and_each_transition(client, township, item):
    headers = bearer(township.window_staff.user)
    created = client.post(
        "/api/v1/services/requests",
        intake_payload(township.zhenjiang, materials_present=["身份证"], decision="notice"),
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "awaiting_materials"
    assert body["missing_materials"] == ["户口簿", "家庭收入证明"]
    assert body["applicant_phone"] == "139****2345"
    url = f"/api/v1/services/requests/{body['id']}"
    returned = client.post(
        f"{url}/return", {"materials_present": REQUIRED}, content_type="application/json", **headers
    )
    assert returned.json()["status"] == "accepted"
    assert (
        client.post(f"{url}/pause", {"reason": "等待"}, content_type="application/json", **headers).json()[
            "status"
        ]
        == "paused"
    )
    assert (
        client.post(f"{url}/resume", content_type="application/json", **headers).json()["status"]
        == "accepted"
    )
    transferred = client.post(
        f"{url}/transfer",
        {"to_unit_id": township.zhenjiang_district.pk, "reason": "片区审核"},
        content_type="application/json",
        **headers,
    )
    assert transferred.json()["handling_unit_id"] == township.zhenjiang_district.pk
    done = client.post(f"{url}/complete", {"result": "已批准"}, content_type="application/json", **headers)
    assert done.json()["status"] == "completed" and done.json()["settled_level"] == "district"
    again = client.post(f"{url}/complete", {"result": "again"}, content_type="application/json", **headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    rated = client.post(f"{url}/rating", {"level": 4}, content_type="application/json", **headers)
    assert rated.status_code == 200


def test_bad_input_is_a_422_and_changes_nothing(client, township, item):
    headers = bearer(township.window_staff.user)
    response = client.post(
        "/api/v1/services/requests",
        intake_payload(township.zhenjiang, applicant_id_number="123"),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert "身份证号" in response.json()["error"]["message"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("persona", ["village_cadre"])
def test_the_api_hides_requests_outside_the_jurisdiction(client, township, item, persona):
    request = intake(township.window_staff.user, item, township.zhenjiang)
    headers = bearer(getattr(township, persona).user)
    assert client.get(f"/api/v1/services/requests/{request.pk}", **headers).status_code == 404
    assert (
        client.post(
            f"/api/v1/services/requests/{request.pk}/complete",
            {"result": "x"},
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    assert client.get("/api/v1/services/requests", **headers).json()["items"] == []
    response = client.post(
        "/api/v1/services/requests",
        intake_payload(township.zhenjiang),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert ServiceRequest.objects.get(pk=request.pk).status == RequestStatus.ACCEPTED


def test_the_queue_pages_by_cursor(client, township, item):
    for _ in range(5):
        intake(township.window_staff.user, item, township.zhenjiang)
    headers = bearer(township.town_leader.user)
    first = client.get("/api/v1/services/requests?limit=2", **headers).json()
    second = client.get(f"/api/v1/services/requests?limit=2&cursor={first['next_cursor']}", **headers).json()
    third = client.get(f"/api/v1/services/requests?limit=2&cursor={second['next_cursor']}", **headers).json()
    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert third["next_cursor"] is None
