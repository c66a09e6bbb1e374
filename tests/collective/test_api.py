"""The JSON API: the same services, errors as structured JSON."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.collective.factories import make_contract
from xiangzhen.collective.models import Contract

pytestmark = pytest.mark.django_db


def contract_body(village_id: int, **changes: object) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "village_id": village_id,
        "number": "API-1",
        "title": "茶园租赁合同",
        "counterparty": "荣禾农业",
        "counterparty_kind": "organisation",
        "subject": "茶园 200 亩",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365 * 2)).isoformat(),
        "amount": "40000.00",
        "payment_cycle": "half_yearly",
        **changes,
    }


def test_a_contract_is_created_and_read_back_with_its_schedule(client, township):
    client.force_login(township.village_cadre.user)
    response = client.post(
        "/api/v1/collective/contracts", contract_body(township.gepu.pk), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["payments"]) == 4
    detail = client.get(f"/api/v1/collective/contracts/{body['id']}").json()
    assert detail["counterparty"] == "荣禾农业"


def test_bad_terms_are_a_422_with_a_chinese_message(client, township):
    client.force_login(township.village_cadre.user)
    today = timezone.localdate().isoformat()
    response = client.post(
        "/api/v1/collective/contracts",
        contract_body(township.gepu.pk, ends_on=today, payment_cycle="monthly"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "截止日期应晚于起始日期" in response.json()["error"]["message"]
    assert not Contract.objects.exists()


def test_a_stale_receipt_is_a_409(client, township):
    contract = make_contract(township.village_cadre, township.gepu, starts_on=timezone.localdate())
    payment = contract.payments.order_by("due_date").first()
    client.force_login(township.village_cadre.user)
    url = f"/api/v1/collective/payments/{payment.pk}/receipts"
    body = {"amount": "1.00", "received_on": timezone.localdate().isoformat(), "version": payment.version}
    assert client.post(url, body, content_type="application/json").status_code == 200
    assert client.post(url, body, content_type="application/json").status_code == 409


def test_another_villages_contract_is_not_found(client, township):
    contract = make_contract(township.town_leader, township.zhenjiang)
    client.force_login(township.village_cadre.user)
    response = client.get(f"/api/v1/collective/contracts/{contract.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_window_staff_are_refused_with_403(client, township):
    client.force_login(township.window_staff.user)
    response = client.post(
        "/api/v1/collective/contracts", contract_body(township.gepu.pk), content_type="application/json"
    )
    assert response.status_code == 403


def test_figures_add_up_per_town(client, township):
    make_contract(township.town_leader, township.gepu)
    client.force_login(township.town_leader.user)
    body = client.get("/api/v1/collective/figures").json()
    assert body["total"]["contracts"] == 1
    assert [town["name"] for town in body["towns"]] == ["生机镇"]
