"""干部年度考核 lists 50 cadres a page (each sheet computed for the page only); the year rides along."""

from datetime import date

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.org.models import Cadre, CadreRole, Post
from xiangzhen.org.selectors import assignable_cadres

pytestmark = pytest.mark.django_db


def test_cadres_page_by_fifty_and_keep_the_year(client, township):
    # The same name twice: the id orders them.
    cadres = Cadre.objects.bulk_create(
        Cadre(name=f"干部{number // 2:03}", role=CadreRole.TOWNSHIP_CADRE) for number in range(60)
    )
    Post.objects.bulk_create(
        Post(cadre=cadre, unit=township.shengji, title="干事", start_date=date(2020, 1, 1))
        for cadre in cadres
    )
    leader = township.town_leader.user
    client.force_login(leader)
    found = walk(client, "/assessment/cadres/", "cadre-table", {"year": "2026"})
    assert_pages_cover(found, assignable_cadres(leader).count())
    assert all("year=2026" in link for link in found.links)


def test_a_bad_cursor_is_page_one(client, township):
    client.force_login(township.town_leader.user)
    assert client.get("/assessment/cadres/", {"after": "garbage"}).status_code == 200
