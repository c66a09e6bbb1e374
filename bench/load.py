"""Load test: N signed-in users against gunicorn on a generated county, a mix of what a hall does all day.

    python -m bench.load --requests 100000 --users 24 --seconds 60          # SQLite in a temporary folder
    DATABASE_URL=postgres://…/xz_bench python -m bench.load --requests 100000 # PostgreSQL (name must say bench)
    python -m bench.load --requests 500 --users 4 --seconds 5                # a tiny run, as a smoke check

The county is generated as `bench.generate` does for `make bench`; gunicorn serves the product's own WSGI
application (`--workers`, default 2 × the machine's cores, each with `--threads`). Each user is a real cadre
(the town leader, the county supervisor, the towns' clerks, in turn) with their own session; each runs one
request after another, picking from the mix: the home page (我的待办), the queue page, the queue's JSON
(`GET /api/v1/services/requests?status=open`) and, for the clerks, an intake through the API. The report
gives requests per second, p50/p95/p99 per kind and overall, and every answer that was not the expected
status. Not part of `make bench` (it holds the machine for its whole duration); the client threads share
the machine with the server, as a hall's browsers do not: read the figures as a lower bound.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# What each kind weighs in the mix, and what it must answer.
MIX = {"home": 3, "queue_page": 2, "queue_api": 4, "intake": 1}
EXPECTED = {"home": 200, "queue_page": 200, "queue_api": 200, "intake": 201}


@dataclass
class Prepared:
    """What the clients need: a session cookie per user, and an API token and body for the clerks."""

    sessions: list[str]
    tokens: dict[int, str] = field(default_factory=dict)
    bodies: dict[int, dict[str, object]] = field(default_factory=dict)


def prepare(requests: int, users: int) -> Prepared:
    """Generate the county in the (empty) database and sign the users in."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from bench import generate
    from bench.intake import _check_character
    from xiangzhen.api.services import api_token_issue
    from xiangzhen.services.models import ServiceItem
    from xiangzhen.services.services import IntakeDecision

    call_command("migrate", verbosity=0)
    county, _counts = generate.generate(requests)
    settings.ALLOWED_HOSTS = ["*"]
    clerks = list(county.clerk_of_town.items())
    people = [county.leader_id, county.supervisor_id, *[clerk for _town, clerk in clerks]]
    item = ServiceItem.objects.filter(owner_unit__isnull=True).order_by("code").first()
    assert item is not None
    required = list(item.materials.filter(may_follow_later=False).values_list("name", flat=True))
    id_number = "52240119800101001" + _check_character("52240119800101001")
    town_of_clerk = {clerk: town for town, clerk in clerks}
    prepared = Prepared(sessions=[])
    for number in range(users):
        user = User.objects.get(pk=people[number % len(people)])
        client = Client()
        client.force_login(user)
        prepared.sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        if user.pk in town_of_clerk and number not in prepared.tokens:
            prepared.tokens[number] = api_token_issue(actor=None, user=user, name=f"压测{number}")
            prepared.bodies[number] = {
                "item_code": item.code,
                "unit_id": town_of_clerk[user.pk],
                "applicant_name": "张秀英",
                "applicant_phone": "13985012345",
                "applicant_id_number": id_number,
                "materials_present": required,
                "decision": IntakeDecision.ACCEPT,
            }
    return prepared


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench.load: gunicorn did not start")


