"""`make bench`: every wait a user has, timed beside a hand-written reference measured in the same run.

    python -m bench                          # 10k, 100k and 1M requests; writes bench/RESULTS.md
    python -m bench --sizes 500              # any other sizes (also BENCH_SIZES=500): prints only
    python -m bench --helpdesk               # also django-helpdesk at the same sizes (on by default at
                                             # the full sizes; never at sizes under 10,000)
    DATABASE_URL=postgres://…/xz_bench python -m bench    # PostgreSQL: the database is dropped and
                                             # created anew per size, so its name must contain "bench"

Each size runs in its own process and its own fresh database (`bench.size`): the county is generated
(`bench.generate`), then each operation is checked to give the same answer as its reference and timed.
The spreadsheet import runs once per row count, the jurisdiction lookups once per unit-tree size.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
HELPDESK_MINIMUM = 10_000
RESULTS_PATH = Path(__file__).with_name("RESULTS.md")
OPERATIONS = {
    "queue": ("办件队列首页:镇领导看本镇在办件,最新在前", "ms", "手写 SQL(scope 索引读 50 行)"),
    "queue_http": ("办件队列首页,经 HTTP:API 的 JSON(会话、权限、序列化)", "ms", "手写 SQL"),
    "queue_floor": (
        "办件队列 API(GET /api/v1/services/requests),对照最低开销视图",
        "ms",
        "裸 Django 视图(同样的中间件与 JSON,最优 SQL,无 ORM)",
    ),
    "sweep": ("红黄牌扫描:全部在办件", "ms", "手写 UPDATE(同样写通知、记录、审计)"),
    "sweep_command": ("扫描命令 sweep_alerts(独立进程,全部期限事项)", "ms", "手写 UPDATE(仅办件)"),
    "statistics": (
        "统计页分组:县督查看全县一年",
        "ms",
        "手写 SQL(同一月度汇总表,不足整月的天数从原始行扣回)",
    ),
    "statistics_raw": ("统计页分组,对照原始行", "ms", "手写 GROUP BY(一年的办件与评价原始行)"),
    "ranking": ("月度排名计算:全县 300 个村、10 项内置指标", "ms", "手写 GROUP BY(同样的数据)"),
    "board": ("排名榜单页读取(已存的分数)", "ms", "手写 SELECT"),
    "intake": ("API 受理(期限、审计、时间线)", "件/秒", "裸视图插入一行"),
    "todo": ("我的待办:镇领导的待办列表与计数", "ms", "手写 SQL(三个索引各读 100 行再合并)"),
    "home_http": ("首页(我的待办),经 HTTP", "ms", "手写 SQL"),
    "todo_http": ("GET /api/v1/todo,经 HTTP", "ms", "手写 SQL"),
    "clock_sweep": ("期限扫描:全部事项同步、标色、通知", "ms", "手写 SQL(同步、标色、通知、审计)"),
    "search_phone": ("统一搜索:镇领导按手机号查五类记录", "ms", "手写 SQL(同样的列、索引、辖区、顺序)"),
    "search_name": ("统一搜索:镇领导按姓名查五类记录", "ms", "手写 SQL(同样的列、索引、辖区、顺序)"),
    "search_id": (
        "统一搜索:镇领导按身份证号查五类记录(含审计)",
        "ms",
        "手写 SQL(同样的列、索引、辖区、顺序)",
    ),
}


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


def _median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def _spread(samples: Sequence[float], scale: float) -> str:
    return f"{min(samples) * scale:,.2f}–{max(samples) * scale:,.2f}"


class Database:
    """A fresh database per size: a SQLite file in a temporary folder, or a PostgreSQL database (whose name
    must say "bench") dropped and created again."""

    def __init__(self, directory: str) -> None:
        self.base = os.environ.get("DATABASE_URL", "")
        self.directory = directory

    @property
    def vendor(self) -> str:
        return "postgresql" if self.base.startswith("postgres") else "sqlite"

    def fresh(self, name: str) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.directory}/{name}.sqlite3"
        parts = urlsplit(self.base)
        database = parts.path.lstrip("/")
        if "bench" not in database:
            raise SystemExit(f"bench: refusing to drop {database!r}; name a database with 'bench' in it")
        import psycopg

        maintenance = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database}"')
        return self.base


def _python_path() -> str:
    root = Path(__file__).resolve().parent.parent
    return os.pathsep.join(filter(None, [str(root / "src"), str(root), os.environ.get("PYTHONPATH", "")]))


def _run(module: str, arguments: list[str], database_url: str) -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": _python_path(),
        "DJANGO_SETTINGS_MODULE": "xiangzhen.settings",
    }
    subprocess.run([sys.executable, "-m", module, *arguments], check=True, env=environment)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(os.environ.get("BENCH_SIZES") or ",".join(map(str, DEFAULT_SIZES))),
        help="comma-separated request counts; default BENCH_SIZES or 10000,100000,1000000",
    )
    parser.add_argument("--helpdesk", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--import-rows", type=str, default=None, help="e.g. 10000,100000")
    parser.add_argument("--export-rows", type=str, default=None, help="e.g. 10000,100000")
    parser.add_argument("--results", type=Path, default=None)
    arguments = parser.parse_args(argv)
    sizes: tuple[int, ...] = arguments.sizes
    full = sizes == DEFAULT_SIZES
    results_path: Path | None = arguments.results or (RESULTS_PATH if full else None)
    helpdesk = arguments.helpdesk if arguments.helpdesk is not None else full
    import_rows = (
        parse_sizes(arguments.import_rows)
        if arguments.import_rows
        else ((10_000, 100_000) if sizes[-1] >= 100_000 else (min(sizes[-1], 200),))
    )
    # The streamed exports (bench.exports): flat memory is judged from 10k to 100k rows.
    export_rows = (
        parse_sizes(arguments.export_rows)
        if arguments.export_rows
        else ((10_000, 100_000) if sizes[-1] >= 100_000 else (min(sizes[-1], 200),))
    )
    exports: list[dict[str, Any]] = []
    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    imports: list[dict[str, Any]] = []
    jurisdiction: list[dict[str, Any]] = []

    def write() -> None:
        # After every step, so a long run that is stopped still leaves what it measured.
        if results_path is not None:
            text = render(
                results,
                imports,
                jurisdiction,
                vendor=database.vendor,
                seconds=time.perf_counter() - started,
                argv=argv,
                exports=exports,
            )
            results_path.write_text(text, encoding="utf-8")

    with tempfile.TemporaryDirectory() as directory:
        database = Database(directory)

        def one_size(size: int) -> None:
            out = Path(directory) / f"size-{size}.json"
            # Fewer runs where one is long (1M) or where only the answers matter (CI's smoke).
            repeat = 3 if size >= 1_000_000 or size < HELPDESK_MINIMUM else 5
            intake = 20 if size < HELPDESK_MINIMUM else 200
            print(f"bench: {size:,} requests ({database.vendor})", flush=True)
            _run(
                "bench.size",
                [
                    "--requests",
                    str(size),
                    "--out",
                    str(out),
                    "--repeat",
                    str(repeat),
                    "--intake",
                    str(intake),
                ],
                database.fresh(f"size-{size}"),
            )
            results[size] = json.loads(out.read_text(encoding="utf-8"))
            write()
            if helpdesk and size >= HELPDESK_MINIMUM:
                from bench import helpdesk as helpdesk_bench

                results[size]["helpdesk"] = helpdesk_bench.run(size, directory=Path(directory), repeat=repeat)
                write()

        def one_import(rows: int) -> None:
            out = Path(directory) / f"import-{rows}.json"
            print(f"bench: import of {rows:,} rows", flush=True)
            _run(
                "bench.importing", ["--rows", str(rows), "--out", str(out)], database.fresh(f"import-{rows}")
            )
            imports.append(json.loads(out.read_text(encoding="utf-8")))
            write()

        def one_export(rows: int) -> None:
            out = Path(directory) / f"exports-{rows}.json"
            print(f"bench: exports of {rows:,} rows", flush=True)
            _run("bench.exports", ["--rows", str(rows), "--out", str(out)], database.fresh(f"exports-{rows}"))
            exports.append(json.loads(out.read_text(encoding="utf-8")))
            write()

        # Cheap steps first, so an interrupted full run has the most to show.
        for size in sizes[:-1]:
            one_size(size)
        tree_sizes = sorted({min(size, 100_000) for size in sizes})
        out = Path(directory) / "jurisdiction.json"
        print("bench: jurisdiction subtree", flush=True)
        _run(
            "bench.jurisdiction",
            ["--sizes", ",".join(map(str, tree_sizes)), "--out", str(out)],
            database.fresh("jurisdiction"),
        )
        jurisdiction += json.loads(out.read_text(encoding="utf-8"))
        for rows in import_rows[:-1]:
            one_import(rows)
        for rows in export_rows:
            one_export(rows)
        one_size(sizes[-1])
        one_import(import_rows[-1])
    text = render(
        results,
        imports,
        jurisdiction,
        vendor=database.vendor,
        seconds=time.perf_counter() - started,
        argv=argv,
        exports=exports,
    )
    print(text)
    write()
    if results_path is not None:
        print(f"bench: results written to {results_path}")
    return 0


def render(
    results: dict[int, dict[str, Any]],
    imports: list[dict[str, Any]],
    jurisdiction: list[dict[str, Any]],
    *,
    vendor: str,
    seconds: float,
    argv: Sequence[str] | None,
    exports: list[dict[str, Any]] | None = None,
) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    lines = [
        "# 基准结果 · Benchmark results",
        "",
        f"- run: {stamp}, {seconds:,.0f} s in all; command `{command.strip()}` (`make bench`)",
        f"- database: {vendor}; Python {platform.python_version()}; {platform.machine()}, "
        f"{os.cpu_count()} CPU cores shared with other work, load average {os.getloadavg()[1]:.1f} over the "
        "last 5 minutes when this was written (read the ratios; absolute times wander with the load)",
        "- each figure: median of the timed runs, then min–max; every operation was first checked to give "
        "the same answer as its reference",
        "",
    ]
    for size, result in results.items():
        counts = ", ".join(f"{name} {count:,}" for name, count in result["counts"].items())
        facts = result["facts"]
        lines += [
            f"## {size:,} 件办件",
            "",
            f"Generated in {result['generate_seconds']:,.0f} s: {counts}. Open requests {facts['open']:,}; "
            f"the sweep marks {facts['red']:,} red and {facts['yellow']:,} yellow.",
            "",
            "| 操作 | 本系统 | 其中本系统 SQL | 参照 | 比值 | django-helpdesk | helpdesk / 本系统 |",
            "|---|---|---|---|---|---|---|",
        ]
        helpdesk = result.get("helpdesk", {})
        for key, (label, unit, reference_label) in OPERATIONS.items():
            if key not in result["operations"]:
                continue
            samples = result["operations"][key]
            ours, reference = samples["app"], samples["reference"]
            scale = 1 if unit != "ms" else 1e3
            ratio = _median(ours) / _median(reference) if unit == "ms" else _median(reference) / _median(ours)
            helpdesk_cell, versus = "", ""
            theirs = helpdesk.get(key)
            if theirs is not None:
                helpdesk_cell = _helpdesk_cell(theirs)
                if theirs.get("samples"):
                    versus = f"{_median(theirs['samples']) / _median(ours):,.0f}×"
                elif theirs.get("timeout"):
                    versus = f"> {theirs['timeout'] / _median(ours):,.0f}×"
            own_sql = samples.get("app_sql")
            own_cell = f"{_median(own_sql) * scale:,.2f} {unit}" if own_sql else ""
            lines.append(
                f"| {label} | {_median(ours) * scale:,.2f} {unit} ({_spread(ours, scale)}) | {own_cell} | "
                f"{_median(reference) * scale:,.2f} {unit} ({_spread(reference, scale)}) {reference_label} | "
                f"{ratio:.2f}× | {helpdesk_cell} | {versus} |"
            )
        lines.append("")
    lines += _targets(results, imports)
    lines += _growth(results)
    lines += _imports(imports)
    lines += _exports(exports or [])
    lines += _jurisdiction(jurisdiction)
    lines += _plans(results)
    return "\n".join(lines) + "\n"


def _targets(results: dict[int, dict[str, Any]], imports: list[dict[str, Any]]) -> list[str]:
    """The issue's targets, each checked against this run's medians."""
    rows: list[tuple[str, str, bool]] = []
    sizes = list(results)

    def ratio(size: int, key: str) -> float | None:
        samples = results[size]["operations"].get(key)
        if samples is None:
            return None
        return _median(samples["app"]) / _median(samples["reference"])

    for key in ("queue", "sweep", "statistics", "ranking", "board", "clock_sweep"):
        ratios = [value for size in sizes if (value := ratio(size, key)) is not None]
        if ratios:
            rows.append(
                (
                    f"{OPERATIONS[key][0]}:不超过参照的 1.5 倍",
                    " / ".join(f"{value:.2f}×" for value in ratios),
                    max(ratios) <= 1.5,
                )
            )
    floor_ratios = [value for size in sizes if (value := ratio(size, "queue_floor")) is not None]
    if floor_ratios:
        rows.append(
            (
                f"{OPERATIONS['queue_floor'][0]}:不超过最低开销视图的 2 倍",
                " / ".join(f"{value:.2f}×" for value in floor_ratios),
                max(floor_ratios) <= 2,
            )
        )
    for key in ("search_phone", "search_name", "search_id"):
        own_sql = [
            _median(results[size]["operations"][key]["app_sql"])
            / _median(results[size]["operations"][key]["reference"])
            for size in sizes
            if key in results[size]["operations"]
        ]
        if own_sql:
            rows.append(
                (
                    f"{OPERATIONS[key][0]}:本系统 SQL 不超过手写 SQL 的 2 倍",
                    " / ".join(f"{value:.2f}×" for value in own_sql),
                    max(own_sql) <= 2,
                )
            )
    todo_ratios = [value for size in sizes if (value := ratio(size, "todo")) is not None]
    if todo_ratios:
        rows.append(
            (
                f"{OPERATIONS['todo'][0]}:不超过参照的 2 倍",
                " / ".join(f"{value:.2f}×" for value in todo_ratios),
                max(todo_ratios) <= 2,
            )
        )
    for key, theirs_label in (("queue_http", "工单列表 JSON"), ("sweep_command", "escalate_tickets")):
        found = []
        for size in sizes:
            theirs = results[size].get("helpdesk", {}).get(key)
            if not theirs:
                continue
            ours = _median(results[size]["operations"][key]["app"])
            if theirs.get("samples"):
                found.append(
                    (f"{_median(theirs['samples']) / ours:,.0f}×", _median(theirs["samples"]) / ours)
                )
            else:
                found.append((f"> {theirs['timeout'] / ours:,.0f}×", theirs["timeout"] / ours))
        if found:
            rows.append(
                (
                    f"{OPERATIONS[key][0]}:比 django-helpdesk {theirs_label} 快 50 倍以上",
                    " / ".join(text for text, _value in found),
                    min(value for _text, value in found) >= 50,
                )
            )
    if len(sizes) > 1:
        for key in ("queue", "board", "statistics", "ranking", "todo", "home_http", "todo_http"):
            if all(key in results[size]["operations"] for size in sizes):
                growth = _median(results[sizes[-1]]["operations"][key]["app"]) / _median(
                    results[sizes[0]]["operations"][key]["app"]
                )
                rows.append(
                    (
                        f"{OPERATIONS[key][0]}:{sizes[0]:,} → {sizes[-1]:,} 增长不超过 1.5 倍",
                        f"{growth:.2f}×",
                        growth <= 1.5,
                    )
                )
    intake = [
        _median(results[size]["operations"]["intake"]["app"])
        / _median(results[size]["operations"]["intake"]["reference"])
        for size in sizes
        if "intake" in results[size]["operations"]
    ]
    if intake:
        rows.append(
            (
                "API 受理:吞吐量不低于裸视图的一半",
                " / ".join(f"{value:.2f}" for value in intake),
                min(intake) >= 0.5,
            )
        )
    if len(imports) > 1:
        growth = imports[-1]["app_peak_mb"] / imports[0]["app_peak_mb"]
        rows.append(
            (
                f".xlsx 导入:内存不随行数增长({imports[0]['rows']:,} → {imports[-1]['rows']:,} 行)",
                f"峰值 {imports[0]['app_peak_mb']:,.0f} → {imports[-1]['app_peak_mb']:,.0f} MB",
                growth <= 1.2,
            )
        )
    rows.append(("榜单读已存分数(汇总表),不读一个周期的原始行", "Score 表,按 (方案, 周期, 名次) 索引", True))
    tallied = [size for size in sizes if "statistics_raw" in results[size]["operations"]]
    if tallied:
        tallies = " / ".join(f"{results[size]['counts'].get('tallies', 0):,}" for size in tallied)
        faster = [ratio(size, "statistics_raw") or 0 for size in tallied]
        rows.append(
            (
                "统计页读增量维护的汇总表(触发器维护的月度汇总),不读一年的办件行",
                f"汇总行 {tallies};用时为手写逐行 GROUP BY 的 "
                + " / ".join(f"{value:.2f}" for value in faster),
                max(faster) < 1,
            )
        )
    lines = ["## 目标 · Targets", "", "| 目标 | 本次结果 | 达成 |", "|---|---|---|"]
    lines += [f"| {target} | {outcome} | {'是' if held else '否'} |" for target, outcome, held in rows]
    return [*lines, ""]


def _helpdesk_cell(theirs: dict[str, Any]) -> str:
    if theirs.get("samples"):
        return f"{_median(theirs['samples']) * 1e3:,.1f} ms ({_spread(theirs['samples'], 1e3)})"
    return f"> {theirs['timeout']:,.0f} s (stopped)"


def _growth(results: dict[int, dict[str, Any]]) -> list[str]:
    sizes = list(results)
    if len(sizes) < 2:
        return []
    lines = [
        f"## 增长 · Growth, {sizes[0]:,} → {sizes[-1]:,} (median of this system)",
        "",
        "| 操作 | " + " | ".join(f"{size:,}" for size in sizes) + " | 增长 |",
        "|---|" + "---|" * (len(sizes) + 1),
    ]
    for key, (label, unit, _reference) in OPERATIONS.items():
        if not all(key in results[size]["operations"] for size in sizes):
            continue
        medians = [_median(results[size]["operations"][key]["app"]) for size in sizes]
        scale = 1e3 if unit == "ms" else 1
        growth = medians[-1] / medians[0] if unit == "ms" else medians[0] / medians[-1]
        lines.append(
            f"| {label} | "
            + " | ".join(f"{value * scale:,.1f} {unit}" for value in medians)
            + f" | {growth:.2f}× |"
        )
    return [*lines, ""]


def _imports(imports: list[dict[str, Any]]) -> list[str]:
    if not imports:
        return []
    lines = [
        "## .xlsx 导入 · Spreadsheet import (组织架构:单位表)",
        "",
        "Each in a fresh process; peak memory is the process's maximum resident set.",
        "",
        "| 行数 | 本系统导入 | 峰值内存 | 仅 openpyxl 读取 | 峰值内存 | 时间比值 |",
        "|---|---|---|---|---|---|",
    ]
    for result in imports:
        lines.append(
            f"| {result['rows']:,} | {result['app_seconds']:,.1f} s | {result['app_peak_mb']:,.0f} MB | "
            f"{result['read_seconds']:,.1f} s | {result['read_peak_mb']:,.0f} MB | "
            f"{result['app_seconds'] / result['read_seconds']:,.1f}× |"
        )
    return [*lines, ""]


EXPORT_MEMORY_TARGET = 1.2  # peak RSS at the largest row count over the smallest


def _exports(exports: list[dict[str, Any]]) -> list[str]:
    if not exports:
        return []
    lines = [
        "## 流式导出 · Streamed exports (办件队列导出;三会一课台账报表)",
        "",
        "Each export in a fresh process, written by the app's own code (plain rows from a chunked cursor, "
        "openpyxl write-only into a temporary file, sent in chunks) and counted back: every row, no cap.",
        "",
        "| 行数 | 队列导出 | 峰值内存 | 文件 | 报表 | 峰值内存 | 文件 |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in exports:
        lines.append(
            f"| {result['rows']:,} | {result['queue_seconds']:,.1f} s | {result['queue_peak_mb']:,.0f} MB | "
            f"{result['queue_mb']:,.1f} MB | {result['return_seconds']:,.1f} s | "
            f"{result['return_peak_mb']:,.0f} MB | {result['return_mb']:,.1f} MB |"
        )
    if len(exports) > 1:
        first, last = exports[0], exports[-1]
        for key, label in (("queue", "队列导出"), ("return", "报表")):
            growth = last[f"{key}_peak_mb"] / first[f"{key}_peak_mb"]
            holds = "holds" if growth <= EXPORT_MEMORY_TARGET else "misses"
            lines.append(
                f"\n{label}峰值内存 {first['rows']:,} → {last['rows']:,} 行:{growth:.2f}×"
                f"(目标 ≤ {EXPORT_MEMORY_TARGET}×,{holds})"
            )
    return [*lines, ""]


def _jurisdiction(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "## 辖区子树 · Jurisdiction subtree (50 units of a town, ORM against hand-written SQL)",
        "",
        "| 单位数 | ORM | 手写 SQL | 比值 |",
        "|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['units']:,} | {_median(row['app']) * 1e3:.3f} ms | {_median(row['reference']) * 1e3:.3f} ms | "
            f"{_median(row['app']) / _median(row['reference']):.2f}× |"
        )
    return [*lines, ""]


def _plans(results: dict[int, dict[str, Any]]) -> list[str]:
    # The results are written after every step, the first ones (the jurisdiction subtree, an import)
    # possibly before any size has finished: there are no plans yet then.
    if not results:
        return []
    largest = results[max(results)]
    lines = [f"## 查询计划 · Query plans at {max(results):,}", ""]
    for key, plan in largest["plans"].items():
        if key.endswith("_app"):
            title = f"{OPERATIONS[key.removesuffix('_app')][0]}(本系统发出的 SQL)"
        else:
            title = f"{OPERATIONS.get(key, (key,))[0]}(参照 SQL)"
        lines += [f"{title}:", "", "```", *plan, "```", ""]
    return lines


if __name__ == "__main__":
    sys.exit(main())
