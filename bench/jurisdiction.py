"""Jurisdiction lookups as the unit tree grows (10k and 100k units at the full sizes): the subtree query
every list goes through (`Unit.objects.within`) against hand-written SQL, same run.

The ORM query must stay within 1.5x of the hand-written SQL and flat (<= 1.5x) from the smallest to the
largest tree, because every list in the product is filtered through it.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.measure import check, timed


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


def run(*, sizes: Sequence[int]) -> list[dict[str, Any]]:
    from django.db import connection

    from xiangzhen.org.models import Unit, subtree_upper_bound

    rows: list[dict[str, Any]] = []
    grown_towns = 0
    for size in sizes:
        # A town and its 99 villages is 100 units: grow the tree to about `size` units beside the rest.
        towns = max(1, size // 100)
        _grow_tree(villages_per_town=99, towns=towns - grown_towns)
        grown_towns = towns
        town = Unit.objects.filter(level="town").order_by("-id").first()
        assert town is not None

        def orm(town: Unit = town) -> list[tuple[int, str]]:
            return list(Unit.objects.within([town]).order_by("path")[:50].values_list("id", "name"))

        def handwritten(town: Unit = town) -> list[tuple[int, str]]:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, name FROM org_unit WHERE path >= %s AND path < %s ORDER BY path LIMIT 50",
                    [town.path, subtree_upper_bound(town.path)],
                )
                return [(int(row[0]), str(row[1])) for row in cursor.fetchall()]

        check("辖区子树查询", orm(), handwritten())
        rows.append(
            {"units": Unit.objects.count(), "app": timed(orm, 30), "reference": timed(handwritten, 30)}
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.jurisdiction", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", required=True, help="unit-tree sizes, comma-separated")
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows = run(sizes=[int(size) for size in arguments.sizes.split(",")])
    arguments.out.write_text(json.dumps(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
