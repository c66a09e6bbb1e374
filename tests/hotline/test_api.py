"""The county platform's side: push an order (a resend never duplicates it), read its status and reply."""

from xiangzhen.api.services import api_token_issue
from xiangzhen.hotline.models import WorkOrder


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='12345平台')}"}


def body(township, **changes):
    return {
        "platform_number": "QXG-2026-000123",
        "town_id": township.shengji.pk,
        "content": "葛铺村二组自来水停水三天",
        "dispatched_at": "2026-03-02T09:00:00+08:00",
        "caller_name": "李大山",
        "caller_phone": "13812345678",
        "category": "供水",
        "kind": "help",
        **changes,
    }


def test_a_resent_order_is_not_duplicated(client, township):
    headers = bearer(township.county_supervisor.user)
    first = client.post("/api/v1/hotline/orders", body(township), content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/hotline/orders",
        body(township, content="重复推送"),
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert WorkOrder.objects.count() == 1
    assert WorkOrder.objects.get().content == "葛铺村二组自来水停水三天"


def test_the_platform_reads_status_and_reply_with_the_caller_masked(client, township):
    dispatcher, leader = bearer(township.county_supervisor.user), bearer(township.town_leader.user)
    order = client.post(
        "/api/v1/hotline/orders", body(township), content_type="application/json", **dispatcher
    ).json()
    assert order["caller_phone"] == "138****5678" and order["caller_name"] != "李大山"
    url = f"/api/v1/hotline/orders/{order['id']}"
    signed = client.post(
        f"{url}/sign", {"version": order["version"]}, content_type="application/json", **leader
    )
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    stale = client.post(
        f"{url}/contact",
        {"note": "已联系", "version": order["version"]},
        content_type="application/json",
        **leader,
    )
    assert stale.status_code == 409 and set(stale.json()["error"]) == {"code", "message"}
    client.post(f"{url}/contact", {"note": "已联系"}, content_type="application/json", **leader)
    client.post(f"{url}/reply", {"reply": "已抢修恢复供水"}, content_type="application/json", **leader)
    detail = client.get(url, **dispatcher).json()
    assert detail["status"] == "replied" and detail["reply"] == "已抢修恢复供水"
    assert [step["kind"] for step in detail["steps"]] == ["dispatch", "sign", "contact", "reply"]
    visited = client.post(
        f"{url}/visit", {"rating": "basic", "resolved": True}, content_type="application/json", **dispatcher
    )
    assert visited.status_code == 200 and visited.json()["rating"] == "basic"


def test_bad_input_is_a_json_error_and_changes_nothing(client, township):
    headers = bearer(township.county_supervisor.user)
    for bad in (
        body(township, kind="gossip"),
        body(township, dispatched_at="2026-03-02T09:00:00"),
        body(township, town_id=township.zhenjiang.pk),
        body(township, platform_number=""),
    ):
        response = client.post("/api/v1/hotline/orders", bad, content_type="application/json", **headers)
        assert response.status_code == 422, (bad, response.content)
    assert WorkOrder.objects.count() == 0


def test_another_countys_town_is_not_found(client, township):
    response = client.post(
        "/api/v1/hotline/orders",
        body(township, town_id=township.qingshi_town.pk),
        content_type="application/json",
        **bearer(township.county_supervisor.user),
    )
    assert response.status_code == 404


def test_the_window_may_not_push_orders(client, township):
    response = client.post(
        "/api/v1/hotline/orders",
        body(township),
        content_type="application/json",
        **bearer(township.window_staff.user),
    )
    assert response.status_code == 403


def test_the_routes_are_in_the_openapi_document(client, township):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/hotline/orders" in paths and "/api/v1/hotline/orders/{order_id}" in paths
