"""The ledgers page 50 rows at a time; the next page keeps the filters; a bad cursor is page one."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.collective.models import CollectiveAsset, CollectiveResource, Contract

pytestmark = pytest.mark.django_db


def contracts(township, count: int, village, *, status: str = "active", same_end: bool = False) -> None:
    leader = township.town_leader
    Contract.objects.bulk_create(
        Contract(
            village=village,
            number=f"{village.pk}-{status}-{number}",
            title=f"合同{village.pk}-{status}-{number}",
            counterparty="某公司",
            counterparty_kind="company",
            subject="水面",
            starts_on=date(2024, 1, 1),
            # Many share an end date, so the id breaks the ties across page boundaries.
            ends_on=date(2030, 1, 1) + timedelta(days=0 if same_end else number % 4),
            amount=Decimal("1000.00"),
            payment_cycle="yearly",
            status=status,
            created_by=leader.user,
        )
        for number in range(count)
    )


def test_contracts_page_by_fifty_and_the_filters_survive_paging(client, township):
    contracts(township, 53, township.zhenjiang)
    contracts(township, 30, township.gepu)
    contracts(township, 4, township.zhenjiang, status="closed")
    client.force_login(township.town_leader.user)
    everything = walk(client, "/collective/contracts/", "contract-table")
    assert_pages_cover(everything, 87)
    one_village = walk(
        client, "/collective/contracts/", "contract-table", {"village": str(township.zhenjiang.pk)}
    )
    assert_pages_cover(one_village, 57)
    assert all(f"village={township.zhenjiang.pk}" in link for link in one_village.links)
    active_there = walk(
        client,
        "/collective/contracts/",
        "contract-table",
        {"village": str(township.zhenjiang.pk), "status": "active"},
    )
    assert_pages_cover(active_there, 53)
    assert not any("-closed-" in row for row in active_there.rows)


def test_ties_on_the_order_are_broken_by_id_without_loss(client, township):
    contracts(township, 101, township.zhenjiang, same_end=True)
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/collective/contracts/", "contract-table"), 101)


def test_assets_and_resources_page_by_fifty(client, township):
    user = township.town_leader.user
    CollectiveAsset.objects.bulk_create(
        CollectiveAsset(
            village=township.gepu, name=f"仓库{number:02}", kind="building", value=1, created_by=user
        )
        for number in range(52)
    )
    CollectiveResource.objects.bulk_create(
        CollectiveResource(village=township.gepu, name="耕地", kind="farmland", area_mu=1, created_by=user)
        for number in range(51)
    )
    client.force_login(township.village_cadre.user)
    assert_pages_cover(
        walk(client, "/collective/assets/", "asset-table", {"village": str(township.gepu.pk)}), 52
    )
    # Same name on every row: only the id orders them.
    resources = walk(client, "/collective/resources/", "resource-table")
    assert [len(page) for page in resources.pages] == [50, 1]


@pytest.mark.parametrize(
    "cursor", ["garbage", "WyJ4Il0", "W251bGwsbnVsbCxudWxsXQ", "²", "99999999999999999999"]
)
def test_a_bad_cursor_is_page_one(client, township, cursor):
    contracts(township, 51, township.zhenjiang)
    client.force_login(township.town_leader.user)
    for url, table in (
        ("/collective/contracts/", "contract-table"),
        ("/collective/assets/", "asset-table"),
        ("/collective/resources/", "resource-table"),
    ):
        response = client.get(url, {"after": cursor})
        assert response.status_code == 200 and f'<table id="{table}"' in response.content.decode()
    first = walk(client, "/collective/contracts/", "contract-table", {"after": cursor}, limit=1)
    assert (
        len(first.pages[0]) == 50
        and "回到第一页" in client.get("/collective/contracts/", {"after": cursor}).content.decode()
    )
