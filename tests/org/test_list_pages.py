"""The unit list pages 50 units at a time in tree order; the filters ride along; a bad cursor is page one."""

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.selectors import visible_units
from xiangzhen.org.services import unit_create

pytestmark = pytest.mark.django_db


def test_units_page_by_fifty_in_tree_order_and_keep_the_filters(client, township):
    for number in range(60):
        unit_create(
            actor=township.town_leader.user,
            name=f"新村{number:02}",
            level=UnitLevel.GROUP,
            parent=township.gepu,
        )
    leader = township.town_leader.user
    client.force_login(leader)
    everything = walk(client, "/org/units/", "unit-table")
    assert_pages_cover(everything, visible_units(leader).count())
    groups = walk(client, "/org/units/", "unit-table", {"level": "group", "name": "新村"})
    assert_pages_cover(groups, 60)
    assert all("level=group" in link and "name=" in link for link in groups.links)
    names = [row.split("新村")[1][:2] for row in groups.rows]
    assert names == sorted(names)


@pytest.mark.parametrize("cursor", ["garbage", "WyJcdTAwMDAiLDFd", "99999999999999999999"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    client.force_login(township.town_leader.user)
    response = client.get("/org/units/", {"after": cursor})
    assert response.status_code == 200 and "镇江村" in response.content.decode()
