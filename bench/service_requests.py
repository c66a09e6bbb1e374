"""The service hall's waits over the generated county, each beside the hand-written SQL doing the same work.

Measured through the application's own selectors and services: the town's open requests, newest first
(the queue's first page for the town leader), the red/yellow sweep over every open request, and the
statistics page's grouped query (the county supervisor, a year). Before timing, each pair is checked to
give the same answer.
"""

import json
import subprocess
import sys
from datetime import date as date_type
from typing import Any

from bench.generate import FIRST_DAY, NOW, TODAY, County
from bench.measure import check, explain, explain_heaviest, replayed_reads, sql, timed
from bench.urls import newest_open

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
# The same on PostgreSQL, written the way the application reads it (`bench.urls.newest_open`): the unit's
# newest 200 scope entries first (a backward read of the (unit, created_at, request) index, LIMIT 200), then
# their open requests by primary key, and a further batch (twice as many) only while the page is not full. Joined plainly, or through LATERAL, PostgreSQL expects open requests spread evenly over the years and
# hashes or bitmap-scans every entry the town ever had, then sorts (28 ms at 100k, 113 ms at 1M); read this
# way it stays a few hundred index entries at every size. Open requests are the newest, so the 200 newest
# entries hold the page's 50 (checked: the run stops if the rows differ from the application's).
# Its first batch, whose plan the results show:
QUEUE_SQL_POSTGRESQL = """
SELECT r.id, r.tracking_code, r.status, r.alert, r.due_date, r.created_at, i.name, u.name
FROM (SELECT request_id, created_at FROM services_requestscope WHERE unit_id = %s
      ORDER BY created_at DESC, request_id DESC LIMIT 200) s
JOIN services_servicerequest r ON r.id = s.request_id
JOIN services_serviceitem i ON i.id = r.item_id
JOIN org_unit u ON u.id = r.handling_unit_id
WHERE r.status IN ('accepted', 'paused')
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
# The statistics page's figures by hand over the same monthly tally the application reads: whole months
# summed from the tally, the days of a month the period covers only in part taken back from their rows
# (acceptances, completions, ratings outside the period), then today's overdue requests through their
# partial index. Same work as the application, done by one statement plus one.
STATISTICS_TALLY_SQL = """
SELECT unit, SUM(accepted), SUM(completed), SUM(on_time), SUM(finished), SUM(rated), SUM(satisfied) FROM (
  SELECT handling_unit_id AS unit, accepted, completed, on_time, finished, rated, satisfied
  FROM services_requesttally WHERE month >= %(first_month)s AND month <= %(last_month)s
  UNION ALL
  SELECT handling_unit_id, -COUNT(*), -COUNT(*) FILTER (WHERE status = 'completed'), 0, 0, 0, 0
  FROM services_servicerequest
  WHERE (accepted_on > %(until)s AND accepted_on < %(after)s)
     OR (accepted_on >= %(first_month)s AND accepted_on < %(since)s)
  GROUP BY handling_unit_id
  UNION ALL
  SELECT handling_unit_id, 0, 0, -COUNT(*) FILTER (WHERE completed_on_time = %(true)s), -COUNT(*), 0, 0
  FROM services_servicerequest
  WHERE status = 'completed' AND ((completed_on > %(until)s AND completed_on < %(after)s)
     OR (completed_on >= %(first_month)s AND completed_on < %(since)s))
  GROUP BY handling_unit_id
  UNION ALL
  SELECT r.handling_unit_id, 0, 0, 0, 0, -COUNT(*), -COUNT(*) FILTER (WHERE g.level >= 3)
  FROM services_rating g JOIN services_servicerequest r ON r.id = g.request_id
  WHERE (g.created_at >= %(rated_after)s AND g.created_at < %(rated_month_after)s)
     OR (g.created_at >= %(rated_first_month)s AND g.created_at < %(rated_since)s)
  GROUP BY r.handling_unit_id
) counted GROUP BY unit
"""
OVERDUE_SQL = """
SELECT handling_unit_id, COUNT(*) FROM services_servicerequest
WHERE status = 'accepted' AND due_date < %s AND accepted_on >= %s AND accepted_on <= %s
GROUP BY handling_unit_id
"""
# The raw-row reference: one GROUP BY over a year of requests and their ratings, with no tally at all.
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


def _positional(statement: str, named: dict[str, object]) -> tuple[str, list[object]]:
    """`%(name)s` placeholders as positional ones (SQLite's and psycopg's common form), values in order."""
    import re

    order: list[object] = []

    def placeholder(match: "re.Match[str]") -> str:
        order.append(named[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", placeholder, statement), order


def hand_statistics_over_tally(since: Any, until: Any, today: Any) -> list[tuple[object, ...]]:
    """(unit, accepted, completed, on_time, overdue, rated, satisfied) per handling unit, as the statistics
    page counts them, by hand over the tally."""
    from datetime import timedelta

    from django.db import connection

    from xiangzhen.assessment.registry import start_of

    first_month, last_month = since.replace(day=1), until.replace(day=1)
    after = date_type(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)
    stamp = connection.ops.adapt_datetimefield_value
    statement, parameters = _positional(
        STATISTICS_TALLY_SQL,
        {
            "first_month": first_month,
            "last_month": last_month,
            "since": since,
            "until": until,
            "after": after,
            "true": True,
            "rated_after": stamp(start_of(until + timedelta(days=1))),
            "rated_month_after": stamp(start_of(after)),
            "rated_first_month": stamp(start_of(first_month)),
            "rated_since": stamp(start_of(since)),
        },
    )
    overdue = {int(str(unit)): int(str(count)) for unit, count in sql(OVERDUE_SQL, [today, since, until])}
    found = []
    for unit, accepted, completed, on_time, finished, rated, satisfied in sql(statement, parameters):
        if accepted or finished or rated:
            key = int(str(unit))
            found.append((key, accepted, completed, on_time, overdue.get(key, 0), rated, satisfied))
    return sorted(found)


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
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    found += [int(str(row[0])) for row in newest_open(cursor, root, 50)]
            else:
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
        return hand_statistics_over_tally(FIRST_DAY, TODAY, TODAY)

    def raw_grouped() -> list[tuple[object, ...]]:
        rows = sql(STATISTICS_SQL, [True, TODAY, FIRST_DAY, TODAY])
        return sorted((row[0], row[2], row[3], row[4], row[6], row[10], row[11]) for row in rows)

    from django.urls import clear_url_caches

    settings.ALLOWED_HOSTS = ["testserver"]
    # The product's URLs plus the bench's bare views (the queue's floor).
    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    client = Client()
    client.force_login(leader)

    def queue_api_json() -> object:
        answer = client.get("/api/v1/services/requests", {"status": "open", "limit": 50})
        if answer.status_code != 200:
            raise AssertionError(f"the queue API answered {answer.status_code}")
        return answer.json()

    def queue_floor() -> object:
        """The floor: a bare Django view running the best SQL and returning the same JSON."""
        answer = client.get("/bench/floor/queue", {"limit": 50})
        if answer.status_code != 200:
            raise AssertionError(f"the floor view answered {answer.status_code}")
        return answer.json()

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
    check("办件队列首页(HTTP)与最低开销视图", queue_api_json(), queue_floor())
    _reset_alerts()
    ours = (sweep(), _sweep_outcome())
    _reset_alerts()
    check("红黄牌扫描", ours, (hand_sweep(), _sweep_outcome()))
    check("统计分组(汇总表)", grouped(), hand_grouped())
    check("统计分组(原始行)", grouped(), raw_grouped())
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
        "queue_floor": {"app": timed(queue_http, repeat * 4), "reference": timed(queue_floor, repeat * 4)},
        "sweep_command": {
            "app": timed(sweep_command, repeat, _reset_alerts),
            "reference": timed(hand_sweep, repeat, _reset_alerts),
        },
        "statistics": {
            "app": timed(grouped, repeat),
            "reference": timed(hand_grouped, repeat),
            "app_sql": timed(replayed_reads(grouped), repeat),
        },
        "statistics_raw": {"app": timed(grouped, repeat), "reference": timed(raw_grouped, repeat)},
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
