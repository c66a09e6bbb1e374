"""The one search over the generated county: a town leader's search by phone, by name and by 身份证号, each
beside hand-written SQL over the same tables and indexes (the same columns, jurisdiction and order).

The county's requests carry applicants; `generate_households` adds N/10 防返贫 households (a head and a
spouse each) in the same villages, so the household group is searched at size too. Disputes here have no
parties, and there are no party members or contracts: those groups are asked and answer nothing.

    python -m bench.search --requests 10000 --out search.json     # alone, in an empty database
"""

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.generate import GIVEN, SEED, SURNAMES, TODAY, County, _id_number
from bench.measure import check, explain, explain_heaviest, replayed_reads, sql, timed

LIMIT = 10
COUNT_CAP = 200
UNITS = "SELECT id FROM org_unit WHERE path >= %s AND path < %s"
REQUESTS = (
    "SELECT r.id, r.tracking_code, i.name, r.applicant_name, r.applicant_phone, r.status, u.name, r.created_at "
    "FROM services_servicerequest r JOIN services_serviceitem i ON i.id = r.item_id "
    "JOIN org_unit u ON u.id = r.handling_unit_id "
    f"WHERE {{condition}} AND (r.handling_unit_id IN ({UNITS}) OR r.filed_at_unit_id IN ({UNITS})) "
    "ORDER BY {order} LIMIT %s"
)
DISPUTES = (
    "SELECT d.id, d.title, d.status, p.name, d.registered_on FROM disputes_dispute d "
    "JOIN org_unit p ON p.id = d.place_id "
    "WHERE d.id IN (SELECT dispute_id FROM disputes_disputeparty WHERE {condition}) "
    f"AND (d.place_id IN ({UNITS}) OR d.handling_unit_id IN ({UNITS})) "
    "ORDER BY d.registered_on DESC, d.id DESC LIMIT %s"
)
HOUSEHOLDS = (
    "SELECT h.id, h.head_name, v.name, h.category, h.status, h.phone FROM assistance_household h "
    "JOIN org_unit v ON v.id = h.village_id "
    f"WHERE ({{condition}}) AND h.village_id IN ({UNITS}) ORDER BY {{order}} LIMIT %s"
)
MEMBERS = (
    "SELECT m.id, m.name, b.name, m.status, m.phone, m.left_on, m.branch_id FROM party_partymember m "
    "JOIN party_branch b ON b.id = m.branch_id "
    f"WHERE {{condition}} AND m.branch_id IN (SELECT id FROM party_branch WHERE unit_id IN ({UNITS})) "
    "ORDER BY {order} LIMIT %s"
)
CONTRACTS = (
    "SELECT c.id, c.number, c.title, c.counterparty, v.name, c.status FROM collective_contract c "
    "JOIN org_unit v ON v.id = c.village_id "
    "WHERE ({condition}) AND c.village_id IN "
    "(SELECT id FROM org_unit WHERE level = 'village' AND path >= %s AND path < %s) "
    "ORDER BY {order} LIMIT %s"
)


def generate_households(county: County, count: int, *, seed: int = SEED) -> int:
    """`count` households with a head (name, phone, 身份证号) and a spouse, in the county's villages."""
    from django.db import transaction

    from xiangzhen.assistance.models import Household, Member

    generator = random.Random(seed + 2)
    batch = 5_000
    for start in range(0, count, batch):
        households, members = [], []
        for number in range(start, min(count, start + batch)):
            village = county.village_ids[generator.randrange(len(county.village_ids))]
            name = SURNAMES[generator.randrange(len(SURNAMES))] + GIVEN[generator.randrange(len(GIVEN))]
            households.append(
                Household(
                    id=number + 1,
                    village_id=village,
                    head_name=name,
                    head_id_number=_id_number(generator, 500_000 + number),
                    phone=f"15{number % 10}{number:08d}"[-11:],
                    category="marginal",
                    channel="visit",
                    responsible_id=county.cadre_of_unit[village],
                    status="monitoring",
                    reviewed_on=TODAY,
                    publicity_from=TODAY,
                    created_by_id=county.leader_id,
                )
            )
            members.append(Member(household_id=number + 1, name=name, relation="户主"))
            spouse = SURNAMES[generator.randrange(len(SURNAMES))] + GIVEN[generator.randrange(len(GIVEN))]
            members.append(Member(household_id=number + 1, name=spouse, relation="配偶"))
        with transaction.atomic():
            Household.objects.bulk_create(households)
            Member.objects.bulk_create(members)
    return count


