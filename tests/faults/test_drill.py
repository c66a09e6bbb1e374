"""Fault drill: processes killed and database connections lost under load, and what survived.

Each test runs its own installation (a fresh SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL) in separate processes, so a kill is a real SIGKILL of a real server or worker:

* the app (gunicorn, 2 workers × 4 threads) killed with SIGKILL in the middle of intakes posted by 6
  clients: every intake a client saw answered 201 is stored with its audit row, and no request is stored
  without one (nothing half-written);
* PostgreSQL connections cut under the same load with `pg_terminate_backend` (a stand-in for a server
  restart: restarting the shared test server is not possible from a test): every answer is a 2xx or a
  clean 503 JSON error, never a 500, and nothing acknowledged is lost;
* the 跟踪督办 sweep and a score recomputation killed after their writes and before their commit (the
  worst moment), then run again: the second run does the work exactly once (no duplicate notices, one
  score per village), and a third run changes nothing.

Each test prints its counts (acknowledged, stored, lost). Sizes are small so CI stays within a few minutes;
FAULT_DRILL_SECONDS lengthens the load phase."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.services.factories import APPLICANT, REQUIRED

ROOT = Path(__file__).resolve().parents[2]
LOAD_SECONDS = float(os.environ.get("FAULT_DRILL_SECONDS", "4"))
CLIENTS = 6


def on_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> Iterator[dict[str, str]]:
    """The environment of a fresh installation, migrated and filled by `worker setup` (once: migrating
    takes most of a minute on this machine)."""
    tmp_path = tmp_path_factory.mktemp("drill")
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "HUEY_"))
    } | {
        "XIANGZHEN_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "xiangzhen.settings",
        "DEBUG": "0",
    }
    database = settings.DATABASES["default"]
    name = ""
    if on_postgres():
        import psycopg

        name = f"{database['NAME']}_faults"[:63]
        arguments = {
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **arguments) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        environment["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{name}"
        )
    else:
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'drill.sqlite3'}"
    environment |= {key: str(value) for key, value in worker(environment, "setup").items()}
    try:
        yield environment
    finally:
        if name:
            with psycopg.connect(dbname="postgres", autocommit=True, **arguments) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def worker(environment: dict[str, str], mode: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.worker", mode],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(environment: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "xiangzhen.wsgi",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=environment,
        cwd=ROOT,
        start_new_session=True,  # its own process group: SIGKILL reaches the master and every worker
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not come up")


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


class Load:
    """CLIENTS threads posting intakes until stopped; each remembers what it saw acknowledged."""

    def __init__(self, environment: dict[str, str], port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/api/v1/services/requests"
        self.environment = environment
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[str, str] = {}  # request id → applicant name
        self.statuses: dict[int, int] = {}
        self.refused_connections = 0
        self.threads = [threading.Thread(target=self.run, args=(number,)) for number in range(CLIENTS)]

    def post(self, name: str) -> tuple[int, dict[str, Any]]:
        body = {
            "item_code": self.environment["item_code"],
            "unit_id": int(self.environment["unit_id"]),
            "applicant_name": name,
            "applicant_phone": APPLICANT.phone,
            "applicant_id_number": APPLICANT.id_number,
            "materials_present": REQUIRED,
            "decision": "accept",
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.environment['token']}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload)
            except ValueError:
                return error.code, {"raw": payload[:200].decode(errors="replace")}

    def run(self, number: int) -> None:
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            name = f"演练{number}号{sequence}"
            try:
                status, body = self.post(name)
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                with self.lock:
                    self.refused_connections += 1  # the server was down: nothing acknowledged
                time.sleep(0.05)
                continue
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    self.acknowledged[str(body["id"])] = name

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def verify_acknowledged(load: Load, environment: dict[str, str], fault: str) -> dict[str, Any]:
    found = worker(environment, "inspect")
    stored = found["requests"]
    audited = set(found["audited_requests"])
    lost = [pk for pk, name in load.acknowledged.items() if stored.get(pk) != name]
    unaudited = [pk for pk in stored if pk not in audited]
    print(
        f"\n{fault}: acknowledged {len(load.acknowledged)}, stored {len(stored)} "
        f"(of which {len(stored) - 40} by the load), lost {len(lost)}, without audit row {len(unaudited)}, "
        f"answers {dict(sorted(load.statuses.items()))}, refused connections {load.refused_connections}"
    )
    assert load.acknowledged, "the load never got an answer"
    assert lost == [], f"acknowledged but not stored: {lost[:10]}"
    assert unaudited == [], f"stored without its audit row (half-written): {unaudited[:10]}"
    return found


def test_killing_the_app_mid_intake_loses_no_acknowledged_write(installation):
    port = free_port()
    server = start_server(installation, port)
    with Load(installation, port) as load:
        time.sleep(LOAD_SECONDS / 2)
        kill(server)  # SIGKILL of master and workers, requests in flight
        killed_at = len(load.acknowledged)
        server = start_server(installation, port)
        time.sleep(LOAD_SECONDS / 2)
    kill(server)
    assert killed_at > 0 and len(load.acknowledged) > killed_at, (
        "the load did not run on both sides of the kill"
    )
    assert 500 not in load.statuses
    verify_acknowledged(load, installation, "app killed (SIGKILL) mid-intake")


def test_cut_postgres_connections_answer_a_clean_503_and_lose_nothing(installation):
    if not on_postgres():
        pytest.skip("connection loss is drilled on PostgreSQL (SQLite has no server connection to lose)")
    import psycopg

    database = settings.DATABASES["default"]
    name = installation["DATABASE_URL"].rsplit("/", 1)[1]
    port = free_port()
    server = start_server(installation, port)
    cuts = 0
    with (
        psycopg.connect(
            dbname="postgres",
            autocommit=True,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
        ) as admin,
        Load(installation, port) as load,
    ):
        deadline = time.monotonic() + LOAD_SECONDS * 1.5
        while time.monotonic() < deadline:
            # Room between cuts for the workers to reconnect and acknowledge writes.
            time.sleep(1.5)
            # Every server connection of the drill's database dies, as in a PostgreSQL restart.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cuts += 1
    kill(server)
    print(f"\nconnections cut {cuts} times")
    assert set(load.statuses) <= {201, 503}, f"answers other than 201 and a clean 503: {load.statuses}"
    assert load.statuses.get(503), "no request met a cut connection: the drill drilled nothing"
    verify_acknowledged(load, installation, "PostgreSQL connections terminated under load")


def paused_then_killed(environment: dict[str, str], mode: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.worker", mode, "--pause"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until the work is written, not yet committed
    assert line.strip() == "PAUSED", (line, process.stderr.read() if process.stderr else "")
    kill(process)


def test_killing_the_sweep_and_the_score_computation_before_commit_then_running_again(installation):
    before = worker(installation, "inspect")
    assert before["red"] == 0 and before["scores"] == 0

    paused_then_killed(installation, "sweep")
    paused_then_killed(installation, "scores")
    after_kill = worker(installation, "inspect")
    assert (after_kill["red"], after_kill["notifications"], after_kill["scores"]) == (
        0,
        before["notifications"],
        0,
    )

    worker(installation, "sweep")
    worker(installation, "scores")
    done = worker(installation, "inspect")
    worker(installation, "sweep")
    worker(installation, "scores")
    again = worker(installation, "inspect")
    print(
        f"\nsweep killed before commit, then run twice: red {done['red']} of 40 overdue, notices "
        f"{done['notifications']} → {again['notifications']}, duplicates {again['duplicate_notifications']}; "
        f"scores {done['scores']} for {done['villages']} villages → {again['scores']}"
    )
    assert done["red"] == 40 and done["notifications"] > before["notifications"]
    assert done["duplicate_notifications"] == 0
    assert again["notifications"] == done["notifications"] and again["duplicate_notifications"] == 0
    assert done["scores"] == done["villages"] == again["scores"]
