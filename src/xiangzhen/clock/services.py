"""The clock's actions: keep the obligations current, colour them, notify, send the daily digest.

Every statement here is set-based: one upsert and one delete per kind to sync, one UPDATE per colour for
every kind at once, one INSERT … SELECT for the notices. No loop over rows; the digest loops over people.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.clock.expressions import days_before_sql
from xiangzhen.clock.models import Obligation
from xiangzhen.clock.registry import KINDS, ObligationKind
from xiangzhen.org.models import Unit
from xiangzhen.workdays.alerts import AlertLevel
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

_TABLE = Obligation._meta.db_table
_UPDATED = ("source_id", "unit_id", "unit_path", "owner_id", "action", "title", "link", "urgent")


def obligations_sync(
    kind_name: str, *, today: date | None = None, source_ids: Iterable[int] | None = None
) -> None:
    """Make the clock's rows of one kind equal the kind's open rows today (or those of some sources only).

    A due date or yellow date that moved resets the notified level, so a deadline extended past a red row
    is swept afresh.
    """
    kind = KINDS[kind_name]
    today = today or timezone.localdate()
    ids = None if source_ids is None else sorted({int(source) for source in source_ids})
    if ids == []:
        return
    with transaction.atomic():
        if kind.rows is not None:
            _sync_rows(kind, today, ids)
        else:
            _sync_computed(kind, today, ids)


def _sync_rows(kind: ObligationKind, today: date, ids: list[int] | None) -> None:
    assert kind.rows is not None
    rows = kind.rows(today)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    sql, params = rows.query.sql_with_params()
    yellow = days_before_sql("source.clock_due_date", kind.yellow_days, connection.vendor)
    assignments = ", ".join(f"{column} = excluded.{column}" for column in _UPDATED)
    changed = " OR ".join(
        [
            f"{_TABLE}.{column} <> excluded.{column}"
            for column in ("due_date", "yellow_from", "unit_id", "title", "link", "urgent", "action")
        ]
        + [f"COALESCE({_TABLE}.owner_id, 0) <> COALESCE(excluded.owner_id, 0)"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (kind, key, source_id, unit_id, unit_path, owner_id, action, title, link, "
            "due_date, yellow_from, urgent, alert) "
            "SELECT %s, source.clock_key, source.clock_source_id, source.clock_unit_id, unit.path, source.clock_owner_id, %s, "
            f"SUBSTR(source.clock_title, 1, 200), source.clock_link, source.clock_due_date, COALESCE(source.clock_yellow_from, {yellow}), "
            f"source.clock_urgent, %s FROM ({sql}) source JOIN {Unit._meta.db_table} unit ON unit.id = source.clock_unit_id "
            "WHERE source.clock_due_date IS NOT NULL "
            f"ON CONFLICT (kind, key) DO UPDATE SET {assignments}, "
            f"alert = CASE WHEN {_TABLE}.due_date = excluded.due_date AND {_TABLE}.yellow_from = excluded.yellow_from "
            f"THEN {_TABLE}.alert ELSE %s END, due_date = excluded.due_date, yellow_from = excluded.yellow_from "
            f"WHERE {changed}",
            [kind.name, kind.action, AlertLevel.NONE, *params, AlertLevel.NONE],
        )
        scope, scope_params = _source_scope(ids)
        cursor.execute(
            f"DELETE FROM {_TABLE} WHERE kind = %s{scope} AND key NOT IN "
            f"(SELECT source.clock_key FROM ({sql}) source WHERE source.clock_due_date IS NOT NULL)",
            [kind.name, *scope_params, *params],
        )


def _source_scope(ids: list[int] | None) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" AND source_id IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _sync_computed(kind: ObligationKind, today: date, ids: list[int] | None) -> None:
    """The same upsert for a small derived set: one read of the kind's current rows, one bulk write."""
    assert kind.computed is not None
    wanted = {row["key"]: row for row in kind.computed(today, ids) if row["due_date"] is not None}
    existing = Obligation.objects.filter(kind=kind.name)
    if ids is not None:
        existing = existing.filter(source_id__in=ids)
    current = {row.key: row for row in existing}
    paths = dict(
        Unit.objects.filter(pk__in={row["unit_id"] for row in wanted.values()}).values_list("pk", "path")
    )
    stale = [row.pk for key, row in current.items() if key not in wanted]
    if stale:
        Obligation.objects.filter(pk__in=stale).delete()
    writes = []
    for key, row in wanted.items():
        yellow_from = row["yellow_from"] or row["due_date"] - timedelta(days=kind.yellow_days)
        before = current.get(key)
        same_dates = before is not None and (before.due_date, before.yellow_from) == (
            row["due_date"],
            yellow_from,
        )
        values = {
            "source_id": row["source_id"],
            "unit_id": row["unit_id"],
            "unit_path": paths[row["unit_id"]],
            "owner_id": row["owner_id"],
            "action": kind.action,
            "title": str(row["title"])[:200],
            "link": row["link"],
            "due_date": row["due_date"],
            "yellow_from": yellow_from,
            "urgent": bool(row["urgent"]),
            "alert": before.alert if before is not None and same_dates else AlertLevel.NONE,
        }
        if before is not None and all(getattr(before, name) == value for name, value in values.items()):
            continue
        writes.append(Obligation(kind=kind.name, key=key, **values))
    if writes:
        Obligation.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=[*_UPDATED, "due_date", "yellow_from", "alert"],
        )


