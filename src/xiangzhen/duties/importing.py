"""Reading a town's 履职事项清单 from .xlsx: every row checked, the whole file refused on any error."""

from dataclasses import dataclass
from typing import IO

from xiangzhen.duties.models import DutyCategory
from xiangzhen.errors import ValidationFailed
from xiangzhen.spreadsheets import listed_errors, read_sheet

REQUIRED_COLUMNS = ["编号", "类别", "事项名称"]
OPTIONAL_COLUMNS = ["领域", "依据", "牵头或承接部门"]
# The published lists hold about 340 items a town; a county-wide list of every town fits many times over.
MAX_ROWS = 5_000
CATEGORY_BY_LABEL = {
    **{str(label): value for value, label in DutyCategory.choices},
    "基本": DutyCategory.BASIC,
    "配合": DutyCategory.COOPERATIVE,
    "收回": DutyCategory.WITHDRAWN,
    "上级部门收回事项": DutyCategory.WITHDRAWN,
}
LIMITS = {"编号": 20, "事项名称": 200, "领域": 40, "牵头或承接部门": 100}


@dataclass(frozen=True)
class DutyRow:
    code: str
    category: str
    title: str
    field: str = ""
    basis: str = ""
    department: str = ""


def read_duty_list(source: IO[bytes]) -> list[DutyRow]:
    rows: list[DutyRow] = []
    errors: list[str] = []
    first_row_of: dict[str, int] = {}
    for sheet_row in read_sheet(source, sheet=None, required_columns=REQUIRED_COLUMNS):
        if sheet_row.number > MAX_ROWS + 1:
            raise ValidationFailed(f"一次最多导入 {MAX_ROWS:,} 项履职事项")
        values = sheet_row.values
        problems = []
        code = values.get("编号", "").strip()
        title = values.get("事项名称", "").strip()
        category = CATEGORY_BY_LABEL.get(values.get("类别", "").strip(), "")
        if not code:
            problems.append("编号不能为空")
        elif code in first_row_of:
            problems.append(f"编号 {code} 与第 {first_row_of[code]} 行重复")
        else:
            first_row_of[code] = sheet_row.number
        if not title:
            problems.append("事项名称不能为空")
        if not category:
            problems.append(f"类别“{values.get('类别', '')}”应为基本、配合或收回")
        problems += [
            f"{column}不能超过 {limit} 个字"
            for column, limit in LIMITS.items()
            if len(values.get(column, "")) > limit
        ]
        if problems:
            errors += [f"第 {sheet_row.number} 行:{problem}" for problem in problems]
            continue
        rows.append(
            DutyRow(
                code=code,
                category=category,
                title=title,
                field=values.get("领域", "").strip(),
                basis=values.get("依据", "").strip(),
                department=values.get("牵头或承接部门", "").strip(),
            )
        )
    if errors:
        raise ValidationFailed("文件未导入。" + ";".join(listed_errors(errors)))
    if not rows:
        raise ValidationFailed("文件中没有履职事项")
    return rows
