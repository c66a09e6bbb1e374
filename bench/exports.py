"""Streamed exports at 10,000 and 100,000 rows: the queue export (county supervisor, every request of the
county, no cap) and one return (the 三会一课 ledger of a town for a month), each written by the app's own
code path into an .xlsx and counted back. Each export runs in its own child process so that its peak
resident memory is its own; flat memory means the peak at 100k is within 1.2× of the peak at 10k.

    python -m bench.exports --rows 100000 --out result.json     # DATABASE_URL: an empty database
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from bench.importing import _peak_mb

RETURN_CODE = "SHYK-01"
RETURN_PERIOD = "2026-03"


def _drain(response: object, path: Path) -> int:
    """Write a streamed response to `path` chunk by chunk (as a WSGI server would send it)."""
    written = 0
    chunks: Iterable[bytes] = response.streaming_content  # type: ignore[attr-defined]
    with path.open("wb") as target:
        for chunk in chunks:
            written += target.write(chunk)
    response.close()  # type: ignore[attr-defined]
    return written


def _child_queue(user_id: int, path: Path) -> dict[str, float]:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    from xiangzhen.services.views import queue_export

    request = RequestFactory().get("/services/requests.xlsx")
    request.user = User.objects.get(pk=user_id)
    started = time.perf_counter()
    size = _drain(queue_export(request), path)
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "bytes": size}


def _child_return(user_id: int, town_id: int, path: Path) -> dict[str, float]:
    import django

    django.setup()
    from django.contrib.auth.models import User

    from xiangzhen.org.models import Unit
    from xiangzhen.returns.models import ReturnTemplate
    from xiangzhen.returns.periods import parse_period
    from xiangzhen.returns.services import return_generate
    from xiangzhen.spreadsheets import stream_workbook

    template = ReturnTemplate.objects.get(code=RETURN_CODE, county__isnull=True)
    started = time.perf_counter()
    headers, rows = return_generate(
        actor=User.objects.get(pk=user_id),
        template=template,
        town=Unit.objects.get(pk=town_id),
        period=parse_period(RETURN_PERIOD, template.period),
    )
    size = _drain(stream_workbook({template.name: (headers, rows)}, template.name), path)
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "bytes": size}


def _child(arguments: list[str]) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--child", *arguments],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def _activities(town_id: int, village_id: int, user_id: int, rows: int) -> None:
    """`rows` branch activities of one village branch in March 2026, inserted in bulk."""
    from django.utils import timezone

    from xiangzhen.party.models import ActivityKind, Branch, BranchActivity

    branch = Branch.objects.create(
        unit_id=village_id,
        name="基准村党支部",
        kind="village",
        term_started_on=date(2021, 4, 1),
        term_years=5,
        created_by_id=user_id,
    )
    kinds = ActivityKind.values
    now = timezone.now()
    batch: list[BranchActivity] = []
    for number in range(rows):
        batch.append(
            BranchActivity(
                branch=branch,
                kind=kinds[number % len(kinds)],
                held_on=date(2026, 3, 1) + timedelta(days=number % 31),
                topic=f"第{number}次学习",
                minutes="传达学习上级精神,研究本月工作。",
                expected_count=9,
                voting_expected=8,
                voting_present=7,
                present_count=8,
                absence_note="",
                recorded_by_id=user_id,
                recorded_at=now,
            )
        )
        if len(batch) == 5000:
            BranchActivity.objects.bulk_create(batch)
            batch = []
    BranchActivity.objects.bulk_create(batch)


def _requests(village_ids: list[int], user_id: int, rows: int) -> int:
    """`rows` completed requests spread over the county's villages, inserted in bulk (the export reads them
    whatever their history; bench.generate builds the full history for the timed operations)."""
    from datetime import UTC, datetime

    from xiangzhen.services.models import RequestStatus, ServiceItem, ServiceLevel, ServiceRequest

    item = ServiceItem.objects.create(
        code="BENCH-EXPORT",
        name="基准事项",
        level=ServiceLevel.VILLAGE,
        department="民政",
        promised_days=5,
        legal_days=20,
    )
    created = datetime(2026, 3, 2, 2, tzinfo=UTC)
    batch: list[ServiceRequest] = []
    for number in range(rows):
        unit = village_ids[number % len(village_ids)]
        batch.append(
            ServiceRequest(
                tracking_code=f"E{number:011d}",
                item=item,
                filed_at_unit_id=unit,
                handling_unit_id=unit,
                applicant_name="李春兰",
                applicant_phone="13985012345",
                applicant_id_number="52250119800101123X",
                status=RequestStatus.COMPLETED,
                first_officer_id=user_id,
                created_at=created + timedelta(seconds=number),
                accepted_at=created,
                accepted_on=created.date(),
                completed_on=created.date(),
                due_date=date(2026, 3, 9),
            )
        )
        if len(batch) == 5000:
            ServiceRequest.objects.bulk_create(batch)
            batch = []
    ServiceRequest.objects.bulk_create(batch)
    return rows


def _rows_in(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    workbook.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exports", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", nargs="+")
    arguments = parser.parse_args(argv)
    if arguments.child:
        kind, *rest = arguments.child
        if kind == "queue":
            measured = _child_queue(int(rest[0]), Path(rest[1]))
        else:
            measured = _child_return(int(rest[0]), int(rest[1]), Path(rest[2]))
        print(json.dumps(measured))
        return 0
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import build_county
    from xiangzhen.org.models import Cadre

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    county = build_county()
    supervisor = Cadre.objects.get(pk=county.supervisor_id).user_id
    counts = {"requests": _requests(county.village_ids, supervisor, arguments.rows)}
    village = county.village_ids[0]
    town = county.town_of[village]
    _activities(town, village, supervisor, arguments.rows)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        queue_file, return_file = Path(directory) / "queue.xlsx", Path(directory) / "return.xlsx"
        queue = _child(["queue", str(supervisor), str(queue_file)])
        returned = _child(["return", str(supervisor), str(town), str(return_file)])
        queue_rows, return_rows = _rows_in(queue_file), _rows_in(return_file)
    if queue_rows != counts["requests"] or return_rows != arguments.rows:
        raise AssertionError(
            f"rows expected {counts['requests']} and {arguments.rows}, exported {queue_rows} and {return_rows}"
        )
    arguments.out.write_text(
        json.dumps(
            {
                "rows": arguments.rows,
                "generate_seconds": generated,
                "queue_rows": queue_rows,
                "queue_seconds": queue["seconds"],
                "queue_peak_mb": queue["peak_mb"],
                "queue_mb": queue["bytes"] / 1024 / 1024,
                "return_rows": return_rows,
                "return_seconds": returned["seconds"],
                "return_peak_mb": returned["peak_mb"],
                "return_mb": returned["bytes"] / 1024 / 1024,
            }
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
