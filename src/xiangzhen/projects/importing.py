"""Reading a campaign's target list from .xlsx: every row checked, the whole file refused on any error."""

from typing import IO

from xiangzhen.errors import ValidationFailed
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, assignable_cadres, visible_units
from xiangzhen.projects.models import TargetKind
from xiangzhen.projects.services import TargetRow, target_row_problems
from xiangzhen.spreadsheets import read_sheet

REQUIRED_COLUMNS = ["编号", "名称", "类型", "所在村(社区)"]
OPTIONAL_COLUMNS = ["楼栋", "户主", "联系电话", "攻坚组", "包保干部"]
# A campaign of a whole county town (2,111 households) fits many times over.
MAX_ROWS = 20_000
MAX_MESSAGES = 50
KIND_BY_LABEL = {str(label): value for value, label in TargetKind.choices}


def read_targets(*, viewer: AnyUser, source: IO[bytes]) -> list[TargetRow]:
    units: dict[str, Unit] = {}
    duplicated_units = set()
    for known in visible_units(viewer).filter(level__in=[UnitLevel.VILLAGE, UnitLevel.GROUP, UnitLevel.TOWN]):
        if known.name in units:
            duplicated_units.add(known.name)
        units.setdefault(known.name, known)
    cadres: dict[str, list[Cadre]] = {}
    for cadre in assignable_cadres(viewer):
        cadres.setdefault(cadre.name, []).append(cadre)
    rows: list[TargetRow] = []
    numbers: list[int] = []
    errors: list[str] = []
    for sheet_row in read_sheet(source, sheet=None, required_columns=REQUIRED_COLUMNS):
        if len(rows) + len(errors) >= MAX_ROWS:
            raise ValidationFailed(f"一次最多导入 {MAX_ROWS} 行")
        values = sheet_row.values
        problems = []
        unit_name = values.get("所在村(社区)", "")
        unit = units.get(unit_name)
        if unit is None:
            problems.append(f"没有您管辖的“{unit_name}”")
        elif unit_name in duplicated_units:
            problems.append(f"您管辖的单位中有多个“{unit_name}”,请联系管理员")
        kind = KIND_BY_LABEL.get(values.get("类型", ""), "")
        cadre_name = values.get("包保干部", "")
        matches = cadres.get(cadre_name, []) if cadre_name else []
        if cadre_name and len(matches) != 1:
            problems.append(
                f"包保干部“{cadre_name}”" + ("有重名,请联系管理员" if matches else "不在您可以派工的干部中")
            )
        if unit is not None:
            row = TargetRow(
                code=values.get("编号", ""),
                name=values.get("名称", ""),
                kind=kind,
                unit=unit,
                building=values.get("楼栋", ""),
                contact_name=values.get("户主", ""),
                contact_phone=values.get("联系电话", ""),
                team_name=values.get("攻坚组", ""),
                cadre=matches[0] if len(matches) == 1 else None,
            )
            problems += target_row_problems(row)
            if not problems:
                rows.append(row)
                numbers.append(sheet_row.number)
        errors += [f"第 {sheet_row.number} 行:{problem}" for problem in problems]
    if errors:
        more = f";另有 {len(errors) - MAX_MESSAGES} 处错误" if len(errors) > MAX_MESSAGES else ""
        raise ValidationFailed("文件未导入。" + ";".join(errors[:MAX_MESSAGES]) + more)
    seen: dict[str, int] = {}
    for number, row in zip(numbers, rows, strict=True):
        if row.code in seen:
            errors.append(f"第 {number} 行:编号 {row.code} 与第 {seen[row.code]} 行重复")
        seen.setdefault(row.code, number)
    if errors:
        raise ValidationFailed("文件未导入。" + ";".join(errors[:MAX_MESSAGES]))
    if not rows:
        raise ValidationFailed("文件中没有攻坚对象")
    return rows
