"""Run inside var/helpdesk-venv (Django and django-helpdesk only; never imports xiangzhen): N tickets in 20
queues, the same share open as the county's requests, created over the same year; then its ticket list for
one queue (the JSON its list page loads: open tickets, newest first, 50 rows) and `escalate_tickets`.

    HELPDESK_DB=/tmp/h.sqlite3 var/helpdesk-venv/bin/python -m bench.helpdesk_run --tickets 10000 --out h.json
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

QUEUES = 20
OPEN_SHARE = 40  # one ticket in 40 open, as in the generated county (about 2.6% of requests are open)
FIRST = datetime(2025, 11, 24, 1, tzinfo=UTC)


def generate(tickets: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from helpdesk.models import Queue, Ticket

    User.objects.create_superuser("admin", "admin@example.com", "bench-only")
    queues = Queue.objects.bulk_create(
        Queue(title=f"镇{number}", slug=f"town{number}", escalate_days=3) for number in range(QUEUES)
    )
    # Open tickets are spread over the 20 queues as the county's open requests are over its towns: ticket n
    # is in queue n mod 20 and open when its run of 20 (n div 20) is one in 40, so every queue holds 1/20
    # of the open tickets (a queue holding them all would make its list slower than the fair comparison).
    # One INSERT … SELECT over a counter, in SQLite itself: a million tickets in seconds, where building
    # a million model instances for bulk_create would take longer than the benchmark.
    year = int(timedelta(days=365).total_seconds())
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE counter(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM counter WHERE n + 1 < %s) "
            "INSERT INTO helpdesk_ticket (title, created, modified, submitter_email, status, on_hold, "
            "description, resolution, priority, queue_id, secret_key) "
            "SELECT '办件 ' || n, datetime(%s, '+' || (n * %s / %s) || ' seconds'), "
            "datetime(%s, '+' || (n * %s / %s) || ' seconds'), 'citizen@example.com', "
            "CASE WHEN (n / %s) %% %s = 0 THEN %s ELSE %s END, 0, '群众来办事', '', 3, %s + n %% %s, "
            "lower(hex(randomblob(16))) FROM counter",
            [
                tickets,
                f"{FIRST:%Y-%m-%d %H:%M:%S}",
                year,
                tickets,
                f"{FIRST:%Y-%m-%d %H:%M:%S}",
                year,
                tickets,
                QUEUES,
                OPEN_SHARE,
                Ticket.OPEN_STATUS,
                Ticket.CLOSED_STATUS,
                queues[0].pk,
                QUEUES,
            ],
        )


def ticket_list_seconds(repeat: int) -> list[float]:
    from django.contrib.auth.models import User
    from django.test import Client
    from helpdesk.models import Queue, Ticket
    from helpdesk.query import query_to_base64

    client = Client()
    client.force_login(User.objects.get(username="admin"))
    queue = Queue.objects.get(slug="town0")
    query = query_to_base64(
        {
            "filtering": {"queue__id__in": [queue.pk], "status__in": list(Ticket.OPEN_STATUSES)},
            "sorting": "created",
            "sortreverse": True,
            "search_string": "",
        }
    )
    url = f"/helpdesk/datatables_ticket_list/{query}"
    parameters = {"draw": 1, "start": 0, "length": 50}
    answer = client.get(url, parameters)
    if answer.status_code != 200 or not answer.json().get("data"):
        raise AssertionError(f"helpdesk ticket list answered {answer.status_code}: {answer.content[:200]!r}")
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, parameters)
        samples.append(time.perf_counter() - started)
    return samples


def escalate_seconds(repeat: int, timeout: float) -> dict[str, object]:
    """`manage.py escalate_tickets` in a child process, stopped after `timeout` seconds."""
    from helpdesk.models import FollowUp, Ticket

    samples = []
    for _ in range(repeat):
        Ticket.objects.update(priority=3, last_escalation=None)
        FollowUp.objects.all().delete()
        started = time.perf_counter()
        try:
            subprocess.run(
                [sys.executable, "-m", "django", "escalate_tickets"],
                check=True,
                timeout=timeout,
                env=os.environ,
                capture_output=True,
            )
        except subprocess.TimeoutExpired:
            return {"timeout": timeout, "samples": samples}
        samples.append(time.perf_counter() - started)
    escalated = Ticket.objects.exclude(priority=3).count()
    return {"samples": samples, "escalated": escalated}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.helpdesk_run")
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.helpdesk_site.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(arguments.tickets)
    generated = time.perf_counter() - started
    result = {
        "tickets": arguments.tickets,
        "generate_seconds": generated,
        "queue_http": {"samples": ticket_list_seconds(arguments.repeat * 2)},
        # One escalation run above 10,000 tickets: each takes minutes, and is stopped at the timeout.
        "sweep_command": escalate_seconds(1 if arguments.tickets > 10_000 else 2, arguments.timeout),
    }
    arguments.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
