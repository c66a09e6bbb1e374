"""One size of the benchmark in a fresh database: generate the county, time every operation, write JSON.

    python -m bench.size --requests 10000 --out result.json     # DATABASE_URL: an empty database

Run by `python -m bench` once per size, each in its own process (so one size's caches and memory do not
flatter the next) and its own database.
"""

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.size", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per operation (the queue: 4x)")
    parser.add_argument("--intake", type=int, default=200, help="API calls for the intake throughput")
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import generate, intake, ranking, service_requests, todo
    from bench import search as search_bench
    from xiangzhen.org.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        print("bench: the database already holds units; point DATABASE_URL at an empty one", file=sys.stderr)
        return 2
    started = time.perf_counter()
    county, counts = generate.generate(arguments.requests)
    result: dict[str, Any] = {
        "requests": arguments.requests,
        "vendor": connection.vendor,
        "generate_seconds": time.perf_counter() - started,
        "counts": counts,
        "operations": {},
        "facts": {},
        "plans": {},
    }
    for part in (
        service_requests.run(county, repeat=arguments.repeat),
        todo.run(county, repeat=arguments.repeat),
        ranking.run(county, repeat=arguments.repeat),
        intake.run(county, requests=arguments.intake),
        # Last: it adds N/10 households, which the other operations do not read.
        search_bench.run(county, repeat=arguments.repeat, households=arguments.requests // 10),
    ):
        result["operations"].update(part.get("operations", {}))
        result["facts"].update(part.get("facts", {}))
        result["plans"].update(part.get("plans", {}))
    arguments.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
