from datetime import date
from typing import IO

from xiangzhen.errors import ValidationFailed
from xiangzhen.spreadsheets import read_sheet
from xiangzhen.workdays.models import DayKind
from xiangzhen.workdays.services import DayEntry

KINDS_BY_LABEL = {
    "放假": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
    "调休上班": DayKind.MAKEUP_WORKDAY,
}


def calendar_entries_from_workbook(source: IO[bytes]) -> list[DayEntry]:
    """Rows 日期 | 类型 (放假 / 上班) | 名称, as the State Council notice lists them."""
    entries = []
    errors = []
    for row in read_sheet(source, sheet=None, required_columns=("日期", "类型")):
        try:
            day = date.fromisoformat(row.values["日期"][:10])
        except ValueError:
            errors.append(f"第 {row.number} 行:日期“{row.values['日期']}”格式不正确")
            continue
        kind = KINDS_BY_LABEL.get(row.values["类型"])
        if kind is None:
            errors.append(f"第 {row.number} 行:类型应为“放假”或“上班”")
            continue
        entries.append(DayEntry(day, kind, row.values.get("名称", "")))
    if errors:
        raise ValidationFailed(";".join(errors))
    return entries
