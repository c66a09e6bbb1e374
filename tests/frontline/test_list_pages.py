"""Stays (40 a page), sign-ins and 五进 visits (50) page at a time; filters ride along; a bad cursor is page one."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.paging import assert_pages_cover, walk
from xiangzhen.frontline.models import CheckIn, Visit
from xiangzhen.frontline.selectors import stay_compliance
from xiangzhen.frontline.views import STAYS_PAGE_SIZE
from xiangzhen.org.models import Assignment, AssignmentKind, Cadre, CadreRole

pytestmark = pytest.mark.django_db
WEEK = date(2026, 11, 16)


def cadres(count: int) -> list[Cadre]:
    return Cadre.objects.bulk_create(
        Cadre(name=f"干部{number:03}", role=CadreRole.TOWNSHIP_CADRE) for number in range(count)
    )


def test_stays_page_by_fifty_pairs_and_a_cadre_with_two_assignments_in_one_village_is_one_row(
    client, township
):
    many = cadres(56)
    Assignment.objects.bulk_create(
        Assignment(
            cadre=cadre,
            unit=township.zhenjiang,
            kind=AssignmentKind.CONTACT_VILLAGE,
            start_date=date(2026, 1, 1),
        )
        for cadre in many
    )
    # 包村 and 驻村 in the same village: one stay, even when the two assignments straddle a page boundary.
    Assignment.objects.bulk_create(
        Assignment(
            cadre=cadre, unit=township.zhenjiang, kind=AssignmentKind.RESIDENT, start_date=date(2026, 1, 1)
        )
        for cadre in many[45:]
    )
    client.force_login(township.town_leader.user)
    total = len(stay_compliance(viewer=township.town_leader.user, week_start=WEEK))
    found = walk(client, "/frontline/stays/", "stay-table", {"week": WEEK.isoformat()})
    assert_pages_cover(found, total, size=STAYS_PAGE_SIZE)
    assert total >= 56
    assert all(f"week={WEEK.isoformat()}" in link for link in found.links)
    page = client.get("/frontline/stays/", {"week": WEEK.isoformat()}).content.decode()
    assert f"/{total}</span>" in page  # the figure counts every stay, not only the page's


def test_check_ins_page_by_fifty_and_keep_the_filters(client, township):
    cadre = township.township_cadre
    start = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.get_current_timezone())
    CheckIn.objects.bulk_create(
        CheckIn(
            cadre=cadre,
            # Two sign-ins share each minute: the id breaks the tie.
            at=start + timedelta(minutes=number // 2),
            on=start.date(),
            late=number % 3 == 0,
            # Shown in the row, so that every row reads differently.
            latitude=number,
            longitude=0,
        )
        for number in range(90)
    )
    client.force_login(township.town_leader.user)
    query = {"since": "2026-11-01", "until": "2026-11-30"}
    assert_pages_cover(walk(client, "/frontline/check-ins/", "check-in-table", query), 90)
    late = walk(client, "/frontline/check-ins/", "check-in-table", {**query, "exceptions": "1"})
    assert_pages_cover(late, 30)
    assert all("exceptions=1" in link for link in late.links)


def test_visits_page_by_fifty_and_keep_the_filters(client, township):
    cadre = township.township_cadre
    for kind, count in (("household", 55), ("school", 12)):
        Visit.objects.bulk_create(
            Visit(
                cadre=cadre,
                kind=kind,
                unit=township.zhenjiang,
                target=f"{kind}对象{number}",
                visited_on=date(2026, 3, 1) + timedelta(days=number % 7),
                findings="情况",
                recorded_by=township.town_leader.user,
                recorded_at=timezone.now(),
            )
            for number in range(count)
        )
    client.force_login(township.town_leader.user)
    query = {"since": "2026-01-01", "until": "2026-12-31"}
    assert_pages_cover(walk(client, "/frontline/visits/", "visit-table", query), 67)
    households = walk(client, "/frontline/visits/", "visit-table", {**query, "kind": "household"})
    assert_pages_cover(households, 55)
    assert all("kind=household" in link and "since=2026-01-01" in link for link in households.links)
    assert not any("school对象" in row for row in households.rows)


@pytest.mark.parametrize("cursor", ["garbage", "99999999999999999999", "WyJub3QgYSB0aW1lIiwxXQ"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    client.force_login(township.town_leader.user)
    for url in ("/frontline/stays/", "/frontline/check-ins/", "/frontline/visits/"):
        assert client.get(url, {"after": cursor}).status_code == 200
