"""The service hall's waits over the generated county, each beside the hand-written SQL doing the same work.

Measured through the application's own selectors and services: the town's open requests, newest first
(the queue's first page for the town leader), the red/yellow sweep over every open request, and the
statistics page's grouped query (the county supervisor, a year). Before timing, each pair is checked to
give the same answer.
"""

import json
import subprocess
import sys
from typing import Any

from bench.generate import FIRST_DAY, NOW, TODAY, County
from bench.measure import check, explain, explain_heaviest, replayed_reads, sql, timed

ROOTS_SQL = """
SELECT p.unit_id FROM org_post p JOIN org_cadre c ON c.id = p.cadre_id
WHERE c.user_id = %s AND c.is_active AND p.start_date <= %s AND (p.end_date IS NULL OR p.end_date >= %s)
"""
# The best a database engineer writes for "a unit's newest open requests": 50 rows read backwards from the
# scope index (unit, created_at), each joined by primary key.
QUEUE_SQL = """
SELECT r.id, r.tracking_code, r.status, r.alert, r.due_date, r.created_at, i.name, u.name
FROM services_requestscope s
JOIN services_servicerequest r ON r.id = s.request_id
JOIN services_serviceitem i ON i.id = r.item_id
JOIN org_unit u ON u.id = r.handling_unit_id
WHERE s.unit_id = %s AND r.status IN ('accepted', 'paused')
ORDER BY s.created_at DESC, s.request_id DESC LIMIT 50
"""
# The same on PostgreSQL, through a LATERAL join: joined plainly, its planner expects open requests spread
# over the years and hashes every open request with all the unit's entries (a Seq Scan of the requests
# table, then a sort). This form is faster at 100k (4 ms against 28 ms) but at a million entries it is
# planned as a bitmap scan of all the unit's entries and a sort: no single statement found stays flat there.
QUEUE_SQL_POSTGRESQL = """
SELECT r.id, r.tracking_code, r.status, r.alert, r.due_date, r.created_at, i.name, u.name
FROM (SELECT request_id, created_at FROM services_requestscope WHERE unit_id = %s
      ORDER BY created_at DESC, request_id DESC) s
CROSS JOIN LATERAL (SELECT * FROM services_servicerequest r
                    WHERE r.id = s.request_id AND r.status IN ('accepted', 'paused')) r
JOIN services_serviceitem i ON i.id = r.item_id
JOIN org_unit u ON u.id = r.handling_unit_id
ORDER BY s.created_at DESC, s.request_id DESC LIMIT 50
"""
SWEEP_SQL = [
    "UPDATE services_servicerequest SET alert = 'red', alert_changed_at = %s "
    "WHERE status = 'accepted' AND due_date < %s AND alert <> 'red'",
    "UPDATE services_servicerequest SET alert = 'yellow', alert_changed_at = %s "
    "WHERE status = 'accepted' AND alert = 'none' AND yellow_from <= %s AND due_date >= %s",
]
SWEEP_PLAN_SQL = (
    "SELECT id FROM services_servicerequest WHERE status = 'accepted' AND due_date < %s AND alert <> 'red'"
)
EVENT_SQL = (
    "INSERT INTO services_requestevent (request_id, kind, note, created_at) "
    "SELECT id, 'alerted', %s, %s FROM services_servicerequest WHERE alert = %s AND alert_changed_at = %s"
)
AUDIT_SQL = (
    "INSERT INTO audit_auditevent (created_at, actor_name, action, object_type, object_id, object_repr, changes) "
    "VALUES (%s, '系统', 'servicerequest.sweep', 'services.servicerequest', '', '跟踪督办扫描', %s)"
)
# FILTER (WHERE ...) reads the same on SQLite and PostgreSQL; booleans are passed as parameters.
STATISTICS_SQL = """
SELECT r.handling_unit_id, u.name, COUNT(r.id),
       COUNT(r.id) FILTER (WHERE r.status = 'completed'),
       COUNT(r.id) FILTER (WHERE r.completed_on_time = %s),
       COUNT(r.id) FILTER (WHERE r.status IN ('accepted', 'paused') AND r.alert = 'yellow'),
       COUNT(r.id) FILTER (WHERE r.status = 'accepted' AND r.due_date < %s),
       AVG(r.workdays_used), AVG(r.visits),
       COUNT(r.id) FILTER (WHERE r.visits <= 1),
       COUNT(g.id), COUNT(g.id) FILTER (WHERE g.level >= 3)
FROM services_servicerequest r
JOIN org_unit u ON u.id = r.handling_unit_id
LEFT JOIN services_rating g ON g.request_id = r.id
WHERE r.accepted_on >= %s AND r.accepted_on <= %s
GROUP BY r.handling_unit_id, u.name ORDER BY u.name, r.handling_unit_id
"""


def _reset_alerts() -> None:
    from xiangzhen.services.models import Notification, RequestEvent, ServiceRequest

    ServiceRequest.objects.exclude(alert="none").update(alert="none", alert_changed_at=None)
    Notification.objects.all().delete()
    RequestEvent.objects.filter(kind="alerted").delete()


