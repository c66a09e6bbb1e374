"""Service-hall benchmarks at 10k and 100k requests in one county, each beside hand-written SQL.

Measured: the unit queue's first page (a town leader), the red/yellow sweep, and the statistics page's
grouped query (the county supervisor). Ratios are ORM/selector time over the hand-written SQL doing the
same work in the same run; "flat" compares the 100k run with the 10k run.
"""

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta


def timed(action: Callable[[], object], repeat: int, reset: Callable[[], object] | None = None) -> float:
    samples = []
    for _ in range(repeat):
        if reset:
            reset()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def build_county() -> dict[str, object]:
    from django.contrib.auth.models import User

    from xiangzhen.demo.catalogue import catalogue_load
    from xiangzhen.org.models import CadreRole, Unit, UnitLevel
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
    start = date(2026, 1, 5)
    leader = cadre_create(
        actor=None,
        name="镇长",
        role=CadreRole.TOWN_LEADER,
        unit=towns[0],
        title="党委书记",
        start_date=start,
        username="leader",
        password="x",
        check_password_strength=False,
    )
    supervisor = cadre_create(
        actor=None,
        name="督查",
        role=CadreRole.COUNTY_SUPERVISOR,
        unit=county,
        title="督查",
        start_date=start,
        username="supervisor",
        password="x",
        check_password_strength=False,
    )
    clerk = User.objects.create_user("clerk")
    return {
        "items": catalogue_load(),
        "villages": villages,
        "leader": leader.user,
        "supervisor": supervisor.user,
        "clerk": clerk,
        "units": Unit.objects.count(),
        "town": towns[0],
    }


