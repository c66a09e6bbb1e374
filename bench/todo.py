"""我的待办 over the generated county: the home page, GET /api/v1/todo and the one clock's sweep, each beside
hand-written SQL over the same table and indexes.

The town leader's 待办 is the heaviest: their own obligations, what waits for their role in the town, and
every red item of the town. The reference reads the same three sets, each through its own index, and sorts
the union; the counters are one grouped read of the same rows.
"""

import json
from typing import Any

from bench.generate import NOW, TODAY, County
from bench.measure import check, explain, explain_heaviest, replayed_reads, sql, timed

TODO_SQL = """
SELECT o.id FROM (
  SELECT * FROM (SELECT id, due_date FROM clock_obligation WHERE owner_id = %s
                 ORDER BY due_date, id LIMIT %s) mine
  UNION
  SELECT * FROM (SELECT id, due_date FROM clock_obligation WHERE kind IN ({kinds})
                 AND unit_path >= %s AND unit_path < %s ORDER BY due_date, id LIMIT %s) waiting
  UNION
  SELECT * FROM (SELECT id, due_date FROM clock_obligation WHERE due_date < %s
                 AND unit_path >= %s AND unit_path < %s ORDER BY due_date, id LIMIT %s) red
) o ORDER BY o.due_date, o.id LIMIT %s
"""
ROWS_SQL = """
SELECT o.id, o.kind, o.title, o.link, o.due_date, o.yellow_from, o.owner_id, o.urgent, u.name
FROM clock_obligation o JOIN org_unit u ON u.id = o.unit_id WHERE o.id IN ({ids}) ORDER BY o.due_date, o.id
"""
COUNTS_SQL = """
SELECT COUNT(*), COUNT(*) FILTER (WHERE due_date < %s),
       COUNT(*) FILTER (WHERE yellow_from <= %s AND due_date >= %s)
FROM clock_obligation
WHERE owner_id = %s OR (unit_path >= %s AND unit_path < %s AND (kind IN ({kinds}) OR due_date < %s))
"""
# The sweep's work by hand for the three kinds the county has rows of: each kind's open rows upserted and
# its closed ones deleted, the sources' own red/yellow columns, the clock's colours, the owners' notices.
SYNC_SQL = {
    "services.request": (
        "SELECT CAST(r.id AS TEXT) AS k, r.id AS i, r.handling_unit_id AS u, "
        "COALESCE(r.assigned_officer_id, r.first_officer_id) AS o, r.tracking_code || ' ' || i.name AS t, "
        "'/services/requests/' || CAST(r.id AS TEXT) || '/' AS l, r.due_date AS d, r.yellow_from AS y, %s AS g FROM services_servicerequest r JOIN services_serviceitem i ON i.id = r.item_id "
        "WHERE r.status = 'accepted'",
        "services_servicerequest",
        "status = 'accepted'",
    ),
    "supervision.task": (
        "SELECT CAST(t.id AS TEXT) AS k, t.id AS i, t.owner_unit_id AS u, c.user_id AS o, t.title AS t, "
        "'/supervision/tasks/' || CAST(t.id AS TEXT) || '/' AS l, t.due_date AS d, t.yellow_from AS y, %s AS g "
        "FROM supervision_task t JOIN org_cadre c ON c.id = t.owner_id WHERE t.status IN ('todo', 'in_progress')",
        "supervision_task",
        "status IN ('todo', 'in_progress')",
    ),
    "disputes.dispute": (
        "SELECT CAST(d.id AS TEXT) AS k, d.id AS i, d.handling_unit_id AS u, c.user_id AS o, d.title AS t, "
        "'/disputes/' || CAST(d.id AS TEXT) || '/' AS l, d.due_date AS d, d.yellow_from AS y, %s AS g "
        "FROM disputes_dispute d JOIN org_cadre c ON c.id = d.responsible_id WHERE d.status = 'open'",
        "disputes_dispute",
        "status = 'open'",
    ),
}


def _hand_sweep() -> tuple[int, int]:
    from django.db import connection

    stamp = connection.ops.adapt_datetimefield_value(NOW)
    with connection.cursor() as cursor:
        for kind, (select, table, running) in SYNC_SQL.items():
            cursor.execute(
                "INSERT INTO clock_obligation (kind, key, source_id, unit_id, unit_path, owner_id, action, title, "
                "link, due_date, yellow_from, urgent, alert) "
                "SELECT %s, s.k, s.i, s.u, unit.path, s.o, '', SUBSTR(s.t, 1, 200), s.l, s.d, s.y, s.g, 'none' "
                f"FROM ({select}) s JOIN org_unit unit ON unit.id = s.u "
                "WHERE s.d IS NOT NULL ON CONFLICT (kind, key) DO UPDATE SET due_date = excluded.due_date "
                "WHERE clock_obligation.due_date <> excluded.due_date",
                [kind, False],
            )
            cursor.execute(
                f"DELETE FROM clock_obligation WHERE kind = %s AND source_id NOT IN "
                f"(SELECT id FROM {table} WHERE {running})",
                [kind],
            )
            cursor.execute(
                f"UPDATE {table} SET alert = 'red', alert_changed_at = %s "
                f"WHERE {running} AND due_date < %s AND alert <> 'red'",
                [stamp, TODAY],
            )
            cursor.execute(
                f"UPDATE {table} SET alert = 'yellow', alert_changed_at = %s "
                f"WHERE {running} AND alert = 'none' AND yellow_from <= %s AND due_date >= %s",
                [stamp, TODAY, TODAY],
            )
        cursor.execute(
            "UPDATE clock_obligation SET alert = 'red', alert_changed_at = %s WHERE due_date < %s AND alert <> 'red'",
            [stamp, TODAY],
        )
        red = cursor.rowcount
        cursor.execute(
            "UPDATE clock_obligation SET alert = 'yellow', alert_changed_at = %s "
            "WHERE alert = 'none' AND yellow_from <= %s AND due_date >= %s",
            [stamp, TODAY, TODAY],
        )
        yellow = cursor.rowcount
        cursor.execute(
            "INSERT INTO services_notification (recipient_id, request_id, link, message, created_at) "
            "SELECT owner_id, NULL, link, SUBSTR('红牌:' || title, 1, 200), %s FROM clock_obligation "
            "WHERE alert_changed_at = %s AND owner_id IS NOT NULL AND (alert = 'red' OR (alert = 'yellow' AND urgent))",
            [stamp, stamp],
        )
        cursor.execute(
            "INSERT INTO audit_auditevent (created_at, actor_name, action, object_type, object_id, object_repr, "
            "changes) VALUES (%s, '系统', 'obligation.sweep', 'clock.obligation', '', '期限扫描', %s)",
            [stamp, json.dumps({"red": [None, red], "yellow": [None, yellow]})],
        )
    return red, yellow


