from datetime import timedelta

import pytest
from django.utils import timezone

from xiangzhen.api.services import api_token_issue
from xiangzhen.frontline.models import CheckIn, DutyShift

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1/frontline"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def test_a_cadre_checks_in_and_records_a_visit_turned_into_a_task(client, township):
    headers = bearer(township.township_cadre.user)
    created = client.post(
        f"{PREFIX}/check-ins",
        {
            "place_id": township.zhenjiang.pk,
            "latitude": "27.351234",
            "longitude": "105.062345",
            "accuracy": 15,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    assert created.json()["village_id"] == township.zhenjiang.pk and not created.json()["no_location"]
    listed = client.get(f"{PREFIX}/check-ins", **bearer(township.town_leader.user)).json()
    assert [row["id"] for row in listed] == [created.json()["id"]]
    assert client.get(f"{PREFIX}/check-ins", **bearer(township.village_cadre.user)).json() == []

    visit = client.post(
        f"{PREFIX}/visits",
        {
            "kind": "enterprise",
            "unit_id": township.zhenjiang.pk,
            "target": "铁皮石斛基地",
            "findings": "每天用工 25 人",
            "problems": ["基地用电容量不足"],
        },
        content_type="application/json",
        **headers,
    )
    assert visit.status_code == 201, visit.content
    body = visit.json()
    task = client.post(
        f"{PREFIX}/visits/{body['id']}/tasks",
        {
            "problem_id": body["problems"][0]["id"],
            "owner_unit_id": township.zhenjiang.pk,
            "owner_id": township.township_cadre.pk,
        },
        content_type="application/json",
        **headers,
    )
    assert task.status_code == 201 and task.json()["problems"][0]["task_id"]


def test_bad_input_is_a_422_and_changes_nothing(client, township):
    headers = bearer(township.township_cadre.user)
    for body in ({"latitude": "27.3"}, {"latitude": "95", "longitude": "105"}, {"place_id": 2**70}):
        response = client.post(f"{PREFIX}/check-ins", body, content_type="application/json", **headers)
        assert (response.status_code == 422 and "error" in response.json()) or response.status_code == 422
    assert not CheckIn.objects.exists()


def test_rotas_through_the_api_need_a_leader(client, township):
    start = timezone.localdate() + timedelta(days=7)
    body = {
        "town_id": township.shengji.pk,
        "kind": "staff",
        "cadre_ids": [township.window_staff.pk, township.town_leader.pk],
        "start": start.isoformat(),
        "end": (start + timedelta(days=6)).isoformat(),
    }
    denied = client.post(
        f"{PREFIX}/rotas", body, content_type="application/json", **bearer(township.window_staff.user)
    )
    assert denied.status_code == 403 and not DutyShift.objects.exists()
    made = client.post(
        f"{PREFIX}/rotas", body, content_type="application/json", **bearer(township.town_leader.user)
    )
    assert made.status_code == 201 and len(made.json()) == DutyShift.objects.count() > 0
    listed = client.get(
        f"{PREFIX}/rotas?since={start.isoformat()}&town_id={township.shengji.pk}",
        **bearer(township.town_leader.user),
    )
    assert len(listed.json()) == DutyShift.objects.count()
    shift = DutyShift.objects.exclude(cadre=township.window_staff).first()
    refused = client.post(f"{PREFIX}/shifts/{shift.pk}/check-in", **bearer(township.window_staff.user))
    assert refused.status_code == 409
