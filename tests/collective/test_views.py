"""The pages: who may record what, jurisdiction, and bad input answered in Chinese without a change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.collective.factories import make_contract
from xiangzhen.collective.models import CollectiveAsset, Contract, PaymentStatus
from xiangzhen.collective.services import asset_create, collective_sweep_alerts, resource_create

pytestmark = pytest.mark.django_db


def test_a_village_cadre_records_an_asset_for_their_village(client, township):
    client.force_login(township.village_cadre.user)
    response = client.post(
        "/collective/assets/",
        {"village": township.gepu.pk, "name": "集体仓库", "kind": "building", "value": "12.50"},
        follow=True,
    )
    assert "已登记资产“集体仓库”" in response.content.decode()
    assert CollectiveAsset.objects.get().value == Decimal("12.50")


@pytest.mark.parametrize("value", ["-1", "abc", "1.234", "1" * 20, "²"])
def test_a_bad_value_is_answered_in_chinese_and_nothing_is_recorded(client, township, value):
    client.force_login(township.village_cadre.user)
    response = client.post(
        "/collective/assets/",
        {"village": township.gepu.pk, "name": "集体仓库", "kind": "building", "value": value},
        follow=True,
    )
    assert response.status_code == 200
    assert "价值(万元)" in response.content.decode()
    assert not CollectiveAsset.objects.exists()


def test_window_staff_see_the_ledgers_but_may_not_record(client, township):
    client.force_login(township.window_staff.user)
    page = client.get("/collective/assets/").content.decode()
    assert 'id="asset-form"' not in page
    response = client.post(
        "/collective/assets/",
        {"village": township.gepu.pk, "name": "集体仓库", "kind": "building", "value": "1"},
        follow=True,
    )
    assert "只有乡镇领导和村干部可以管理村集体三资" in response.content.decode()
    assert not CollectiveAsset.objects.exists()


def test_the_import_pages_are_closed_to_roles_that_do_not_manage_the_collective(client, township):
    client.force_login(township.township_cadre.user)
    assert client.get("/collective/assets/import/").status_code == 403
    assert client.get("/collective/contracts/import/").status_code == 403


def test_a_village_cadre_does_not_see_another_villages_contract(client, township):
    contract = make_contract(township.town_leader, township.zhenjiang)
    client.force_login(township.village_cadre.user)
    assert client.get(f"/collective/contracts/{contract.pk}/").status_code == 404
    assert contract.title not in client.get("/collective/contracts/").content.decode()
    payment = contract.payments.first()
    assert client.get(f"/collective/payments/{payment.pk}/").status_code == 404


def test_a_person_counterparty_is_masked_on_the_list(client, township):
    make_contract(township.village_cadre, township.gepu, counterparty="王大山")
    client.force_login(township.village_cadre.user)
    page = client.get("/collective/contracts/").content.decode()
    assert "王*山" in page and "王大山" not in page


def test_rent_is_received_from_the_contract_page(client, township):
    today = timezone.localdate()
    contract = make_contract(township.village_cadre, township.gepu, starts_on=today, amount="900.00")
    payment = contract.payments.order_by("due_date").first()
    client.force_login(township.village_cadre.user)
    response = client.post(
        f"/collective/contracts/{contract.pk}/receive/",
        {
            "payment": payment.pk,
            "version": payment.version,
            "amount": "300.00",
            "received_on": today.isoformat(),
        },
        follow=True,
    )
    assert "已登记收款" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_a_payment_of_another_contract_is_refused(client, township):
    first = make_contract(township.village_cadre, township.gepu, number="A")
    second = make_contract(township.village_cadre, township.gepu, number="B")
    client.force_login(township.village_cadre.user)
    response = client.post(
        f"/collective/contracts/{first.pk}/receive/",
        {"payment": second.payments.first().pk, "version": 1, "amount": "1"},
        follow=True,
    )
    assert "款项不属于该合同" in response.content.decode()


def test_the_overview_adds_villages_up_under_their_town(client, township):
    today = timezone.localdate()
    leader = township.town_leader.user
    asset_create(actor=leader, village=township.gepu, name="办公楼", kind="building", value=Decimal("100.25"))
    asset_create(
        actor=leader, village=township.zhenjiang, name="仓库", kind="building", value=Decimal("20.50")
    )
    resource_create(
        actor=leader, village=township.zhenjiang, name="林地", kind="forest", area_mu=Decimal("300")
    )
    make_contract(
        township.town_leader,
        township.gepu,
        starts_on=today - timedelta(days=40),
        ends_on=today + timedelta(days=30),
    )
    collective_sweep_alerts()
    client.force_login(township.town_leader.user)
    response = client.get("/collective/")
    figures = response.context["figures"]
    [town] = figures.towns
    assert town.unit == township.shengji
    assert (town.villages, town.asset_value, town.resource_area) == (3, Decimal("120.75"), Decimal("300"))
    assert (town.contracts, town.expiring) == (1, 1)
    assert town.overdue_rent == Contract.objects.get().payments.order_by("due_date").first().amount
    client.force_login(township.village_cadre.user)
    mine = client.get("/collective/").context["figures"]
    assert [row.unit for row in mine.villages] == [township.gepu]
    assert mine.total.asset_value == Decimal("100.25")


def test_the_publications_board_accepts_a_bad_quarter_without_failing(client, township):
    client.force_login(township.village_cadre.user)
    response = client.get("/collective/publications/?year=0&quarter=9")
    assert response.status_code == 200
    assert "年份应在" in response.content.decode()
