from decimal import Decimal

from django.utils import timezone

from tests.assistance.factories import causes, register
from xiangzhen.api.services import api_token_issue


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def test_register_plan_visit_and_tick_a_step_through_the_api(client, township):
    causes("因病")
    headers = bearer(township.township_cadre.user)
    today = timezone.localdate().isoformat()
    created = client.post(
        "/api/v1/assistance/households",
        {
            "village_id": township.zhenjiang.pk,
            "head_name": "敖银桃",
            "head_id_number": "",
            "category": "marginal",
            "channel": "visit",
            "causes": ["因病"],
            "responsible_id": township.township_cadre.pk,
            "members": [{"name": "敖银桃", "relation": "户主", "is_labour": True}],
            "reviewed_on": today,
            "publicity_from": today,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["head"] == "敖*桃" and body["status"] == "publicity" and body["causes"] == ["因病"]
    url = f"/api/v1/assistance/households/{body['id']}"
    measure = client.post(
        f"{url}/measures",
        {
            "kind": "loan",
            "title": "创业贷款",
            "amount": "80000",
            "steps": [{"title": "放款", "due_date": today}],
        },
        content_type="application/json",
        **headers,
    )
    assert measure.status_code == 201 and Decimal(measure.json()["amount"]) == 80000
    step_id = measure.json()["steps"][0]["id"]
    done = client.post(
        f"/api/v1/assistance/measure-steps/{step_id}/done",
        {"done_on": today},
        content_type="application/json",
        **headers,
    )
    assert done.status_code == 200 and done.json()["done_on"] == today
    visit = client.post(
        f"{url}/visits", {"visited_on": today, "notes": "看望"}, content_type="application/json", **headers
    )
    assert visit.status_code == 201
    # The town reviews only after the 公示.
    early = client.post(
        f"{url}/review",
        {"approved": True},
        content_type="application/json",
        **bearer(township.town_leader.user),
    )
    assert early.status_code == 409 and "公示期未满" in early.json()["error"]["message"]


def test_other_villages_households_answer_404_and_bad_input_422(client, township):
    household = register(township.town_leader.user, township.zhenjiang, township.township_cadre)
    headers = bearer(township.village_cadre.user)
    assert client.get(f"/api/v1/assistance/households/{household.pk}", **headers).status_code == 404
    assert client.get("/api/v1/assistance/households", **headers).json() == []
    leader = bearer(township.town_leader.user)
    bad = client.post(
        f"/api/v1/assistance/households/{household.pk}/incomes",
        {"year": 2026, "total": "-1", "people": 0},
        content_type="application/json",
        **leader,
    )
    assert bad.status_code == 422