def _name_range(column: str, value: str, vendor: str) -> tuple[str, list[object]]:
    if vendor == "sqlite":
        return f"{column} >= %s AND {column} < %s", [value, value + "\U0010ffff"]
    return f"{column} LIKE %s", [value.replace("%", r"\%").replace("_", r"\_") + "%"]


def _group(
    statement: str, parameters: list[object], units: list[object], count_from: str
) -> tuple[list[int], int]:
    """Rows of one group, then (only when the page is full) their number up to the cap, as the app does."""
    rows = sql(statement, [*parameters, LIMIT])
    ids = [int(str(row[0])) for row in rows]
    if len(ids) < LIMIT:
        return ids, len(ids)
    counted = sql(f"SELECT COUNT(*) FROM ({count_from} LIMIT {COUNT_CAP}) counted", parameters)
    return ids, int(str(counted[0][0]))


def hand_search(kind: str, value: str, low: str, high: str, vendor: str) -> list[tuple[list[int], int]]:
    """The five groups by hand: requests, disputes, households, party members, contracts."""
    units = [low, high]
    both = [low, high, low, high]
    groups: list[tuple[list[int], int]] = []

    def run(
        template: str,
        condition: str,
        order: str,
        parameters: list[object],
        scope: list[object],
        inside: tuple[str, list[object]] | None = None,
    ) -> None:
        statement = template.format(condition=condition, order=order)
        # The count reads the same rows without the joins' columns: the statement up to its ORDER BY.
        head = statement.split(" ORDER BY ")[0]
        count_from = "SELECT 1 FROM " + head.split(" FROM ", 1)[1]
        ids, count = _group(statement, parameters + scope, units, count_from)
        if not ids and inside is not None:
            # No name starts with the text: the names holding it anywhere (as the app does then).
            inside_condition, inside_parameters = inside
            rows = sql(
                template.format(condition=inside_condition, order=order),
                [*inside_parameters, *scope, LIMIT],
            )
            ids = [int(str(row[0])) for row in rows]
            count = len(ids)
        groups.append((ids, count))

    newest = "r.created_at DESC, r.id DESC"
    if kind == "name":
        like = "%" + value.replace("%", r"\%").replace("_", r"\_") + "%"
        escape = " ESCAPE '\\'" if vendor == "sqlite" else ""
        condition, parameters = _name_range("r.applicant_name", value, vendor)
        inside = (f"r.applicant_name LIKE %s{escape}", [like])
        run(REQUESTS, condition, "r.applicant_name, r.id", parameters, both, inside)
        condition, parameters = _name_range("name", value, vendor)
        run(DISPUTES, condition, "", parameters, both, (f"name LIKE %s{escape}", [like]))
        head, head_parameters = _name_range("h.head_name", value, vendor)
        member, member_parameters = _name_range("name", value, vendor)
        run(
            HOUSEHOLDS,
            f"{head} OR h.id IN (SELECT household_id FROM assistance_member WHERE {member})",
            "h.head_name, h.id",
            head_parameters + member_parameters,
            units,
            (
                f"h.head_name LIKE %s{escape} OR h.id IN "
                f"(SELECT household_id FROM assistance_member WHERE name LIKE %s{escape})",
                [like, like],
            ),
        )
        condition, parameters = _name_range("m.name", value, vendor)
        run(MEMBERS, condition, "m.name, m.id", parameters, units, (f"m.name LIKE %s{escape}", [like]))
        condition, parameters = _name_range("c.counterparty", value, vendor)
        run(
            CONTRACTS,
            f"{condition} OR c.number = %s",
            "c.counterparty, c.id",
            [*parameters, value],
            units,
            (f"c.counterparty LIKE %s{escape}", [like]),
        )
        return groups
    column = {"phone": "applicant_phone", "id": "applicant_id_number"}[kind]
    run(REQUESTS, f"r.{column} = %s", newest, [value], both)
    run(DISPUTES, f"{'phone' if kind == 'phone' else 'id_number'} = %s", "", [value], both)
    if kind == "phone":
        run(HOUSEHOLDS, "h.phone = %s", "h.id DESC", [value], units)
    else:
        run(
            HOUSEHOLDS,
            "h.head_id_number = %s OR h.id IN (SELECT household_id FROM assistance_member WHERE id_number = %s)",
            "h.id DESC",
            [value, value],
            units,
        )
    run(MEMBERS, f"m.{'phone' if kind == 'phone' else 'id_number'} = %s", "m.id DESC", [value], units)
    groups.append(([], 0))  # a contract keeps no phone or 身份证号
    return groups