def _reset() -> None:
    from xiangzhen.clock.models import Obligation
    from xiangzhen.disputes.models import Dispute
    from xiangzhen.services.models import Notification, RequestEvent, ServiceRequest
    from xiangzhen.supervision.models import Task

    for model in (ServiceRequest, Task, Dispute, Obligation):
        model.objects.exclude(alert="none").update(alert="none", alert_changed_at=None)  # type: ignore[attr-defined]
    Notification.objects.all().delete()
    RequestEvent.objects.filter(kind="alerted").delete()


def run(county: County, *, repeat: int) -> dict[str, Any]:
    import time_machine
    from django.conf import settings
    from django.test import override_settings

    # The pages read today's date: the county was generated as of NOW. Static files are not collected for
    # the bench, so the page links them unhashed, as in development.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with time_machine.travel(NOW, tick=True), override_settings(STORAGES=plain_static):
        return _run(county, repeat=repeat)


def _run(county: County, *, repeat: int) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client

    from xiangzhen.clock.selectors import TODO_LIMIT, _kinds_waiting_for, todo_list
    from xiangzhen.clock.services import clock_sweep
    from xiangzhen.org.models import Unit, subtree_upper_bound

    # The generated rows went in without the apps' save signals: the first sweep registers them.
    with transaction.atomic():
        clock_sweep(now=NOW)
    leader = User.objects.get(pk=county.leader_id)
    town = Unit.objects.get(pk=county.town_ids[0])
    kinds = _kinds_waiting_for(leader)
    kind_list = ", ".join(f"'{kind}'" for kind in kinds) or "''"
    low, high = town.path, subtree_upper_bound(town.path)

    def todo() -> tuple[list[int], tuple[int, int, int]]:
        found = todo_list(viewer=leader, today=TODAY)
        counts = found.counts
        return [item.id for item in found.items], (counts.total, counts.red, counts.yellow)

    def hand_todo() -> tuple[list[int], tuple[int, int, int]]:
        limit = TODO_LIMIT
        ids = [
            int(str(row[0]))
            for row in sql(
                TODO_SQL.format(kinds=kind_list),
                [leader.pk, limit, low, high, limit, TODAY, low, high, limit, limit],
            )
        ]
        if ids:
            sql(ROWS_SQL.format(ids=", ".join(map(str, ids))))
        total, red, yellow = sql(
            COUNTS_SQL.format(kinds=kind_list), [TODAY, TODAY, TODAY, leader.pk, low, high, TODAY]
        )[0]
        return ids, (int(str(total)), int(str(red)), int(str(yellow)))

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(leader)

    def home_http() -> None:
        answer = client.get("/")
        if answer.status_code != 200:
            raise AssertionError(f"the home page answered {answer.status_code}")

    def todo_http() -> list[int]:
        answer = client.get("/api/v1/todo")
        if answer.status_code != 200:
            raise AssertionError(f"/api/v1/todo answered {answer.status_code}")
        return [row["id"] for row in answer.json()["items"]]

    @transaction.atomic
    def sweep() -> tuple[int, int]:
        result = clock_sweep(now=NOW)
        return result.red, result.yellow

    @transaction.atomic
    def hand_sweep() -> tuple[int, int]:
        return _hand_sweep()

    check("我的待办", todo(), hand_todo())
    check("我的待办(HTTP)", todo_http(), hand_todo()[0])
    _reset()
    ours = sweep()
    _reset()
    check("期限扫描", ours, hand_sweep())
    open_count = sql("SELECT COUNT(*) FROM clock_obligation")[0][0]
    return {
        "operations": {
            "todo": {
                "app": timed(todo, repeat * 4),
                "reference": timed(hand_todo, repeat * 4),
                "app_sql": timed(replayed_reads(todo), repeat * 4),
            },
            "home_http": {"app": timed(home_http, repeat * 4), "reference": timed(hand_todo, repeat * 4)},
            "todo_http": {"app": timed(todo_http, repeat * 4), "reference": timed(hand_todo, repeat * 4)},
            "clock_sweep": {
                "app": timed(sweep, repeat, _reset),
                "reference": timed(hand_sweep, repeat, _reset),
            },
        },
        "facts": {"obligations": int(str(open_count)), "todo_red": ours[0]},
        "plans": {
            "todo": explain(
                TODO_SQL.format(kinds=kind_list),
                [leader.pk, TODO_LIMIT, low, high, TODO_LIMIT, TODAY, low, high, TODO_LIMIT, TODO_LIMIT],
            ),
            "todo_app": explain_heaviest(todo, containing="clock_obligation"),
        },
        "vendor_note": connection.vendor,
    }
