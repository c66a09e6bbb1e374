"""All-or-nothing import of units, cadres and assignments from one .xlsx workbook."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from xiangzhen.audit.context import current_ip_address
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import AssignmentKind, Cadre, CadreRole, Unit, UnitLevel, unit_path_segment
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.org.services import (
    Actor,
    assignment_create,
    cadre_create,
    coded_ancestor,
    unit_change_require,
    validate_division_code_under,
    validate_unit_name,
    validate_unit_placement,
)
from xiangzhen.spreadsheets import SheetRow, listed_errors, read_sheet

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
# Rows of the 单位 sheet written per INSERT; references (and facts about parents) remembered per import.
UNIT_BATCH_SIZE = 500
REFERENCE_CACHE_SIZE = 1000


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
        super().__init__(f"导入失败,共 {len(errors):,} 处错误,未导入任何数据")
        self.errors = listed_errors(errors)


class _UnitResolver:
    """Finds units by "县/镇/村" path or by a name that is unique among the actor's units.

    Each reference is looked up once per import and remembered (at most `REFERENCE_CACHE_SIZE` of them,
    so memory stays bounded): a sheet of villages names the same few towns on every row. `forget(name)`
    drops what was remembered for references ending in `name`, whose answer a new unit of that name
    changes (a unit found, or a name no longer unique).
    """

    def __init__(self, actor: Actor) -> None:
        self.scope = visible_units(actor) if actor is not None else Unit.objects.all()
        # last name of a reference → {the reference as written: its unit, or the Chinese error it gets}
        self._known: dict[str, dict[str, Unit | str]] = {}
        self._known_count = 0

    @staticmethod
    def _names(reference: str) -> list[str]:
        return [name.strip() for name in reference.split("/") if name.strip()]

    def knows(self, reference: str) -> bool:
        names = self._names(reference)
        return bool(names) and reference in self._known.get(names[-1], {})

    def forget(self, name: str) -> None:
        self._known_count -= len(self._known.pop(name, {}))

    def resolve(self, reference: str) -> Unit:
        names = self._names(reference)
        if not names:
            raise ValidationFailed("单位不能为空")
        known = self._known.setdefault(names[-1], {})
        if reference not in known:
            if self._known_count >= REFERENCE_CACHE_SIZE:
                self._known.clear()
                self._known_count = 0
                known = self._known.setdefault(names[-1], {})
            try:
                known[reference] = self._find(reference, names)
            except ValidationFailed as error:
                known[reference] = error.message
            self._known_count += 1
        found = known[reference]
        if isinstance(found, str):
            raise ValidationFailed(found)
        return found

    def _find(self, reference: str, names: list[str]) -> Unit:
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


@dataclass
class _PendingUnit:
    number: int
    unit: Unit
    parent: Unit | None


class _UnitSheet:
    """The rows of the 单位 sheet, each checked as `unit_create` checks it (same rules, same messages),
    written in batches of at most `UNIT_BATCH_SIZE`.

    A batch costs one query for the names already taken under its parents, one for its division codes and
    one INSERT each for its units and their `unit.create` audit events. A parent reference the resolver has
    not answered yet writes the pending batch first, so references find exactly the units of the rows
    above, as they would row by row. Memory holds one batch and the resolver's bounded cache, whatever the
    number of rows; errors are kept (one line per bad row) and sorted by row at the end.
    """

    def __init__(self, *, actor: Actor, resolver: _UnitResolver) -> None:
        self.actor = actor
        self.resolver = resolver
        self.pending: list[_PendingUnit] = []
        self.errors: list[tuple[int, str]] = []
        self.created = 0
        self.permission_error = ""
        if actor is not None:
            try:
                permission_require(actor, Action.MANAGE_UNITS)
            except DomainError as error:
                self.permission_error = error.message
        # Per parent id (None: top level), bounded like the resolver's cache: may the actor create under
        # it (the error, or ""), and its nearest ancestor carrying a division code.
        self.change_errors: dict[int | None, str] = {}
        self.coded_ancestors: dict[int | None, Unit | None] = {}

    def add(self, row: SheetRow) -> None:
        try:
            self._check_and_queue(row)
        except DomainError as error:
            self.errors.append((row.number, error.message))
        if len(self.pending) >= UNIT_BATCH_SIZE:
            self.flush()

    def error_lines(self) -> list[str]:
        return [f"“{UNIT_SHEET}”第 {number} 行:{message}" for number, message in sorted(self.errors)]

    def _check_and_queue(self, row: SheetRow) -> None:
        level = LEVELS_BY_LABEL.get(row.values.get("层级", ""))
        if level is None:
            raise ValidationFailed(
                f"层级“{row.values.get('层级', '')}”无法识别(可填 县、乡镇、片区、村、村民组)"
            )
        parent_reference = row.values.get("上级", "")
        parent = None
        if parent_reference:
            if not self.resolver.knows(parent_reference):
                self.flush()
            parent = self.resolver.resolve(parent_reference)
        name = validate_unit_name(row.values["名称"])
        self._change_require(parent)
        if self.permission_error:
            raise PermissionDenied(self.permission_error)
        validate_unit_placement(level=level, parent=parent)
        division_code = row.values.get("区划代码", "")
        if division_code:
            validate_division_code_under(
                code=division_code, level=level, ancestor=self._coded_ancestor(parent)
            )
        unit = Unit(name=name, level=level, parent=parent, division_code=division_code)
        self.pending.append(_PendingUnit(row.number, unit, parent))
        self.resolver.forget(name)

    def _change_require(self, parent: Unit | None) -> None:
        key = parent.pk if parent is not None else None
        if key not in self.change_errors:
            if len(self.change_errors) >= REFERENCE_CACHE_SIZE:
                self.change_errors.clear()
            try:
                unit_change_require(self.actor, parent)
                self.change_errors[key] = ""
            except DomainError as error:
                self.change_errors[key] = error.message
        if self.change_errors[key]:
            raise NotFound(self.change_errors[key])

    def _coded_ancestor(self, parent: Unit | None) -> Unit | None:
        key = parent.pk if parent is not None else None
        if key not in self.coded_ancestors:
            if len(self.coded_ancestors) >= REFERENCE_CACHE_SIZE:
                self.coded_ancestors.clear()
            self.coded_ancestors[key] = coded_ancestor(parent)
        return self.coded_ancestors[key]

    def flush(self) -> None:
        """Write the pending rows that pass the checks needing the database (a name already taken under
        the same parent, a division code already used); the others become errors, as row by row."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        taken = _names_taken(batch)
        codes = {item.unit.division_code for item in batch if item.unit.division_code}
        used_codes = set(
            Unit.objects.filter(division_code__in=codes).values_list("division_code", flat=True)
            if codes
            else ()
        )
        accepted: list[_PendingUnit] = []
        for item in batch:
            unit = item.unit
            if (unit.parent_id, unit.name) in taken:
                place = item.parent.name if item.parent is not None else "顶层"
                self.errors.append((item.number, f"“{place}”下已有名为“{unit.name}”的单位"))
            elif unit.division_code and unit.division_code in used_codes:
                self.errors.append((item.number, f"区划代码 {unit.division_code} 已被使用"))
            else:
                taken.add((unit.parent_id, unit.name))
                if unit.division_code:
                    used_codes.add(unit.division_code)
                accepted.append(item)
        if not accepted:
            return
        for item, unit_id in zip(accepted, _reserve_unit_ids(len(accepted)), strict=True):
            item.unit.pk = unit_id
            item.unit.path = (item.parent.path if item.parent is not None else "") + unit_path_segment(
                unit_id
            )
        units = [item.unit for item in accepted]
        Unit.objects.bulk_create(units)
        AuditEvent.objects.bulk_create([_unit_created_event(self.actor, unit) for unit in units])
        self.created += len(units)


