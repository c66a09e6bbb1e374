"""`python -m bench` with a single size and `--results`: the results file is written after every step, the
first ones (an import) before any size has finished."""

import os
import subprocess
import sys
from pathlib import Path

from bench.__main__ import render

ROOT = Path(__file__).resolve().parents[2]


def test_results_render_before_any_size_has_finished():
    text = render(
        {},
        [{"rows": 100, "app_seconds": 1.0, "app_peak_mb": 50.0, "read_seconds": 0.5, "read_peak_mb": 40.0}],
        [],
        vendor="sqlite",
        seconds=1.0,
        argv=[],
    )
    assert "Spreadsheet import" in text
    assert "查询计划" not in text


def test_a_single_tiny_size_writes_its_results(tmp_path):
    results = tmp_path / "RESULTS.md"
    # SQLite in a temporary folder whatever the developer's DATABASE_URL (the bench drops its database).
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "100",
            "--no-helpdesk",
            # Two import sizes: the first is written before the only size runs (what crashed `_plans`).
            "--import-rows",
            "100,120",
            "--results",
            str(results),
        ],
        check=True,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=600,
    )
    text = results.read_text(encoding="utf-8")
    assert "## 100 件办件" in text
    assert "查询计划 · Query plans at 100" in text


def test_load_summary_counts_percentiles_and_errors():
    from bench.load import render as render_load
    from bench.load import summarize

    kinds = summarize({"home": [0.1, 0.2, 0.3, 0.4], "intake": [1.0]}, {"intake": 1}, seconds=2.0)
    assert kinds["all"]["count"] == 5
    assert kinds["all"]["per_second"] == 2.5
    assert kinds["home"]["p50_ms"] == 250
    assert kinds["all"]["errors"] == 1
    text = render_load(
        {
            "users": 2,
            "seconds": 2.0,
            "requests": 500,
            "vendor": "sqlite",
            "workers": 2,
            "threads": 2,
            "database_mb": 1.0,
            "kinds": kinds,
        }
    )
    assert "| intake | 1 |" in text
