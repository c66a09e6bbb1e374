"""Branches, activities and reserve cadres page 50 at a time; filters ride along; a bad cursor is page one."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.paging import assert_pages_cover, walk
from xiangzhen.party.models import Branch, BranchActivity, ReserveCadre

pytestmark = pytest.mark.django_db


def branches(township, count: int, village) -> list[Branch]:
    return Branch.objects.bulk_create(
        Branch(
            unit=village,
            name=f"{village.name}第{number}支部",
            kind="village",
            term_started_on=date(2024, 1, 1),
            term_years=5,
            created_by=township.town_leader.user,
        )
        for number in range(count)
    )


def activities(township, branch: Branch, count: int, kind: str) -> None:
    BranchActivity.objects.bulk_create(
        BranchActivity(
            branch=branch,
            kind=kind,
            # Three a day: the id breaks the ties on the date.
            held_on=date(2026, 6, 1) - timedelta(days=number // 3),
            topic=f"{branch.pk}-{kind}-{number}",
            minutes="记录",
            expected_count=9,
            voting_expected=8,
            voting_present=8,
            present_count=9,
            recorded_by=township.town_leader.user,
            recorded_at=timezone.now(),
        )
        for number in range(count)
    )


def test_branches_page_by_fifty(client, township):
    branches(township, 30, township.zhenjiang)
    branches(township, 25, township.gepu)
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/party/branches/", "branch-table"), 55)


def test_activities_page_by_fifty_and_keep_the_filters(client, township):
    first, second = branches(township, 2, township.zhenjiang)
    activities(township, first, 52, "committee_meeting")
    activities(township, first, 20, "party_lecture")
    activities(township, second, 40, "committee_meeting")
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/party/activities/", "activity-table"), 112)
    filtered = walk(
        client, "/party/activities/", "activity-table", {"branch": str(first.pk), "kind": "committee_meeting"}
    )
    assert_pages_cover(filtered, 52)
    assert all(f"branch={first.pk}" in link and "kind=committee_meeting" in link for link in filtered.links)
    assert all(f"{first.pk}-committee_meeting-" in row for row in filtered.rows)


def test_reserve_cadres_page_by_fifty_and_keep_the_filters(client, township):
    for village, count in ((township.zhenjiang, 35), (township.gepu, 33)):
        ReserveCadre.objects.bulk_create(
            ReserveCadre(
                village=village,
                name=f"后备{village.pk}号{number}",
                source="members",
                selected_on=date(2025, 1, 1) + timedelta(days=number % 5),
            )
            for number in range(count)
        )
    ReserveCadre.objects.filter(village=township.gepu, name__endswith="号0").update(status="removed")
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/party/reserves/", "reserve-table", {"status": "all"}), 68)
    in_pool = walk(client, "/party/reserves/", "reserve-table")
    assert_pages_cover(in_pool, 67)
    gepu = walk(
        client, "/party/reserves/", "reserve-table", {"status": "all", "village": str(township.gepu.pk)}
    )
    assert [len(page) for page in gepu.pages] == [33]


@pytest.mark.parametrize("cursor", ["garbage", "WyIyMDI2LTAyLTMwIiwxXQ", "99999999999999999999"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    (branch,) = branches(township, 1, township.zhenjiang)
    activities(township, branch, 51, "committee_meeting")
    client.force_login(township.town_leader.user)
    first = walk(client, "/party/activities/", "activity-table", {"after": cursor}, limit=1)
    assert len(first.pages[0]) == 50
    for url in ("/party/branches/", "/party/reserves/"):
        assert client.get(url, {"after": cursor}).status_code == 200