def run(county: County, *, repeat: int, households: int | None = None) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection

    from xiangzhen.org.models import Unit, subtree_upper_bound
    from xiangzhen.search.services import search_run

    made = generate_households(county, households if households is not None else 0)
    if made:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    leader = User.objects.get(pk=county.leader_id)
    town = Unit.objects.get(pk=county.town_ids[0])
    low, high = town.path, subtree_upper_bound(town.path)
    vendor = connection.vendor
    # A citizen of the leader's town: the newest request filed there.
    phone, id_number, name = sql(
        "SELECT applicant_phone, applicant_id_number, applicant_name FROM services_servicerequest "
        f"WHERE handling_unit_id IN ({UNITS}) ORDER BY id DESC LIMIT 1",
        [low, high],
    )[0]
    queries = {"phone": str(phone), "id": str(id_number), "name": str(name)}

    def ours(text: str) -> Any:
        def search() -> list[tuple[list[int], int]]:
            result = search_run(viewer=leader, text=text)
            return [
                ([int(re.findall(r"[0-9]+", hit.url)[-1]) for hit in group.hits], group.count)
                for group in result.groups
            ]

        return search

    def reference(kind: str, text: str) -> Any:
        return lambda: hand_search(kind, text, low, high, vendor)

    operations: dict[str, Any] = {}
    facts: dict[str, Any] = {"households": made}
    for kind, text in queries.items():
        app, hand = ours(text), reference(kind, text)
        found = app()
        # The party member's link is its branch: compare the groups the county has rows in.
        check(f"搜索({kind})", found[:3], hand()[:3])
        facts[f"search_{kind}_found"] = sum(count for _ids, count in found)
        operations[f"search_{kind}"] = {
            "app": timed(app, repeat * 4),
            "reference": timed(hand, repeat * 4),
            # The database's share: the app's own SELECTs replayed through a bare cursor.
            "app_sql": timed(replayed_reads(app), repeat * 4),
        }
    name_condition, name_parameters = _name_range("r.applicant_name", queries["name"], vendor)
    return {
        "operations": operations,
        "facts": facts,
        "plans": {
            "search_name": explain(
                REQUESTS.format(condition=name_condition, order="r.applicant_name, r.id"),
                [*name_parameters, low, high, low, high, LIMIT],
            ),
            "search_name_app": explain_heaviest(ours(queries["name"]), containing="services_servicerequest"),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    county, counts = generate.generate(arguments.requests)
    result = run(county, repeat=arguments.repeat, households=arguments.requests // 10)
    result["generate_seconds"] = time.perf_counter() - started
    result["counts"] = counts
    arguments.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    for key, samples in result["operations"].items():
        app = sorted(samples["app"])[len(samples["app"]) // 2] * 1e3
        hand = sorted(samples["reference"])[len(samples["reference"]) // 2] * 1e3
        own_sql = sorted(samples["app_sql"])[len(samples["app_sql"]) // 2] * 1e3
        print(
            f"{key}: {app:.2f} ms (its SQL {own_sql:.2f} ms) vs {hand:.2f} ms hand-written "
            f"({app / hand:.2f}×; SQL {own_sql / hand:.2f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
