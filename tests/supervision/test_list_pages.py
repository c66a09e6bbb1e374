"""督办事项 and meetings page 50 at a time; the filters ride along; a bad cursor is page one."""

from datetime import date, timedelta

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.supervision.models import Meeting, Task

pytestmark = pytest.mark.django_db


def tasks(township, count: int, status: str, *, undated: int = 0) -> None:
    Task.objects.bulk_create(
        Task(
            title=f"任务{status}{number}",
            owner_unit=township.zhenjiang,
            owner=township.township_cadre,
            supervisor=township.town_leader.user,
            limit_workdays=5,
            assigned_on=date(2026, 3, 1),
            status=status,
            # Ties on the date, and a few without one (they come last).
            due_date=None if number < undated else date(2026, 4, 1) + timedelta(days=number % 3),
        )
        for number in range(count)
    )


def test_tasks_page_by_fifty_and_keep_the_filters(client, township):
    tasks(township, 56, "todo", undated=3)
    tasks(township, 30, "done")
    client.force_login(township.town_leader.user)
    open_tasks = walk(client, "/supervision/tasks/", "task-table")
    assert_pages_cover(open_tasks, 56)
    every = walk(client, "/supervision/tasks/", "task-table", {"status": ""})
    assert_pages_cover(every, 86)
    done = walk(client, "/supervision/tasks/", "task-table", {"status": "done"})
    assert_pages_cover(done, 30)
    assert all("status=" in link for link in every.links)


def test_meetings_page_by_fifty(client, township):
    Meeting.objects.bulk_create(
        Meeting(
            kind="joint",
            unit=township.zhenjiang,
            title=f"会议{number}",
            held_on=date(2026, 1, 1) + timedelta(days=number // 2),
            created_by=township.town_leader.user,
        )
        for number in range(57)
    )
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/supervision/meetings/", "meeting-table"), 57)


@pytest.mark.parametrize("cursor", ["garbage", "WyIyMDI2LTAyLTMwIiwxXQ", "99999999999999999999"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    tasks(township, 51, "todo")
    client.force_login(township.town_leader.user)
    first = walk(client, "/supervision/tasks/", "task-table", {"after": cursor}, limit=1)
    assert len(first.pages[0]) == 50
    assert client.get("/supervision/meetings/", {"after": cursor}).status_code == 200