def _names_taken(batch: list[_PendingUnit]) -> set[tuple[int | None, str]]:
    """(parent id, name) of the existing units that share a parent and a name with a row of `batch`."""
    parent_ids = {item.unit.parent_id for item in batch if item.unit.parent_id is not None}
    under = Q(parent_id__in=parent_ids)
    if any(item.unit.parent_id is None for item in batch):
        under |= Q(parent__isnull=True)
    names = {item.unit.name for item in batch}
    return set(Unit.objects.filter(under, name__in=names).values_list("parent_id", "name"))


def _reserve_unit_ids(count: int) -> list[int]:
    """Ids for `count` new units, known before the INSERT because a unit's path ends with its own id
    (`unit_create` inserts, then updates the path; in bulk that would be a second write of every row).

    PostgreSQL hands them out from the table's identity sequence. SQLite has no sequence to ask: the ids
    after the largest ever used (the table is AUTOINCREMENT, so also after deleted ones) are free because
    the import's transaction holds the database's write lock (settings begin every transaction
    IMMEDIATE); inserting them moves SQLite's counter past them. Another writer would at worst make the
    INSERT fail on the primary key, rolling the import back, never a wrong row.
    """
    table = Unit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return sorted(int(row[0]) for row in cursor.fetchall())
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"no way to reserve unit ids on {connection.vendor}")
        cursor.execute(
            f"SELECT MAX(used) FROM (SELECT MAX(id) AS used FROM {connection.ops.quote_name(table)}"
            " UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        (last,) = cursor.fetchone() or (None,)
    first = int(last or 0) + 1
    return list(range(first, first + count))


def _unit_created_event(actor: Actor, unit: Unit) -> AuditEvent:
    """The event `unit_create` writes through `audit_record`, built here to be inserted in bulk."""
    user = actor if isinstance(actor, User) else None
    return AuditEvent(
        actor=user,
        actor_name=user.get_username() if user is not None else "系统",
        action="unit.create",
        object_type=Unit._meta.label_lower,
        object_id=str(unit.pk),
        object_repr=str(unit)[:200],
        unit=unit,
        changes={
            "name": [None, unit.name],
            "level": [None, unit.level],
            "division_code": [None, unit.division_code],
        },
        ip_address=current_ip_address.get(),
    )


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

    Only a role that may import org data imports at all; each row is then checked by the rules of its
    service: units by the checks of `unit_create` (jurisdiction, placement, names, codes), written in
    batches with one `unit.create` audit event each; cadres and assignments through `cadre_create` and
    `assignment_create` (jurisdiction, the role ceiling of new accounts). `actor=None` is the system
    (fixtures), never a person.
    """
    if actor is not None:
        permission_require(actor, Action.IMPORT_ORG)
    report = ImportReport()
    today = timezone.localdate()
    resolver = _UnitResolver(actor)
    usernames: dict[str, Cadre] = {}
    with transaction.atomic():
        units = _UnitSheet(actor=actor, resolver=resolver)
        for row in read_sheet(source, sheet=UNIT_SHEET, required_columns=("名称", "层级", "上级")):
            units.add(row)
        units.flush()
        report.units = units.created
        report.errors.extend(units.error_lines())
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
