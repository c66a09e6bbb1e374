"""Service-hall benchmarks over a growing county, each beside hand-written SQL doing the same work.

Measured through the application's own selectors and services: the unit queue's first page (a town
leader), the red/yellow sweep, and the statistics page's grouped query (the county supervisor). The
hand-written SQL is only the reference; before timing, each pair is checked to give the same answer.
Ratios are application time over reference time in the same run; "growth" compares the largest size
with the smallest.
"""

import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import connection

from xiangzhen.org.models import Unit
from xiangzhen.services.models import ServiceItem

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)
FIRST_DAY = date(2025, 11, 24)


class ReferenceMismatch(AssertionError):
    """The hand-written SQL no longer does what the application does: fix the reference, not the timing."""


def timed(action: Callable[[], object], repeat: int, reset: Callable[[], object] | None = None) -> float:
    samples = []
    for _ in range(repeat):
        if reset:
            reset()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def sql(statement: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(parameters))
        return cursor.fetchall() if cursor.description else []


def analyze() -> None:
    sql("ANALYZE")


def check(what: str, ours: object, reference: object) -> None:
    if ours != reference:
        raise ReferenceMismatch(f"{what}: the application gives {ours!r}, the hand-written SQL {reference!r}")


@dataclass(frozen=True)
class County:
    county: Unit
    town: Unit
    villages: list[Unit]
    items: list[ServiceItem]
    leader: User
    supervisor: User
    clerk: User


def build_county() -> County:
    """A county of 20 towns, 80 片区 and 240 villages, with a town leader and a county supervisor."""
    from xiangzhen.demo.catalogue import catalogue_load
    from xiangzhen.org.models import CadreRole, UnitLevel
    from xiangzhen.org.services import cadre_create, unit_create

    county = unit_create(actor=None, name="基准县", level=UnitLevel.COUNTY, parent=None)
    villages = []
    towns = []
    for town_number in range(20):
        town = unit_create(actor=None, name=f"镇{town_number}", level=UnitLevel.TOWN, parent=county)
        towns.append(town)
        for district_number in range(4):
            district = unit_create(
                actor=None, name=f"片区{district_number}", level=UnitLevel.DISTRICT, parent=town
            )
            villages += [
                unit_create(actor=None, name=f"村{v}", level=UnitLevel.VILLAGE, parent=district)
                for v in range(3)
            ]
    start = date(2025, 1, 6)

    def cadre(name: str, role: str, unit: Unit, username: str) -> User:
        created = cadre_create(
            actor=None,
            name=name,
            role=role,
            unit=unit,
            title=name,
            start_date=start,
            username=username,
            password="bench-only-password",
            check_password_strength=False,
        )
        assert created.user is not None
        return created.user

    return County(
        county=county,
        town=towns[0],
        villages=villages,
        items=catalogue_load(),
        leader=cadre("镇长", CadreRole.TOWN_LEADER, towns[0], "leader"),
        supervisor=cadre("督查", CadreRole.COUNTY_SUPERVISOR, county, "supervisor"),
        clerk=User.objects.create_user("clerk"),
    )


