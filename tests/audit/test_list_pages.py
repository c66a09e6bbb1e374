"""The audit log pages 40 events at a time, newest first; the filters ride along; a bad cursor is page one."""

import pytest

from tests.paging import assert_pages_cover, walk
from xiangzhen.audit.models import AuditEvent
from xiangzhen.audit.selectors import audit_event_list
from xiangzhen.audit.views import AUDIT_PAGE_SIZE

pytestmark = pytest.mark.django_db


def events(township, count: int, object_type: str) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_name="someone",
            action="org.unit.update",
            object_type=object_type,
            object_id=str(number),
            object_repr=f"{object_type}-{number}",
            unit=township.zhenjiang,
        )
        for number in range(count)
    )


def test_the_log_pages_by_fifty_and_keeps_the_filter(client, township):
    events(township, 61, "org.unit")
    events(township, 40, "org.cadre")
    leader = township.town_leader.user
    client.force_login(leader)
    assert_pages_cover(
        walk(client, "/audit/", "audit-table"), audit_event_list(viewer=leader).count(), size=AUDIT_PAGE_SIZE
    )
    units_only = walk(client, "/audit/", "audit-table", {"object_type": "org.unit"})
    assert all("object_type=org.unit" in link for link in units_only.links)
    assert not any("org.cadre-" in row for row in units_only.rows)
    assert sum(len(page) for page in units_only.pages) >= 61
    newest_first = [int(row.split("org.unit-")[1].split("<")[0]) for row in units_only.pages[0][:3]]
    assert newest_first == sorted(newest_first, reverse=True)


@pytest.mark.parametrize("cursor", ["garbage", "99999999999999999999", "²", "WyJ4Il0"])
def test_a_bad_cursor_is_page_one(client, township, cursor):
    events(township, 55, "org.unit")
    client.force_login(township.town_leader.user)
    response = client.get("/audit/", {"after": cursor})
    assert response.status_code == 200
    first = walk(client, "/audit/", "audit-table", {"after": cursor}, limit=1)
    assert len(first.pages[0]) == AUDIT_PAGE_SIZE
