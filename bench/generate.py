"""A synthetic county for the benchmarks: deterministic, written in bulk.

    python -m bench.generate --requests 100000      # into DATABASE_URL (an empty, migrated database)

20 towns, each with 3 片区 of 5 villages (300 villages), a leader, a window clerk, a 包村干部 and a village
cadre per village; N service requests accepted over the year before TODAY with the shares a real hall
shows (most completed within the promise, some late, a few rejected, waiting on materials, paused or
forgotten and overdue), deadlines from the official working-day calendar (holidays and 调休 included),
one-time notices, transfers to the town, ratings and the timeline of each; and N/20 disputes and N/50
supervised tasks. The same seed and N always give the same rows.

Rows go in through `executemany` in batches of 10,000 with explicit ids, so a million requests (and their
four million scope rows and three million timeline rows) take minutes, not hours.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)
FIRST_DAY = date(2025, 11, 24)
BATCH = 10_000
SEED = 7
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "秀英桂兰玉珍凤华明国强建军志勇文平红梅海燕丽娟永刚德福春生金花"
RATING_LEVELS = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1]


@dataclass(frozen=True)
class County:
    county_id: int
    town_ids: list[int]
    village_ids: list[int]
    district_ids: list[int]
    town_of: dict[int, int]
    ancestors: dict[int, list[int]]
    leader_id: int
    supervisor_id: int
    clerk_id: int
    clerk_of_town: dict[int, int]
    cadre_of_unit: dict[int, int]


def _insert(table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from django.db import connection

    if not rows:
        return
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
            rows,
        )


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    models = [
        apps.get_model(label)
        for label in (
            "org.Unit",
            "org.Cadre",
            "org.Post",
            "auth.User",
            "services.ServiceRequest",
            "services.RequestScope",
            "services.RequestEvent",
            "services.Rating",
            "services.MaterialsNotice",
            "disputes.Dispute",
            "supervision.Task",
        )
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def build_county() -> County:
    """The unit tree and the cadres, a few hundred rows, through the ORM."""
    from django.contrib.auth.models import User

    from xiangzhen.org.models import Cadre, CadreRole, Post, Unit, UnitLevel, unit_path_segment

    start = date(2025, 1, 6)
    units: list[Unit] = []
    next_id = 1

    def unit(name: str, level: str, parent: Unit | None) -> Unit:
        nonlocal next_id
        created = Unit(
            id=next_id,
            name=name,
            level=level,
            parent=parent,
            path=(parent.path if parent else "") + unit_path_segment(next_id),
        )
        next_id += 1
        units.append(created)
        return created

    county = unit("基准县", UnitLevel.COUNTY, None)
    towns, districts, villages = [], [], []
    town_of: dict[int, int] = {}
    for town_number in range(20):
        town = unit(f"{SURNAMES[town_number]}家镇", UnitLevel.TOWN, county)
        towns.append(town)
        town_of[town.pk] = town.pk
        for district_number in range(3):
            district = unit(f"第{district_number + 1}片区", UnitLevel.DISTRICT, town)
            districts.append(district)
            town_of[district.pk] = town.pk
            for village_number in range(5):
                village = unit(
                    f"{GIVEN[village_number * 3 + district_number]}溪村", UnitLevel.VILLAGE, district
                )
                villages.append(village)
                town_of[village.pk] = town.pk
    Unit.objects.bulk_create(units)

    # Login accounts only for the cadres the bench acts as; the rest are people on record with posts.
    unusable = "!bench"
    users = [User(id=1, username="supervisor", password=unusable, first_name="督查")]
    cadres = [Cadre(id=1, name="县督查", role=CadreRole.COUNTY_SUPERVISOR, user_id=1)]
    posts = [Post(cadre_id=1, unit=county, title="督查专员", start_date=start)]
    clerk_of_town: dict[int, int] = {}
    cadre_of_unit: dict[int, int] = {}
    for number, town in enumerate(towns):
        leader_id, clerk_id = 2 + 2 * number, 3 + 2 * number
        users.append(User(id=leader_id, username=f"leader{number}", password=unusable))
        users.append(User(id=clerk_id, username=f"clerk{number}", password=unusable))
        cadres.append(
            Cadre(id=leader_id, name=f"镇长{number}", role=CadreRole.TOWN_LEADER, user_id=leader_id)
        )
        cadres.append(Cadre(id=clerk_id, name=f"窗口{number}", role=CadreRole.WINDOW_STAFF, user_id=clerk_id))
        posts.append(Post(cadre_id=leader_id, unit=town, title="镇长", start_date=start))
        posts.append(Post(cadre_id=clerk_id, unit=town, title="窗口人员", start_date=start))
        clerk_of_town[town.pk] = clerk_id
        cadre_of_unit[town.pk] = leader_id
    next_cadre = 100
    for village in villages:
        cadres.append(Cadre(id=next_cadre, name=f"村干部{next_cadre}", role=CadreRole.VILLAGE_CADRE))
        posts.append(Post(cadre_id=next_cadre, unit=village, title="党支部书记", start_date=start))
        cadre_of_unit[village.pk] = next_cadre
        next_cadre += 1
    User.objects.bulk_create(users)
    Cadre.objects.bulk_create(cadres)
    Post.objects.bulk_create(posts)
    return County(
        county_id=county.pk,
        town_ids=[town.pk for town in towns],
        village_ids=[village.pk for village in villages],
        district_ids=[district.pk for district in districts],
        town_of=town_of,
        ancestors={created.pk: created.ancestor_ids() for created in units},
        leader_id=2,
        supervisor_id=1,
        clerk_id=3,
        clerk_of_town=clerk_of_town,
        cadre_of_unit=cadre_of_unit,
    )


REQUEST_COLUMNS = [
    "id",
    "tracking_code",
    "applicant_name",
    "applicant_phone",
    "applicant_id_number",
    "applicant_address",
    "status",
    "created_at",
    "accepted_at",
    "accepted_on",
    "due_date",
    "yellow_from",
    "due_is_provisional",
    "paused_on",
    "paused_workdays",
    "alert_changed_at",
    "alert",
    "completed_at",
    "completed_on",
    "workdays_used",
    "completed_on_time",
    "result",
    "settled_level",
    "rejection_reason",
    "rejection_basis",
    "visits",
    "version",
    "assigned_officer_id",
    "filed_at_unit_id",
    "first_officer_id",
    "handling_unit_id",
    "item_id",
    "follow_later",
    "address_string",
    "description",
    "latitude",
    "longitude",
    "media_url",
]


class Calendar:
    """The official calendar's answers, cached: a year has a few hundred distinct questions."""

    def __init__(self) -> None:
        from xiangzhen.workdays.calendar import WorkdayCalendar

        self.calendar = WorkdayCalendar()
        self.deadlines: dict[tuple[date, int], Any] = {}
        self.later: dict[tuple[date, int], date] = {}

    def deadline(self, start: date, limit: int) -> Any:
        from xiangzhen.workdays.alerts import supervised_deadline

        key = (start, limit)
        if key not in self.deadlines:
            self.deadlines[key] = supervised_deadline(
                start=start, limit_workdays=limit, calendar=self.calendar
            )
        return self.deadlines[key]

    def add(self, start: date, days: int) -> date:
        key = (start, days)
        if key not in self.later:
            self.later[key] = self.calendar.add_workdays(start, days).date
        return self.later[key]

    def workdays(self, first: date, last: date) -> list[date]:
        days = []
        day = first
        while day <= last:
            if self.calendar.is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def _id_number(generator: random.Random, number: int) -> str:
    from xiangzhen.validators import resident_id_check_character

    birth = date(1950, 1, 1) + timedelta(days=generator.randrange(0, 20000))
    prefix = f"522401{birth:%Y%m%d}{number % 1000:03d}"
    return prefix + resident_id_check_character(prefix)