def grow_requests(county: County, target: int, generator: random.Random) -> None:
    """Requests accepted over a year, deadlines from the application's own working-day rule."""
    from xiangzhen.services.models import Rating, RequestStatus, ServiceRequest
    from xiangzhen.workdays.alerts import Deadline, supervised_deadline
    from xiangzhen.workdays.calendar import WorkdayCalendar

    calendar = WorkdayCalendar()
    deadlines: dict[tuple[date, int], Deadline] = {}
    existing = ServiceRequest.objects.count()
    base = datetime(2025, 11, 24, 1, tzinfo=UTC)
    rows: list[ServiceRequest] = []
    rated: list[tuple[ServiceRequest, int]] = []

    def flush() -> None:
        ServiceRequest.objects.bulk_create(rows)
        Rating.objects.bulk_create(
            Rating(request=request, level=level, created_at=request.completed_at or NOW)
            for request, level in rated
        )
        rows.clear()
        rated.clear()

    for number in range(existing, target):
        item = generator.choice(county.items)
        created = base + timedelta(minutes=number * 5 % (365 * 24 * 60), seconds=number % 60)
        accepted_on = created.date()
        key = (accepted_on, item.promised_days)
        if key not in deadlines:
            deadlines[key] = supervised_deadline(
                start=accepted_on, limit_workdays=item.promised_days, calendar=calendar
            )
        deadline = deadlines[key]
        completed = generator.random() < 0.9
        completed_on = accepted_on + timedelta(days=3)
        unit = generator.choice(county.villages)
        request = ServiceRequest(
            tracking_code=f"B{number:09d}",
            item=item,
            filed_at_unit=unit,
            handling_unit=unit,
            applicant_name="张三",
            applicant_phone="13900000000",
            applicant_id_number="110101199003074477",
            status=RequestStatus.COMPLETED if completed else RequestStatus.ACCEPTED,
            first_officer=county.clerk,
            created_at=created,
            accepted_at=created,
            accepted_on=accepted_on,
            visits=1 if generator.random() < 0.9 else 2,
            **deadline.fields(),
            completed_on=completed_on if completed else None,
            completed_at=created + timedelta(days=3) if completed else None,
            completed_on_time=completed_on <= deadline.due_date if completed else None,
            workdays_used=3 if completed else None,
        )
        rows.append(request)
        if completed and generator.random() < 0.5:
            rated.append((request, generator.choice([5, 5, 5, 4, 4, 3, 2, 1])))
        if len(rows) == 5000:
            flush()
    flush()