@dataclass(frozen=True)
class ClockSweep:
    red: int
    yellow: int
    notified: int

    def summary(self) -> str:
        return f"期限扫描:新增红牌 {self.red} 项、黄牌 {self.yellow} 项,即时通知 {self.notified} 条"


def clock_sweep(*, now: datetime | None = None) -> ClockSweep:
    """The one sweep: sync every kind, colour every obligation, notify owners of red and urgent ones at once.

    Yellow rows that are not urgent are not announced one by one: they wait for the daily digest.
    """
    stamp = now or timezone.now()
    today = timezone.localdate(stamp)
    for kind in KINDS.values():
        obligations_sync(kind.name, today=today)
        if kind.colour_source is not None:
            kind.colour_source(today, stamp)
    with transaction.atomic():
        red = (
            Obligation.objects.filter(due_date__lt=today)
            .exclude(alert=AlertLevel.RED)
            .update(alert=AlertLevel.RED, alert_changed_at=stamp)
        )
        yellow = Obligation.objects.filter(
            alert=AlertLevel.NONE, yellow_from__lte=today, due_date__gte=today
        ).update(alert=AlertLevel.YELLOW, alert_changed_at=stamp)
        notified = _notify_changed(stamp) if red or yellow else 0
        if red or yellow:
            audit_record(
                actor=None,
                action="obligation.sweep",
                target=None,
                object_type="clock.obligation",
                object_repr="期限扫描",
                changes={"red": [None, red], "yellow": [None, yellow], "notified": [None, notified]},
            )
    return ClockSweep(red, yellow, notified)


def _notify_changed(stamp: datetime) -> int:
    """One INSERT … SELECT: a notice to the owner of each row the sweep at `stamp` turned red, or yellow when
    the row is urgent."""
    from xiangzhen.services.models import Notification

    labels = " ".join("WHEN %s THEN %s" for _ in KINDS)
    label_params: list[str] = [value for kind in KINDS.values() for value in (kind.name, kind.label)]
    stamp_value = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Notification._meta.db_table} (recipient_id, request_id, link, message, created_at) "
            "SELECT owner_id, NULL, link, SUBSTR("
            "CASE WHEN alert = %s THEN '红牌:' ELSE '紧急:' END "
            f"|| CASE kind {labels} ELSE '' END "
            "|| CASE WHEN alert = %s THEN '已超期 · ' ELSE '临近期限 · ' END "
            "|| title || '(期限 ' || CAST(due_date AS TEXT) || ')', 1, 200), %s "
            f"FROM {_TABLE} WHERE alert_changed_at = %s AND owner_id IS NOT NULL "
            "AND (alert = %s OR (alert = %s AND urgent))",
            [
                AlertLevel.RED,
                *label_params,
                AlertLevel.RED,
                stamp_value,
                stamp_value,
                AlertLevel.RED,
                AlertLevel.YELLOW,
            ],
        )
        return int(cursor.rowcount)


def digest_send(*, now: datetime | None = None) -> int:
    """每日待办摘要: on working days, one notice per person per day naming how many of their 待办 are red, yellow or waiting for
    their role, linking to their 待办. Nothing is sent to a person with nothing red or yellow; a second
    run the same day sends nothing more."""
    from xiangzhen.clock.selectors import todo_counts
    from xiangzhen.org.models import Cadre
    from xiangzhen.services.models import DIGEST_LINK_PREFIX, Notification

    at = now or timezone.now()
    today = timezone.localdate(at)
    try:
        if not WorkdayCalendar().is_workday(today):
            return 0
    except CalendarUnavailable:
        pass
    link = f"{DIGEST_LINK_PREFIX}?day={today.isoformat()}"
    already = set(Notification.objects.filter(link=link).values_list("recipient_id", flat=True))
    digests = []
    people = Cadre.objects.filter(is_active=True, user__isnull=False, user__is_active=True).select_related(
        "user"
    )
    for cadre in people:
        user = cadre.user
        if user is None or user.pk in already:
            continue
        counts = todo_counts(viewer=user, today=today)
        if not (counts.red or counts.yellow):
            continue
        digests.append(
            Notification(
                recipient=user,
                link=link,
                message=f"每日待办摘要({today.month}月{today.day}日):{counts.summary()}",
                created_at=at,
            )
        )
    # The partial unique constraint makes a racing second run a no-op instead of a duplicate.
    created = Notification.objects.bulk_create(digests, ignore_conflicts=True)
    audit_record(
        actor=None,
        action="notification.digest",
        target=None,
        object_type="services.notification",
        object_repr=f"每日待办摘要 {today.isoformat()}",
        changes={"recipients": [None, len(created)]},
    )
    return len(created)