def generate_requests(county: County, total: int, *, seed: int = SEED) -> dict[str, int]:
    """`total` requests over the year before TODAY, with their scope rows, timeline, notices and ratings."""
    from django.db import connection, transaction

    from xiangzhen.services.models import ServiceItem

    ops = connection.ops
    stamp = ops.adapt_datetimefield_value
    day_value = ops.adapt_datefield_value
    calendar = Calendar()
    workdays = calendar.workdays(FIRST_DAY, TODAY - timedelta(days=1))
    items = list(ServiceItem.objects.filter(is_active=True, owner_unit__isnull=True).order_by("code"))
    # A few items carry most of the traffic (社保、医保、户籍、低保), as in any hall.
    item_weights = [1 / (rank + 1) for rank in range(len(items))]
    counts = {"requests": 0, "scopes": 0, "events": 0, "ratings": 0, "notices": 0, "transfers": 0}
    village_count = len(county.village_ids)
    for batch_start in range(0, total, BATCH):
        generator = random.Random(seed * 1_000_003 + batch_start)
        requests: list[tuple[object, ...]] = []
        scopes: list[tuple[object, ...]] = []
        events: list[tuple[object, ...]] = []
        ratings: list[tuple[object, ...]] = []
        notices: list[tuple[object, ...]] = []
        for number in range(batch_start, min(total, batch_start + BATCH)):
            request_id = number + 1
            day = workdays[number * len(workdays) // total]
            created = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC) + timedelta(
                seconds=(number * 7919) % (8 * 3600) + number % 60
            )
            item = generator.choices(items, item_weights)[0]
            village = county.village_ids[generator.randrange(village_count)]
            town = county.town_of[village]
            # 70% filed at a village's room, the rest at the town's hall.
            filed = village if generator.random() < 0.7 else town
            handling = filed
            officer = county.clerk_of_town[town]
            chance = generator.random()
            age = (TODAY - day).days
            status = "accepted"
            noticed = generator.random() < 0.06
            accepted_on: date | None = day
            if chance < 0.02:
                status, accepted_on = "rejected", None
            elif noticed and age < 10:
                status, accepted_on = "awaiting_materials", None
            elif noticed:
                accepted_on = calendar.add(day, generator.randint(1, 4))
            row: dict[str, object] = {
                "accepted_at": None,
                "accepted_on": None,
                "due_date": None,
                "yellow_from": None,
                "due_is_provisional": False,
                "paused_on": None,
                "completed_at": None,
                "completed_on": None,
                "workdays_used": None,
                "completed_on_time": None,
                "result": "",
                "settled_level": "",
                "rejection_reason": "",
                "rejection_basis": "",
            }
            events.append((request_id, "registered", "", stamp(created), officer))
            if status == "rejected":
                row["rejection_reason"] = "申请人不符合该事项的申请条件"
                row["rejection_basis"] = item.legal_basis or "事项办事指南"
                events.append((request_id, "rejected", row["rejection_reason"], stamp(created), officer))
            if noticed:
                notices.append((request_id, 1, '["户口簿"]', stamp(created), "", officer))
                events.append((request_id, "notice", "一次性告知:缺户口簿", stamp(created), officer))
            if accepted_on is not None:
                deadline = calendar.deadline(accepted_on, item.promised_days)
                accepted_at = (
                    created + timedelta(minutes=20)
                    if accepted_on == day
                    else datetime(accepted_on.year, accepted_on.month, accepted_on.day, 1, tzinfo=UTC)
                )
                row.update(
                    accepted_at=stamp(accepted_at),
                    accepted_on=day_value(accepted_on),
                    due_date=day_value(deadline.due_date),
                    yellow_from=day_value(deadline.yellow_from),
                    due_is_provisional=deadline.provisional,
                )
                events.append((request_id, "accepted", "受理", stamp(accepted_at), officer))
                if filed != town and generator.random() < 0.04:
                    handling = town
                    counts["transfers"] += 1
                    events.append(
                        (request_id, "transferred", "村 → 镇:需镇里审批", stamp(accepted_at), officer)
                    )
                late = generator.random() < 0.06
                used = (
                    item.promised_days + generator.randint(1, 5)
                    if late
                    else generator.randint(max(1, item.promised_days // 3), item.promised_days)
                )
                completed_on = calendar.add(accepted_on, used)
                forgotten = generator.random() < 0.01
                if completed_on < TODAY and not forgotten:
                    status = "completed"
                    completed_at = datetime(
                        completed_on.year, completed_on.month, completed_on.day, 7, tzinfo=UTC
                    )
                    row.update(
                        completed_at=stamp(completed_at),
                        completed_on=day_value(completed_on),
                        workdays_used=used,
                        completed_on_time=completed_on <= deadline.due_date,
                        result="已办结,结果已告知申请人",
                        settled_level="town" if handling == town else "village",
                    )
                    events.append((request_id, "completed", "办结", stamp(completed_at), officer))
                    if generator.random() < 0.6:
                        level = RATING_LEVELS[generator.randrange(len(RATING_LEVELS))]
                        ratings.append((request_id, level, "", stamp(completed_at), None))
                        events.append((request_id, "rated", f"评价 {level}", stamp(completed_at), None))
                elif generator.random() < 0.05:
                    status = "paused"
                    row["paused_on"] = day_value(min(TODAY - timedelta(days=1), calendar.add(accepted_on, 1)))
            name = SURNAMES[generator.randrange(len(SURNAMES))] + GIVEN[generator.randrange(len(GIVEN))]
            requests.append(
                (
                    request_id,
                    f"B{number:09d}",
                    name,
                    f"13{number % 10}{number:08d}"[-11:],
                    _id_number(generator, number),
                    "",
                    status,
                    stamp(created),
                    row["accepted_at"],
                    row["accepted_on"],
                    row["due_date"],
                    row["yellow_from"],
                    row["due_is_provisional"],
                    row["paused_on"],
                    0,
                    None,
                    "none",
                    row["completed_at"],
                    row["completed_on"],
                    row["workdays_used"],
                    row["completed_on_time"],
                    row["result"],
                    row["settled_level"],
                    row["rejection_reason"],
                    row["rejection_basis"],
                    2 if noticed else 1,
                    1,
                    None,
                    filed,
                    officer,
                    handling,
                    item.pk,
                    "[]",
                    "",
                    "",
                    None,
                    None,
                    "",
                )
            )
            for unit_id in sorted(set(county.ancestors[handling]) | set(county.ancestors[filed])):
                scopes.append((unit_id, request_id, stamp(created)))
        with transaction.atomic():
            _insert("services_servicerequest", REQUEST_COLUMNS, requests)
            _insert("services_requestscope", ("unit_id", "request_id", "created_at"), scopes)
            _insert("services_requestevent", ("request_id", "kind", "note", "created_at", "actor_id"), events)
            _insert(
                "services_rating", ("request_id", "level", "comment", "created_at", "recorded_by_id"), ratings
            )
            _insert(
                "services_materialsnotice",
                ("request_id", "number", "missing", "issued_at", "override_reason", "issued_by_id"),
                notices,
            )
        counts["requests"] += len(requests)
        counts["scopes"] += len(scopes)
        counts["events"] += len(events)
        counts["ratings"] += len(ratings)
        counts["notices"] += len(notices)
    return counts


def generate_disputes_and_tasks(county: County, requests: int, *, seed: int = SEED) -> dict[str, int]:
    """N/20 disputes registered in villages and N/50 tasks set for towns and villages, over the same year."""
    from django.db import connection, transaction

    from xiangzhen.disputes.models import DisputeCategory

    ops = connection.ops
    calendar = Calendar()
    workdays = calendar.workdays(FIRST_DAY, TODAY - timedelta(days=1))
    generator = random.Random(seed + 1)
    categories = list(DisputeCategory.objects.values_list("pk", flat=True))
    disputes: list[tuple[object, ...]] = []
    for number in range(max(1, requests // 20)):
        day = workdays[number * len(workdays) // max(1, requests // 20)]
        village = county.village_ids[generator.randrange(len(county.village_ids))]
        deadline = calendar.deadline(day, 30)
        settled = deadline.due_date < TODAY and generator.random() < 0.95
        disputes.append(
            (
                number + 1,
                ops.adapt_datefield_value(deadline.due_date),
                ops.adapt_datefield_value(deadline.yellow_from),
                deadline.provisional,
                "none",
                None,
                f"邻里纠纷{number}",
                "宅基地边界争议",
                "general",
                "screening",
                ops.adapt_datefield_value(day),
                30,
                "settled" if settled else "open",
                ops.adapt_datefield_value(calendar.add(day, 10)) if settled else None,
                "village" if settled else "",
                "双方达成调解协议" if settled else "",
                None,
                "",
                1,
                county.clerk_of_town[county.town_of[village]],
                village,
                village,
                county.cadre_of_unit[village],
                categories[number % len(categories)],
            )
        )
    tasks: list[tuple[object, ...]] = []
    for number in range(max(1, requests // 50)):
        day = workdays[number * len(workdays) // max(1, requests // 50)]
        village = county.village_ids[generator.randrange(len(county.village_ids))]
        deadline = calendar.deadline(day, 10)
        done = deadline.due_date < TODAY and generator.random() < 0.95
        completed_on = calendar.add(day, generator.randint(3, 12)) if done else None
        tasks.append(
            (
                number + 1,
                ops.adapt_datefield_value(deadline.due_date),
                ops.adapt_datefield_value(deadline.yellow_from),
                deadline.provisional,
                "none",
                None,
                f"督办事项{number}",
                "按期报送整改情况",
                "县委督查室",
                10,
                ops.adapt_datefield_value(day),
                "done" if done else "in_progress",
                ops.adapt_datefield_value(completed_on) if completed_on else None,
                (completed_on <= deadline.due_date) if completed_on else None,
                1,
                None,
                county.cadre_of_unit[village],
                village,
                county.supervisor_id,
            )
        )
    with transaction.atomic():
        _insert(
            "disputes_dispute",
            [
                "id",
                "due_date",
                "yellow_from",
                "due_is_provisional",
                "alert",
                "alert_changed_at",
                "title",
                "summary",
                "risk_level",
                "source",
                "registered_on",
                "limit_workdays",
                "status",
                "settled_on",
                "settled_level",
                "agreement",
                "followed_up_on",
                "follow_up_note",
                "version",
                "created_by_id",
                "handling_unit_id",
                "place_id",
                "responsible_id",
                "category_id",
            ],
            disputes,
        )
        _insert(
            "supervision_task",
            [
                "id",
                "due_date",
                "yellow_from",
                "due_is_provisional",
                "alert",
                "alert_changed_at",
                "title",
                "detail",
                "source",
                "limit_workdays",
                "assigned_on",
                "status",
                "completed_on",
                "completed_on_time",
                "version",
                "decision_id",
                "owner_id",
                "owner_unit_id",
                "supervisor_id",
                "admission",
                "admission_note",
                "handed_down",
            ],
            # Tasks set by the town itself need no 准入 review (supervision.Admission.NOT_NEEDED).
            [(*task, "", "", False) for task in tasks],
        )
    return {"disputes": len(disputes), "tasks": len(tasks)}


def generate(requests: int, *, seed: int = SEED) -> tuple[County, dict[str, int]]:
    """The whole county into the current (empty, migrated) database; the catalogue from the demo's seed."""
    from django.db import connection

    from xiangzhen.demo.catalogue import catalogue_load
    from xiangzhen.services import tallies

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A throwaway database filled once: no fsync per batch, and the indexes kept in memory while
            # they grow (the queries timed afterwards run with the project's own settings).
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")
    catalogue_load()
    county = build_county()
    # A bulk load, as a migration from another system would run it: the statistics tallies are counted
    # once at the end instead of by their triggers row by row (which doubles the time at a million).
    tallies.triggers_drop(connection)
    counts = generate_requests(county, requests, seed=seed)
    counts.update(generate_disputes_and_tasks(county, requests, seed=seed))
    counts["tallies"] = tallies.tallies_rebuild(connection)
    tallies.triggers_create(connection)
    _reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA cache_size = -2000")
    return county, counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=SEED)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from xiangzhen.org.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        print(
            "bench.generate: the database already holds units; point DATABASE_URL at an empty one",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    _county, counts = generate(arguments.requests, seed=arguments.seed)
    print(
        f"bench.generate: {', '.join(f'{name} {count:,}' for name, count in counts.items())} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
