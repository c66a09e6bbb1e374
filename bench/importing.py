"""The .xlsx import at 10,000 and 100,000 rows: the organisation import (单位 sheet: every row checked,
placed in the tree and audited, all or nothing) against openpyxl alone reading the same file in
streaming mode. Each side runs in its own child process so its peak resident memory is its own.

    python -m bench.importing --rows 100000 --out result.json     # DATABASE_URL: an empty database
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def write_workbook(path: Path, rows: int) -> None:
    """A county, 20 towns under it and villages under the towns, `rows` rows in all, written in
    write-only mode (itself constant in memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("单位")
    sheet.append(["名称", "层级", "上级", "区划代码"])
    sheet.append(["导入县", "县", "", ""])
    towns = 20
    for town in range(towns):
        sheet.append([f"导入{town}镇", "乡镇", "导入县", ""])
    for number in range(rows - towns - 1):
        sheet.append([f"第{number}村", "村", f"导入县/导入{number % towns}镇", ""])
    workbook.save(path)


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's peak over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_only(path: Path) -> dict[str, float]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook["单位"].iter_rows(values_only=True))
    workbook.close()
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "rows": count - 1}


def _import(path: Path) -> dict[str, float]:
    import django

    django.setup()
    from xiangzhen.org.importing import org_import_workbook

    started = time.perf_counter()
    with path.open("rb") as source:
        report = org_import_workbook(actor=None, source=source)
    if report.errors:
        raise AssertionError(f"the import refused the bench file: {report.errors[:3]}")
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "rows": report.units}


def _child(mode: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.importing", "--child", mode, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.importing", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", choices=["read", "import"])
    parser.add_argument("--file", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.child:
        measured = _read_only(arguments.file) if arguments.child == "read" else _import(arguments.file)
        print(json.dumps(measured))
        return 0
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "units.xlsx"
        write_workbook(path, arguments.rows)
        read = _child("read", path)
        imported = _child("import", path)
    if read["rows"] != arguments.rows or imported["rows"] != arguments.rows:
        raise AssertionError(
            f"rows written {arguments.rows}, read {read['rows']}, imported {imported['rows']}"
        )
    arguments.out.write_text(
        json.dumps(
            {
                "rows": arguments.rows,
                "app_seconds": imported["seconds"],
                "app_peak_mb": imported["peak_mb"],
                "read_seconds": read["seconds"],
                "read_peak_mb": read["peak_mb"],
            }
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
