"""The household list pages 50 at a time; the filters ride along; a bad cursor is page one."""

from datetime import date

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.assistance.models import Household

pytestmark = pytest.mark.django_db


def households(township, count: int, village, category: str) -> None:
    Household.objects.bulk_create(
        Household(
            village=village,
            head_name=f"户主{village.pk}{category}{number}",
            category=category,
            channel="application",
            responsible=township.village_cadre,
            reviewed_on=date(2026, 1, 5),
            publicity_from=date(2026, 1, 6),
            created_by=township.town_leader.user,
        )
        for number in range(count)
    )


def test_households_page_by_fifty_and_keep_the_filters(client, township):
    households(township, 45, township.zhenjiang, "unstable")
    households(township, 38, township.gepu, "unstable")
    households(township, 20, township.gepu, "sudden")
    client.force_login(township.town_leader.user)
    everything = walk(client, "/assistance/", "household-table")
    assert_pages_cover(everything, 103)
    assert "共 103 户" in client.get("/assistance/").content.decode()
    unstable = walk(client, "/assistance/", "household-table", {"category": "unstable"})
    assert_pages_cover(unstable, 83)
    assert all("category=unstable" in link for link in unstable.links)


@pytest.mark.parametrize("cursor", ["garbage", "99999999999999999999", "WzEsIjIiXQ"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    households(township, 51, township.gepu, "unstable")
    client.force_login(township.town_leader.user)
    first = walk(client, "/assistance/", "household-table", {"after": cursor}, limit=1)
    assert len(first.pages[0]) == 50
