"""12345 at N orders: a town's open-order list and the monthly 三率 ranking of 300 towns, each beside hand SQL.

    DATABASE_URL=sqlite:////tmp/xz_hotline_bench.sqlite3 python -m bench.hotline --orders 10000 --orders 100000

Each size runs in the same fresh database, growing it (the orders of size N are kept for the next size).
Not part of `python -m bench` yet: the integrator may fold it in."""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TOWNS = 300
SHANGHAI = ZoneInfo("Asia/Shanghai")


def timed(action: Callable[[], object], repeat: int) -> float:
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hotline")
    parser.add_argument("--orders", type=int, action="append", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from xiangzhen.hotline.figures import counted_orders, three_rates
    from xiangzhen.hotline.models import OPEN_STATUSES, Rating, WorkOrder
    from xiangzhen.hotline.selectors import order_list
    from xiangzhen.org.models import Cadre, CadreRole, Unit, UnitLevel
    from xiangzhen.org.services import unit_create

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        print("bench.hotline: point DATABASE_URL at an empty database", file=sys.stderr)
        return 2
    county = unit_create(actor=None, name="基准县", level=UnitLevel.COUNTY, parent=None)
    towns = [
        unit_create(actor=None, name=f"镇{n:03d}", level=UnitLevel.TOWN, parent=county) for n in range(TOWNS)
    ]
    from django.contrib.auth.models import User

    from xiangzhen.org.models import Post

    user = User.objects.create(username="bench_leader")
    cadre = Cadre.objects.create(name="基准", role=CadreRole.TOWN_LEADER, user=user)
    Post.objects.create(cadre=cadre, unit=towns[0], title="党委书记", start_date=date(2020, 1, 1))
    generator = random.Random(1)
    end = datetime(2026, 11, 30, 12, tzinfo=SHANGHAI)
    month_start, month_end = date(2026, 11, 1), date(2026, 12, 1)
    made = 0
    for size in arguments.orders:
        batch: list[Any] = []
        for serial in range(made, size):
            dispatched = end - timedelta(minutes=generator.randint(0, 365 * 24 * 60))
            open_order = generator.random() < 0.03
            rating = (
                ""
                if open_order
                else generator.choice([Rating.SATISFIED, Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED])
            )
            town = towns[generator.randrange(TOWNS)]
            batch.append(
                WorkOrder(
                    county=county,
                    platform_number=f"B{serial:09d}",
                    town=town,
                    handler_unit=town,
                    content="基准工单",
                    category="路灯",
                    status="signed" if open_order else "archived",
                    dispatched_at=dispatched,
                    respond_due_at=dispatched + timedelta(hours=24),
                    resolve_due_at=dispatched + timedelta(days=7),
                    due_date=(dispatched + timedelta(days=7)).date(),
                    responded_on_time=generator.random() < 0.9,
                    rating=rating,
                    resolved=None if not rating else rating != Rating.UNSATISFIED,
                )
            )
            if len(batch) == 5000:
                WorkOrder.objects.bulk_create(batch)
                batch = []
        WorkOrder.objects.bulk_create(batch)
        made = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def ours_list() -> object:
            return list(order_list(viewer=user, open_only=True)[:50])

        def hand_list() -> object:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT * FROM hotline_workorder WHERE town_id = %s AND status IN (%s, %s, %s, %s) "
                    "ORDER BY due_date, id LIMIT 50",
                    [towns[0].pk, *OPEN_STATUSES],
                )
                return cursor.fetchall()

        def ours_ranking() -> object:
            return three_rates(counted_orders(month_start, month_end), by="town", rule_set=None)

        def hand_ranking() -> object:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT town_id, COUNT(*), SUM(CASE WHEN responded_on_time THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN rating IN ('satisfied','basic','unsatisfied') THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN rating IN ('satisfied','basic','unsatisfied') AND resolved THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN rating = 'satisfied' THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN rating = 'basic' THEN 1 ELSE 0 END) "
                    "FROM hotline_workorder WHERE dispatched_at >= %s AND dispatched_at < %s "
                    "AND (return_upheld IS NULL OR NOT return_upheld) GROUP BY town_id",
                    [
                        connection.ops.adapt_datetimefield_value(datetime(2026, 11, 1, tzinfo=SHANGHAI)),
                        connection.ops.adapt_datetimefield_value(datetime(2026, 12, 1, tzinfo=SHANGHAI)),
                    ],
                )
                return cursor.fetchall()

        assert len(ours_ranking()) == len(hand_ranking())  # type: ignore[arg-type]
        figures = {
            "open list": (timed(ours_list, arguments.repeat * 4), timed(hand_list, arguments.repeat * 4)),
            "三率 ranking": (timed(ours_ranking, arguments.repeat), timed(hand_ranking, arguments.repeat)),
        }
        for name, (ours, hand) in figures.items():
            print(
                f"{connection.vendor} {size:>9,} {name}: {ours:8.2f} ms, hand SQL {hand:8.2f} ms, ×{ours / hand:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