def _user_loop(
    number: int,
    port: int,
    prepared: Prepared,
    stop_at: float,
    samples: dict[str, list[float]],
    errors: dict[str, int],
    lock: threading.Lock,
) -> None:
    chooser = random.Random(number)
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    if number not in prepared.tokens:
        kinds = [kind for kind in kinds if kind != "intake"]
    cookie = f"sessionid={prepared.sessions[number]}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop_at:
        kind = chooser.choice(kinds)
        headers = {"Cookie": cookie}
        body = None
        method, path = (
            "GET",
            {
                "home": "/",
                "queue_page": "/services/",
                "queue_api": "/api/v1/services/requests?status=open&limit=50",
                "intake": "/api/v1/services/requests",
            }[kind],
        )
        if kind == "intake":
            method = "POST"
            body = json.dumps(prepared.bodies[number])
            headers = {
                "Authorization": f"Bearer {prepared.tokens[number]}",
                "Content-Type": "application/json",
            }
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        elapsed = time.perf_counter() - started
        with lock:
            samples.setdefault(kind, []).append(elapsed)
            if status != EXPECTED[kind]:
                errors[kind] = errors.get(kind, 0) + 1
    connection.close()


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarize(samples: dict[str, list[float]], errors: dict[str, int], seconds: float) -> dict[str, Any]:
    every = [value for values in samples.values() for value in values]
    kinds: dict[str, Any] = {}
    for kind, values in [*samples.items(), ("all", every)]:
        if not values:
            continue
        kinds[kind] = {
            "count": len(values),
            "per_second": len(values) / seconds,
            "p50_ms": statistics.median(values) * 1e3,
            "p95_ms": _percentile(values, 0.95) * 1e3,
            "p99_ms": _percentile(values, 0.99) * 1e3,
            "errors": sum(errors.values()) if kind == "all" else errors.get(kind, 0),
        }
    return kinds


def render(result: dict[str, Any]) -> str:
    lines = [
        f"Load: {result['users']} users, {result['seconds']:.0f} s, {result['requests']:,} requests in the "
        f"county ({result['database_mb']:,.0f} MB on disk), {result['vendor']}, gunicorn {result['workers']} "
        f"workers × {result['threads']} threads",
        "",
        "| 请求 | 次数 | 每秒 | p50 | p95 | p99 | 错误 |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, row in result["kinds"].items():
        lines.append(
            f"| {kind} | {row['count']:,} | {row['per_second']:,.1f} | {row['p50_ms']:,.0f} ms | "
            f"{row['p95_ms']:,.0f} ms | {row['p99_ms']:,.0f} ms | {row['errors']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="requests in the generated county")
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None, help="also write the result as JSON")
    arguments = parser.parse_args(argv)
    from bench.__main__ import Database, _python_path

    with tempfile.TemporaryDirectory() as directory:
        database = Database(directory)
        url = database.fresh("load")
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "PYTHONPATH": _python_path(),
            "DJANGO_SETTINGS_MODULE": "xiangzhen.settings",
            "XIANGZHEN_DATA_DIR": directory,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        os.environ.update(environment)
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
        print(f"bench.load: generating {arguments.requests:,} requests ({database.vendor})", flush=True)
        prepared = prepare(arguments.requests, arguments.users)
        from django.db import connection, connections

        # What the county takes on disk: the basis of README's province extrapolation.
        size_sql = (
            "SELECT pg_database_size(current_database())"
            if connection.vendor == "postgresql"
            else "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        )
        with connection.cursor() as cursor:
            cursor.execute(size_sql)
            database_bytes = int(cursor.fetchone()[0])

        connections.close_all()
        # The pages' static files from the manifest, as a deployment serves them.
        subprocess.run(
            [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
            check=True,
            env=environment,
        )
        port = _free_port()
        server = subprocess.Popen(
            [
                shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn",
                "xiangzhen.wsgi",
                "--workers",
                str(arguments.workers),
                "--threads",
                str(arguments.threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=environment,
            start_new_session=True,
        )
        try:
            _wait_for(port)
            samples: dict[str, list[float]] = {}
            errors: dict[str, int] = {}
            lock = threading.Lock()
            # Warm each worker (imports, first queries) before the timed run.
            warm_until = time.monotonic() + min(5.0, arguments.seconds / 4)
            warmers = [
                threading.Thread(target=_user_loop, args=(n, port, prepared, warm_until, {}, {}, lock))
                for n in range(arguments.users)
            ]
            for thread in warmers:
                thread.start()
            for thread in warmers:
                thread.join()
            started = time.monotonic()
            stop_at = started + arguments.seconds
            threads = [
                threading.Thread(target=_user_loop, args=(n, port, prepared, stop_at, samples, errors, lock))
                for n in range(arguments.users)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    result = {
        "users": arguments.users,
        "seconds": elapsed,
        "requests": arguments.requests,
        "vendor": database.vendor,
        "workers": arguments.workers,
        "threads": arguments.threads,
        "database_mb": database_bytes / 2**20,
        "kinds": summarize(samples, errors, elapsed),
    }
    print(render(result))
    if arguments.out:
        arguments.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