def grow_requests(county: dict[str, object], target: int, generator: random.Random) -> None:
    from xiangzhen.services.models import RequestStatus, ServiceRequest

    items = county["items"]
    villages = county["villages"]
    existing = ServiceRequest.objects.count()
    base = datetime(2025, 11, 1, 1, tzinfo=UTC)
    rows = []
    for number in range(existing, target):
        item = generator.choice(items)  # type: ignore[arg-type]
        created = base + timedelta(minutes=number * 5 % (365 * 24 * 60), seconds=number % 60)
        accepted_on = created.date()
        roll = generator.random()
        status = RequestStatus.COMPLETED if roll < 0.9 else RequestStatus.ACCEPTED
        unit = generator.choice(villages)  # type: ignore[arg-type]
        rows.append(
            ServiceRequest(
                tracking_code=f"B{number:09d}",
                item=item,
                filed_at_unit=unit,
                handling_unit=unit,
                applicant_name="张三",
                applicant_phone="13900000000",
                applicant_id_number="110101199003074477",
                status=status,
                first_officer=county["clerk"],
                created_at=created,
                accepted_at=created,
                accepted_on=accepted_on,
                due_date=accepted_on + timedelta(days=item.promised_days * 7 // 5),
                yellow_from=accepted_on + timedelta(days=max(0, item.promised_days * 7 // 5 - 2)),
                completed_on=accepted_on + timedelta(days=3) if status == RequestStatus.COMPLETED else None,
                completed_on_time=True if status == RequestStatus.COMPLETED else None,
                workdays_used=3 if status == RequestStatus.COMPLETED else None,
            )
        )
        if len(rows) == 5000:
            ServiceRequest.objects.bulk_create(rows)
            rows = []
    ServiceRequest.objects.bulk_create(rows)


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
    "INSERT INTO services_notification (recipient_id, request_id, message, created_at) "
    "SELECT COALESCE(assigned_officer_id, first_officer_id), id, %s, %s FROM services_servicerequest "
    "WHERE alert = %s AND alert_changed_at = %s"
)
EVENT_SQL = (
    "INSERT INTO services_requestevent (request_id, kind, note, attachment, created_at) "
    "SELECT id, 'alerted', %s, '', %s FROM services_servicerequest WHERE alert = %s AND alert_changed_at = %s"
)
STATISTICS_SQL = """
SELECT r.handling_unit_id, u.name, COUNT(*),
       SUM(r.status = 'completed'), SUM(r.completed_on_time = 1),
       SUM(r.status IN ('accepted', 'paused') AND r.alert = 'yellow'),
       SUM(r.status = 'accepted' AND r.due_date < %s), AVG(r.workdays_used), AVG(r.visits),
       SUM(r.visits <= 1), COUNT(g.id), SUM(g.level >= 3)
FROM services_servicerequest r
JOIN org_unit u ON u.id = r.handling_unit_id
LEFT JOIN services_rating g ON g.request_id = r.id
WHERE r.accepted_on BETWEEN %s AND %s
GROUP BY r.handling_unit_id, u.name ORDER BY u.name
"""


def run() -> None:
    from django.db import connection

    from xiangzhen.org.models import subtree_upper_bound
    from xiangzhen.services.models import ServiceRequest
    from xiangzhen.services.selectors import QueueFilters, service_request_list, service_statistics
    from xiangzhen.services.services import service_request_sweep_alerts

    county = build_county()
    town = county["town"]
    today = date(2026, 11, 24)
    now = datetime(2026, 11, 24, 2, tzinfo=UTC)
    since, until = date(2025, 11, 24), today
    generator = random.Random(7)

    def reset_alerts() -> None:
        ServiceRequest.objects.filter(alert__in=["red", "yellow"]).update(alert="none", alert_changed_at=None)
        from xiangzhen.services.models import Notification, RequestEvent

        Notification.objects.all().delete()
        RequestEvent.objects.all().delete()

    def sql(statement: str, parameters: list[object]) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(statement, parameters)
            return cursor.fetchall() if cursor.description else []

    def hand_sweep() -> None:
        # The same work as the service: two UPDATEs, then a notification and a timeline row per changed request.
        stamp = connection.ops.adapt_datetimefield_value(now)
        sql(SWEEP_SQL[0], [stamp, today])
        sql(SWEEP_SQL[1], [stamp, today, today])
        for alert in ("red", "yellow"):
            sql(NOTIFY_SQL, ["提醒", stamp, alert, stamp])
            sql(EVENT_SQL, ["提醒", stamp, alert, stamp])

    bounds = [town.path, subtree_upper_bound(town.path)] * 2  # type: ignore[attr-defined]
    results: dict[int, dict[str, tuple[float, float]]] = {}
    print(f"单位 {county['units']} 个;数据库 {connection.vendor}")
    for size in (10_000, 100_000):
        grow_requests(county, size, generator)
        sql("ANALYZE", []) if connection.vendor == "sqlite" else sql("ANALYZE services_servicerequest", [])
        queue = (
            timed(
                lambda: service_request_list(viewer=county["leader"], filters=QueueFilters(), limit=50), 20
            ),
            timed(lambda: sql(QUEUE_SQL, bounds), 20),
        )
        sweep = (
            timed(lambda: service_request_sweep_alerts(now=now), 5, reset_alerts),
            timed(hand_sweep, 5, reset_alerts),
        )
        stats = (
            timed(
                lambda: service_statistics(
                    viewer=county["supervisor"], since=since, until=until, today=today
                ),
                5,
            ),
            timed(lambda: sql(STATISTICS_SQL, [today, since, until]), 5),
        )
        results[size] = {"办件队列首页(镇领导)": queue, "红黄牌扫描": sweep, "统计页分组查询(县督查)": stats}
        print(f"\n{size:,} 件办件")
        for name, (ours, reference) in results[size].items():
            print(
                f"  {name:<16} 本系统 {ours * 1e3:9.2f} ms   手写 SQL {reference * 1e3:9.2f} ms   比值 {ours / reference:5.2f}x"
            )
    print("\n从 10k 到 100k 的增长(本系统)")
    for name in results[10_000]:
        print(f"  {name:<16} {results[100_000][name][0] / results[10_000][name][0]:6.2f}x")
    if connection.vendor == "sqlite":
        print("\n查询计划(办件队列首页):")
        from xiangzhen.services.selectors import service_request_scope

        queryset = (
            service_request_scope(county["leader"])
            .select_related("item", "handling_unit")
            .order_by("-created_at", "-id")[:50]
        )
        compiled, parameters = queryset.query.sql_with_params()
        for row in sql("EXPLAIN QUERY PLAN " + compiled, list(parameters)):
            print("  ", row[-1])