def _hand_sweep() -> tuple[int, int]:
    """The service's work by hand: two UPDATEs, its audit row and a timeline row per change (the officer's
    notice is the one clock's, benched in `bench.todo`)."""
    from django.db import connection

    stamp = connection.ops.adapt_datetimefield_value(NOW)
    with connection.cursor() as cursor:
        cursor.execute(SWEEP_SQL[0], [stamp, TODAY])
        red = cursor.rowcount
        cursor.execute(SWEEP_SQL[1], [stamp, TODAY, TODAY])
        yellow = cursor.rowcount
        if red or yellow:
            cursor.execute(AUDIT_SQL, [stamp, json.dumps({"red": [None, red], "yellow": [None, yellow]})])
        for alert, count in (("red", red), ("yellow", yellow)):
            if count:
                cursor.execute(EVENT_SQL, ["提醒", stamp, alert, stamp])
    return red, yellow


def _sweep_outcome() -> tuple[int, int, int, int]:
    from xiangzhen.services.models import Notification, RequestEvent, ServiceRequest

    return (
        ServiceRequest.objects.filter(alert="red").count(),
        ServiceRequest.objects.filter(alert="yellow").count(),
        Notification.objects.count(),
        RequestEvent.objects.filter(kind="alerted").count(),
    )


def run(county: County, *, repeat: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client

    from xiangzhen.services.selectors import QueueFilters, service_request_list, service_statistics
    from xiangzhen.services.services import service_request_sweep_alerts

    leader = User.objects.get(pk=county.leader_id)
    supervisor = User.objects.get(pk=county.supervisor_id)
    town_id = county.town_ids[0]

    def queue() -> list[int]:
        page = service_request_list(viewer=leader, filters=QueueFilters(status="open"), limit=50)
        return [request.pk for request in page]

    queue_sql = QUEUE_SQL_POSTGRESQL if connection.vendor == "postgresql" else QUEUE_SQL

    def hand_queue() -> list[int]:
        found: list[int] = []
        for (root,) in sql(ROOTS_SQL, [county.leader_id, TODAY, TODAY]):
            found += [int(str(row[0])) for row in sql(queue_sql, [root])]
        return found

    @transaction.atomic
    def sweep() -> tuple[int, int]:
        result = service_request_sweep_alerts(now=NOW)
        return result.red, result.yellow

    @transaction.atomic
    def hand_sweep() -> tuple[int, int]:
        return _hand_sweep()

    def grouped() -> list[tuple[object, ...]]:
        rows = service_statistics(viewer=supervisor, since=FIRST_DAY, until=TODAY, today=TODAY)
        return sorted(
            (row.key, row.accepted, row.completed, row.on_time, row.overdue_open, row.rated, row.satisfied)
            for row in rows
        )

    def hand_grouped() -> list[tuple[object, ...]]:
        rows = sql(STATISTICS_SQL, [True, TODAY, FIRST_DAY, TODAY])
        return sorted((row[0], row[2], row[3], row[4], row[6], row[10], row[11]) for row in rows)

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(leader)

    def queue_http() -> list[int]:
        """The same page as a client gets it: session, permission, jurisdiction and the JSON of 50 rows."""
        answer = client.get("/api/v1/services/requests", {"status": "open", "limit": 50})
        if answer.status_code != 200:
            raise AssertionError(f"the queue API answered {answer.status_code}")
        return [row["id"] for row in answer.json()["items"]]

    def sweep_command() -> None:
        """`xiangzhen sweep_alerts` in its own process, as cron or the background job runs it (requests,
        tasks and disputes), to set beside django-helpdesk's `escalate_tickets` run the same way."""
        subprocess.run([sys.executable, "-m", "django", "sweep_alerts"], check=True, capture_output=True)

    check("办件队列首页", queue(), hand_queue())
    check("办件队列首页(HTTP)", queue_http(), hand_queue())
    _reset_alerts()
    ours = (sweep(), _sweep_outcome())
    _reset_alerts()
    check("红黄牌扫描", ours, (hand_sweep(), _sweep_outcome()))
    check("统计分组", grouped(), hand_grouped())
    operations: dict[str, dict[str, list[float]]] = {
        "queue": {
            "app": timed(queue, repeat * 4),
            "reference": timed(hand_queue, repeat * 4),
            "app_sql": timed(replayed_reads(queue), repeat * 4),
        },
        "sweep": {
            "app": timed(sweep, repeat, _reset_alerts),
            "reference": timed(hand_sweep, repeat, _reset_alerts),
        },
        "queue_http": {"app": timed(queue_http, repeat * 4), "reference": timed(hand_queue, repeat * 4)},
        "sweep_command": {
            "app": timed(sweep_command, repeat, _reset_alerts),
            "reference": timed(hand_sweep, repeat, _reset_alerts),
        },
        "statistics": {
            "app": timed(grouped, repeat),
            "reference": timed(hand_grouped, repeat),
            "app_sql": timed(replayed_reads(grouped), repeat),
        },
    }
    red, yellow, _notified, _events = ours[1]
    open_requests = sql("SELECT COUNT(*) FROM services_servicerequest WHERE status IN ('accepted', 'paused')")
    plans = {
        "queue": explain(queue_sql, [town_id]),
        "queue_app": explain_heaviest(queue, containing="services_requestscope"),
        "statistics": explain(STATISTICS_SQL, [True, TODAY, FIRST_DAY, TODAY]),
        "statistics_app": explain_heaviest(grouped),
        "sweep": explain(
            SWEEP_SQL[0].replace("UPDATE", "SELECT id FROM", 1).split(" SET ")[0]
            + " WHERE status = 'accepted' AND due_date < %s AND alert <> 'red'",
            [TODAY],
        ),
    }
    return {
        "operations": operations,
        "facts": {"open": int(str(open_requests[0][0])), "red": red, "yellow": yellow},
        "plans": plans,
    }