QUEUE_SQL = """
SELECT r.id, r.tracking_code, r.status, r.alert, r.due_date, r.created_at, i.name, u.name
FROM services_servicerequest r
JOIN services_serviceitem i ON i.id = r.item_id
JOIN org_unit u ON u.id = r.handling_unit_id
WHERE r.handling_unit_id IN (SELECT id FROM org_unit WHERE path >= %s AND path < %s)
   OR r.filed_at_unit_id IN (SELECT id FROM org_unit WHERE path >= %s AND path < %s)
ORDER BY r.created_at DESC, r.id DESC LIMIT 50
"""
SWEEP_SQL = [
    "UPDATE services_servicerequest SET alert = 'red', alert_changed_at = %s "
    "WHERE status = 'accepted' AND due_date < %s AND alert <> 'red'",
    "UPDATE services_servicerequest SET alert = 'yellow', alert_changed_at = %s "
    "WHERE status = 'accepted' AND alert = 'none' AND yellow_from <= %s AND due_date >= %s",
]
NOTIFY_SQL = (
    "INSERT INTO services_notification (recipient_id, request_id, link, message, created_at) "
    "SELECT COALESCE(assigned_officer_id, first_officer_id), id, '', %s, %s FROM services_servicerequest "
    "WHERE alert = %s AND alert_changed_at = %s"
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
  AND (r.handling_unit_id IN (SELECT id FROM org_unit WHERE path >= %s AND path < %s)
       OR r.filed_at_unit_id IN (SELECT id FROM org_unit WHERE path >= %s AND path < %s))
GROUP BY r.handling_unit_id, u.name ORDER BY u.name, r.handling_unit_id
"""


def _reset_alerts() -> None:
    from xiangzhen.services.models import Notification, RequestEvent, ServiceRequest

    ServiceRequest.objects.exclude(alert="none").update(alert="none", alert_changed_at=None)
    Notification.objects.all().delete()
    RequestEvent.objects.all().delete()


def _hand_sweep() -> tuple[int, int]:
    """The service's work by hand: two UPDATEs, its audit row, a notification and a timeline row per change."""
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
                cursor.execute(NOTIFY_SQL, ["提醒", stamp, alert, stamp])
                cursor.execute(EVENT_SQL, ["提醒", stamp, alert, stamp])
    return red, yellow


def _sweep_outcome() -> tuple[int, int, int, int]:
    from xiangzhen.services.models import Notification, RequestEvent, ServiceRequest

    return (
        ServiceRequest.objects.filter(alert="red").count(),
        ServiceRequest.objects.filter(alert="yellow").count(),
        Notification.objects.count(),
        RequestEvent.objects.count(),
    )


def run(*, sizes: Sequence[int], report: Callable[[str], None]) -> None:
    from xiangzhen.org.models import subtree_upper_bound
    from xiangzhen.services.selectors import QueueFilters, service_request_list, service_statistics
    from xiangzhen.services.services import service_request_sweep_alerts

    county = build_county()
    generator = random.Random(7)
    town_bounds = [county.town.path, subtree_upper_bound(county.town.path)] * 2
    county_bounds = [county.county.path, subtree_upper_bound(county.county.path)] * 2
    results: dict[int, dict[str, tuple[float, float]]] = {}
    report(f"单位 {Unit.objects.count()} 个(20 个镇、80 个片区、240 个村)")
    for size in sizes:
        grow_requests(county, size, generator)
        analyze()

        def queue() -> list[int]:
            page = service_request_list(viewer=county.leader, filters=QueueFilters(), limit=50)
            return [request.pk for request in page]

        def hand_queue() -> list[int]:
            return [int(str(row[0])) for row in sql(QUEUE_SQL, town_bounds)]

        def sweep() -> tuple[int, int]:
            result = service_request_sweep_alerts(now=NOW)
            return result.red, result.yellow

        def grouped() -> list[tuple[object, ...]]:
            rows = service_statistics(viewer=county.supervisor, since=FIRST_DAY, until=TODAY, today=TODAY)
            return sorted(
                (
                    row.key,
                    row.accepted,
                    row.completed,
                    row.on_time,
                    row.overdue_open,
                    row.rated,
                    row.satisfied,
                )
                for row in rows
            )

        def hand_grouped() -> list[tuple[object, ...]]:
            rows = sql(STATISTICS_SQL, [True, TODAY, FIRST_DAY, TODAY, *county_bounds])
            return sorted((row[0], row[2], row[3], row[4], row[6], row[10], row[11]) for row in rows)

        check("办件队列首页", queue(), hand_queue())
        _reset_alerts()
        ours = (sweep(), _sweep_outcome())
        _reset_alerts()
        check("红黄牌扫描", ours, (_hand_sweep(), _sweep_outcome()))
        check("统计分组", grouped(), hand_grouped())

        results[size] = {
            "办件队列首页(镇领导)": (timed(queue, 20), timed(hand_queue, 20)),
            "红黄牌扫描": (timed(sweep, 5, _reset_alerts), timed(_hand_sweep, 5, _reset_alerts)),
            "统计页分组查询(县督查)": (timed(grouped, 5), timed(hand_grouped, 5)),
        }
        red, yellow, _notified, _events = ours[1]
        report(f"\n{size:,} 件办件(扫描标记红牌 {red:,} 件、黄牌 {yellow:,} 件;结果与手写 SQL 一致)")
        for name, (mine, reference) in results[size].items():
            report(
                f"  {name:<14} 本系统 {mine * 1e3:9.2f} ms   手写 SQL {reference * 1e3:9.2f} ms"
                f"   比值 {mine / reference:5.2f}x"
            )
    if len(sizes) > 1:
        smallest, largest = sizes[0], sizes[-1]
        report(f"\n从 {smallest:,} 到 {largest:,} 的增长(本系统)")
        for name in results[smallest]:
            report(f"  {name:<14} {results[largest][name][0] / results[smallest][name][0]:6.2f}x")
    _report_queue_plan(county, report)


def _report_queue_plan(county: County, report: Callable[[str], None]) -> None:
    from xiangzhen.services.selectors import service_request_scope

    queryset = (
        service_request_scope(county.leader)
        .select_related("item", "handling_unit")
        .order_by("-created_at", "-id")[:50]
    )
    compiled, parameters = queryset.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    report("\n查询计划(办件队列首页):")
    for row in sql(explain + compiled, list(parameters)):
        report(f"  {row[-1]}")
