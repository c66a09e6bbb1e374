"""django-helpdesk at the same sizes, installed by the bench from PyPI into its own virtual environment
(var/helpdesk-venv, pinned version, with the teams extra its migrations need) with its own settings and
SQLite file."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

VERSION = "2.6.1"
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "var" / "helpdesk-venv"
# One operation taking longer than this is reported as "> TIMEOUT s" instead of waited for.
TIMEOUT = 300.0


def python() -> Path:
    interpreter = VENV / "bin" / "python"
    stamp = VENV / f".installed-{VERSION}"
    if not stamp.exists():
        print(f"bench: installing django-helpdesk {VERSION} into {VENV}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(interpreter), "-m", "pip", "install", "--quiet", f"django-helpdesk[teams]=={VERSION}"],
            check=True,
        )
        stamp.touch()
    return interpreter


def run(tickets: int, *, directory: Path, repeat: int) -> dict[str, Any]:
    interpreter = python()
    out = directory / f"helpdesk-{tickets}.json"
    database = directory / f"helpdesk-{tickets}.sqlite3"
    print(f"bench: django-helpdesk, {tickets:,} tickets", flush=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment.update(HELPDESK_DB=str(database), PYTHONPATH=str(ROOT))
    subprocess.run(
        [
            str(interpreter),
            "-m",
            "bench.helpdesk_run",
            "--tickets",
            str(tickets),
            "--repeat",
            str(repeat),
            "--timeout",
            str(TIMEOUT),
            "--out",
            str(out),
        ],
        check=True,
        env=environment,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    database.unlink(missing_ok=True)
    return result
