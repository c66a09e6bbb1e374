"""`make bench`: benchmarks, reported as ratios against a hand-written reference measured in the same run.

    python -m bench                  # the full sizes (10k and 100k rows); writes bench/RESULTS.md
    python -m bench --sizes 500      # any other sizes (also BENCH_SIZES=500): prints only, writes nothing

Every benchmark first checks that the application and the hand-written SQL give the same answer, so a
reference that rots (a new column, a changed rule) stops the run instead of timing something else. CI runs
the bench at 500 rows for exactly that reason.
"""

import argparse
import os
import platform
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_SIZES = (10_000, 100_000)
RESULTS_PATH = Path(__file__).with_name("RESULTS.md")


class Report:
    """Prints each line as it is measured and keeps it for bench/RESULTS.md."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, path: Path, *, sizes: Sequence[int], database: str, seconds: float) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        header = [
            "# 基准结果 · Benchmark results",
            "",
            "Written by `python -m bench` (`make bench`) at the full sizes; smaller runs print only.",
            "",
            f"- run: {stamp}, {seconds:.0f} s in all",
            f"- sizes: {', '.join(f'{size:,}' for size in sizes)}",
            f"- database: {database}; Python {platform.python_version()}; {os.cpu_count()} CPU cores "
            "(shared with other work: read ratios, not absolute times)",
            "",
            "```",
        ]
        path.write_text("\n".join([*header, *self.lines, "```", ""]), encoding="utf-8")


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes must be whole numbers separated by commas, not {text!r}"
        ) from None
    if not sizes or any(size < 100 for size in sizes) or list(sizes) != sorted(set(sizes)):
        raise argparse.ArgumentTypeError(
            "sizes must be increasing, each at least 100 (e.g. 500 or 10000,100000)"
        )
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(os.environ.get("BENCH_SIZES") or ",".join(map(str, DEFAULT_SIZES))),
        help="comma-separated row counts (service requests, and units for the jurisdiction bench); "
        "default BENCH_SIZES or 10000,100000",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="write the results as Markdown here (default: bench/RESULTS.md for the full sizes, else nowhere)",
    )
    arguments = parser.parse_args(argv)
    sizes: tuple[int, ...] = arguments.sizes
    results_path: Path | None = arguments.results or (RESULTS_PATH if sizes == DEFAULT_SIZES else None)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiangzhen.settings")
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as directory:
        if "DATABASE_URL" not in os.environ:
            os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from xiangzhen.org.models import Unit

        call_command("migrate", verbosity=0)
        if Unit.objects.exists():
            # The bench fills the database with a synthetic county; never mix it into real or demo data.
            print(
                "bench: the database already holds units; point DATABASE_URL at an empty database",
                file=sys.stderr,
            )
            return 2
        from bench import jurisdiction, service_requests

        report = Report()
        report.line(f"数据库 {connection.vendor};规模 {', '.join(f'{size:,}' for size in sizes)}")
        report.line("\n== 便民服务 ==")
        service_requests.run(sizes=sizes, report=report.line)
        report.line("\n== 辖区子树查询 ==")
        jurisdiction.run(sizes=sizes, report=report.line)
        seconds = (datetime.now(UTC) - started).total_seconds()
        if results_path is not None:
            report.write(results_path, sizes=sizes, database=connection.vendor, seconds=seconds)
            print(f"\nbench: results written to {results_path}")
        print(f"bench: {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
