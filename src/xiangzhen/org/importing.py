"""All-or-nothing import of units, cadres and assignments from one .xlsx workbook."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import transaction
from django.utils import timezone

from xiangzhen.errors import DomainError, ValidationFailed
from xiangzhen.org.models import AssignmentKind, Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.org.services import Actor, assignment_create, cadre_create, unit_create
from xiangzhen.spreadsheets import SheetRow, read_sheet

UNIT_SHEET = "单位"
CADRE_SHEET = "干部"
ASSIGNMENT_SHEET = "包保"
UNIT_COLUMNS = ("名称", "层级", "上级", "区划代码")
CADRE_COLUMNS = ("姓名", "角色", "单位", "职务", "手机号", "任职日期", "登录名", "初始密码")
ASSIGNMENT_COLUMNS = ("干部登录名", "单位", "类型", "开始日期")

LEVELS_BY_LABEL = {str(label): value for value, label in UnitLevel.choices} | {
    "县": UnitLevel.COUNTY,
    "区": UnitLevel.COUNTY,
    "乡镇": UnitLevel.TOWN,
    "镇": UnitLevel.TOWN,
    "乡": UnitLevel.TOWN,
    "街道": UnitLevel.TOWN,
    "片区": UnitLevel.DISTRICT,
    "村": UnitLevel.VILLAGE,
    "社区": UnitLevel.VILLAGE,
    "组": UnitLevel.GROUP,
}
ROLES_BY_LABEL = {str(label): value for value, label in CadreRole.choices}
KINDS_BY_LABEL = {str(label): value for value, label in AssignmentKind.choices}


@dataclass
class ImportReport:
    units: int = 0
    cadres: int = 0
    assignments: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"新增单位 {self.units} 个、干部 {self.cadres} 名、包保关系 {self.assignments} 条"


class ImportFailed(ValidationFailed):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"导入失败,共 {len(errors)} 处错误,未导入任何数据")
        self.errors = errors


class _UnitResolver:
    """Finds units by "县/镇/村" path or by a name that is unique among the actor's units."""

    def __init__(self, actor: Actor) -> None:
        self.scope = visible_units(actor) if actor is not None else Unit.objects.all()

    def resolve(self, reference: str) -> Unit:
        names = [name.strip() for name in reference.split("/") if name.strip()]
        if not names:
            raise ValidationFailed("单位不能为空")
        candidates = list(self.scope.filter(name=names[-1]))
        if len(names) > 1:
            candidates = [unit for unit in candidates if self._path_names(unit)[-len(names) :] == names]
        if not candidates:
            raise ValidationFailed(f"找不到单位“{reference}”(上级须已存在或写在前面的行)")
        if len(candidates) > 1:
            raise ValidationFailed(f"有多个名为“{reference}”的单位,请写完整路径,如“生机镇/镇江村”")
        return candidates[0]

    @staticmethod
    def _path_names(unit: Unit) -> list[str]:
        names = dict(Unit.objects.filter(pk__in=unit.ancestor_ids()).values_list("pk", "name"))
        return [names[pk] for pk in unit.ancestor_ids()]


def _parse_date(text: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text[:10])
    except ValueError as error:
        raise ValidationFailed(f"日期“{text}”格式不正确,应为 2026-01-31") from error


def _run_row(report: ImportReport, sheet: str, row: SheetRow, action: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            action()
    except DomainError as error:
        report.errors.append(f"“{sheet}”第 {row.number} 行:{error.message}")


def org_import_workbook(*, actor: Actor, source: IO[bytes]) -> ImportReport:
    """Import every row or none: any error rolls the whole file back and is reported per row.

    Only a role that may import org data imports at all; each row is then checked again by its service
    (jurisdiction, the role ceiling of new accounts). `actor=None` is the system (fixtures), never a person.
    """
    if actor is not None:
        permission_require(actor, Action.IMPORT_ORG)
    report = ImportReport()
    today = timezone.localdate()
    resolver = _UnitResolver(actor)
    usernames: dict[str, Cadre] = {}
    with transaction.atomic():
        for row in read_sheet(source, sheet=UNIT_SHEET, required_columns=("名称", "层级", "上级")):

            def add_unit(row: SheetRow = row) -> None:
                level = LEVELS_BY_LABEL.get(row.values.get("层级", ""))
                if level is None:
                    raise ValidationFailed(
                        f"层级“{row.values.get('层级', '')}”无法识别(可填 县、乡镇、片区、村、村民组)"
                    )
                parent_reference = row.values.get("上级", "")
                parent = resolver.resolve(parent_reference) if parent_reference else None
                unit_create(
                    actor=actor,
                    name=row.values["名称"],
                    level=level,
                    parent=parent,
                    division_code=row.values.get("区划代码", ""),
                )
                report.units += 1

            _run_row(report, UNIT_SHEET, row, add_unit)
        source.seek(0)
        for row in read_sheet(
            source, sheet=CADRE_SHEET, required_columns=("姓名", "角色", "单位", "职务"), optional=True
        ):

            def add_cadre(row: SheetRow = row) -> None:
                role = ROLES_BY_LABEL.get(row.values.get("角色", ""))
                if role is None:
                    raise ValidationFailed(
                        f"角色“{row.values.get('角色', '')}”无法识别(可填 {'、'.join(ROLES_BY_LABEL)})"
                    )
                username = row.values.get("登录名", "")
                cadre = cadre_create(
                    actor=actor,
                    name=row.values["姓名"],
                    role=role,
                    unit=resolver.resolve(row.values["单位"]),
                    title=row.values["职务"],
                    start_date=_parse_date(row.values.get("任职日期", ""), today),
                    phone=row.values.get("手机号", ""),
                    username=username,
                    password=row.values.get("初始密码", ""),
                )
                if username:
                    usernames[username] = cadre
                report.cadres += 1

            _run_row(report, CADRE_SHEET, row, add_cadre)
        source.seek(0)
        for row in read_sheet(
            source, sheet=ASSIGNMENT_SHEET, required_columns=("干部登录名", "单位", "类型"), optional=True
        ):

            def add_assignment(row: SheetRow = row) -> None:
                username = row.values["干部登录名"]
                cadre = usernames.get(username) or Cadre.objects.filter(user__username=username).first()
                if cadre is None:
                    raise ValidationFailed(f"找不到登录名为“{username}”的干部")
                kind = KINDS_BY_LABEL.get(row.values["类型"])
                if kind is None:
                    raise ValidationFailed(
                        f"类型“{row.values['类型']}”无法识别(可填 {'、'.join(KINDS_BY_LABEL)})"
                    )
                assignment_create(
                    actor=actor,
                    cadre=cadre,
                    unit=resolver.resolve(row.values["单位"]),
                    kind=kind,
                    start_date=_parse_date(row.values.get("开始日期", ""), today),
                )
                report.assignments += 1

            _run_row(report, ASSIGNMENT_SHEET, row, add_assignment)
        if report.errors:
            raise ImportFailed(report.errors)
    return report
