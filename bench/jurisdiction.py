"""Jurisdiction lookups at 10k and 100k units: `visible_units` against hand-written SQL, same run.

The ORM query must stay within 1.5x of the hand-written SQL and flat (<= 1.5x) from 10k to 100k units,
because every list in the product is filtered through it.
"""

import statistics
import time
from collections.abc import Callable


def _timed(action: Callable[[], object], repeat: int = 30) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _grow_tree(villages_per_town: int, towns: int) -> None:
    from django.db import connection

    from xiangzhen.org.models import PATH_SEGMENT_WIDTH, Unit

    def segment(unit_id: int) -> str:
        return f"{unit_id:0{PATH_SEGMENT_WIDTH}d}"

    next_id = (Unit.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    county = Unit(id=next_id, name=f"县{next_id}", level="county", path=segment(next_id))
    rows = [county]
    next_id += 1
    for town_number in range(towns):
        town = Unit(
            id=next_id,
            name=f"镇{town_number}",
            level="town",
            parent_id=county.id,
            path=county.path + segment(next_id),
        )
        rows.append(town)
        next_id += 1
        for village_number in range(villages_per_town):
            rows.append(
                Unit(
                    id=next_id,
                    name=f"村{village_number}",
                    level="village",
                    parent_id=town.id,
                    path=town.path + segment(next_id),
                )
            )
            next_id += 1
    Unit.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run() -> None:
    from django.db import connection

    from xiangzhen.org.models import Unit, subtree_upper_bound

    print("规模          ORM 子树查询    手写 SQL      比值")
    baseline = None
    for total_towns in (100, 1000):
        _grow_tree(villages_per_town=99, towns=total_towns - (100 if baseline else 0))
        town = Unit.objects.filter(level="town").order_by("-id").first()
        assert town is not None

        def orm(town: Unit = town) -> object:
            return list(Unit.objects.within([town]).order_by("path")[:50].values_list("id", "name"))

        def handwritten(town: Unit = town) -> object:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, name FROM org_unit WHERE path >= %s AND path < %s ORDER BY path LIMIT 50",
                    [town.path, subtree_upper_bound(town.path)],
                )
                return cursor.fetchall()

        orm_seconds, sql_seconds = _timed(orm), _timed(handwritten)
        count = Unit.objects.count()
        baseline = baseline or orm_seconds
        print(
            f"{count:>8} 个单位  {orm_seconds * 1e3:8.3f} ms  {sql_seconds * 1e3:8.3f} ms  "
            f"{orm_seconds / sql_seconds:5.2f}x   (相对 10k: {orm_seconds / baseline:4.2f}x)"
        )
