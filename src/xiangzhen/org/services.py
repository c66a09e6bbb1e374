"""State changes of the organisation tree, cadres, posts and assignments."""

from datetime import date
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from xiangzhen.audit.services import audit_record, field_changes
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import (
    CODE_SIGNIFICANT_DIGITS,
    LEVEL_RANK,
    Assignment,
    AssignmentKind,
    Cadre,
    CadreRole,
    Post,
    Unit,
    UnitLevel,
    unit_path_segment,
)
from xiangzhen.org.permissions import Action, permission_require, role_grant_require
from xiangzhen.org.selectors import jurisdiction_forget, user_may_change_unit
from xiangzhen.validators import text_require, validate_mobile

Actor = User | AnonymousUser | None


def _ensure_permitted(actor: Actor, action: Action) -> None:
    """What the actor's role may do (org.permissions); `actor=None` is the system itself (demo loader,
    fixtures), never a person."""
    if actor is not None:
        permission_require(actor, action)


def unit_change_require(actor: Actor, unit: Unit | None) -> None:
    """Where the actor may act: the unit must lie in their jurisdiction (`None`: a new top-level unit,
    which only a superuser creates). `actor=None` is the system."""
    if actor is None:
        return
    if unit is None:
        if not getattr(actor, "is_superuser", False):
            raise NotFound("只有系统管理员可以创建县级单位")
        return
    if not user_may_change_unit(actor, unit):
        raise NotFound("单位不存在或不在您的管辖范围内")


def coded_ancestor(parent: Unit | None) -> Unit | None:
    """The nearest ancestor carrying a statistical code (片区 and groups have none)."""
    unit = parent
    while unit is not None and not unit.division_code:
        unit = unit.parent
    return unit


def validate_unit_name(name: str) -> str:
    """The name as stored (stripped), or ValidationFailed."""
    name = name.strip()
    if not name:
        raise ValidationFailed("单位名称不能为空")
    text_require(("单位名称", name, Unit._meta.get_field("name").max_length))
    return name


def validate_division_code(*, code: str, level: str, parent: Unit | None) -> None:
    if code:
        validate_division_code_under(code=code, level=level, ancestor=coded_ancestor(parent))


def validate_division_code_under(*, code: str, level: str, ancestor: Unit | None) -> None:
    """`code` for a new unit of `level` whose nearest coded ancestor is `ancestor` (see `coded_ancestor`)."""
    if not code:
        return
    if level not in CODE_SIGNIFICANT_DIGITS:
        raise ValidationFailed(f"“{UnitLevel(level).label}”没有统计用区划代码,请留空")
    if len(code) != 12 or not code.isdigit():
        raise ValidationFailed("统计用区划代码应为 12 位数字")
    significant = CODE_SIGNIFICANT_DIGITS[UnitLevel(level)]
    if code[significant:].strip("0"):
        raise ValidationFailed(f"{UnitLevel(level).label}的区划代码应以 {12 - significant} 个 0 结尾")
    if ancestor is not None:
        prefix_length = CODE_SIGNIFICANT_DIGITS[UnitLevel(ancestor.level)]
        if code[:prefix_length] != ancestor.division_code[:prefix_length]:
            raise ValidationFailed(
                f"区划代码 {code} 与上级“{ancestor.name}”的代码 {ancestor.division_code} 前 {prefix_length} 位不一致"
            )


def validate_unit_placement(*, level: str, parent: Unit | None) -> None:
    if level not in UnitLevel.values:
        raise ValidationFailed(f"未知的层级“{level}”")
    if parent is None:
        if level != UnitLevel.COUNTY:
            raise ValidationFailed("只有县级单位可以没有上级")
        return
    if LEVEL_RANK[UnitLevel(parent.level)] >= LEVEL_RANK[UnitLevel(level)]:
        raise ValidationFailed(
            f"“{UnitLevel(level).label}”不能设在“{UnitLevel(parent.level).label}”{parent.name}之下"
        )


@transaction.atomic
def unit_create(*, actor: Actor, name: str, level: str, parent: Unit | None, division_code: str = "") -> Unit:
    name = validate_unit_name(name)
    unit_change_require(actor, parent)
    _ensure_permitted(actor, Action.MANAGE_UNITS)
    validate_unit_placement(level=level, parent=parent)
    validate_division_code(code=division_code, level=level, parent=parent)
    if Unit.objects.filter(parent=parent, name=name).exists():
        raise ValidationFailed(f"“{parent.name if parent else '顶层'}”下已有名为“{name}”的单位")
    if division_code and Unit.objects.filter(division_code=division_code).exists():
        raise ValidationFailed(f"区划代码 {division_code} 已被使用")
    # The path needs the row's id: insert with a unique placeholder, then set it.
    unit = Unit.objects.create(
        name=name, level=level, parent=parent, division_code=division_code, path=f"pending-{uuid4().hex}"
    )
    unit.path = (parent.path if parent else "") + unit_path_segment(unit.pk)
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="unit.create",
        target=unit,
        unit=unit,
        changes={"name": [None, name], "level": [None, level], "division_code": [None, division_code]},
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, expected_version: int, name: str, division_code: str) -> Unit:
    unit_change_require(actor, unit)
    _ensure_permitted(actor, Action.MANAGE_UNITS)
    name = validate_unit_name(name)
    validate_division_code(code=division_code, level=unit.level, parent=unit.parent)
    if Unit.objects.filter(parent=unit.parent, name=name).exclude(pk=unit.pk).exists():
        raise ValidationFailed(f"同一上级下已有名为“{name}”的单位")
    before = {"name": unit.name, "division_code": unit.division_code}
    updated = Unit.objects.filter(pk=unit.pk, version=expected_version).update(
        name=name, division_code=division_code, version=expected_version + 1
    )
    if updated != 1:
        raise Conflict("该单位已被他人修改,请刷新后重试")
    unit.name, unit.division_code, unit.version = name, division_code, expected_version + 1
    audit_record(
        actor=actor,
        action="unit.update",
        target=unit,
        unit=unit,
        changes=field_changes(unit, before, ["name", "division_code"]),
    )
    return unit


@transaction.atomic
def cadre_create(
    *,
    actor: Actor,
    name: str,
    role: str,
    unit: Unit,
    title: str,
    start_date: date,
    phone: str = "",
    username: str = "",
    password: str = "",
    check_password_strength: bool = True,
) -> Cadre:
    """A cadre with a post in `unit`; with `username` also a login account, never of a role above the actor's."""
    unit_change_require(actor, unit)
    _ensure_permitted(actor, Action.CREATE_ACCOUNTS)
    name = name.strip()
    if not name:
        raise ValidationFailed("干部姓名不能为空")
    if role not in CadreRole.values:
        raise ValidationFailed(f"未知的角色“{role}”")
    if actor is not None:
        role_grant_require(actor, role)
    if not title.strip():
        raise ValidationFailed("职务不能为空")
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as error:
            raise ValidationFailed(error.messages[0]) from error
    user = None
    if username:
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise ValidationFailed(f"登录名“{username}”已被使用")
        if not password:
            raise ValidationFailed("创建登录账号时必须设置密码")
        user = user_model(username=username, first_name=name)
        if check_password_strength:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise ValidationFailed(";".join(error.messages)) from error
        user.set_password(password)
        user.save()
    cadre = Cadre.objects.create(name=name, role=role, phone=phone, user=user)
    Post.objects.create(cadre=cadre, unit=unit, title=title.strip(), start_date=start_date)
    jurisdiction_forget()
    audit_record(
        actor=actor,
        action="cadre.create",
        target=cadre,
        unit=unit,
        changes={"role": [None, role], "post": [None, f"{unit.name} {title}"], "username": [None, username]},
    )
    return cadre


@transaction.atomic
def assignment_create(
    *, actor: Actor, cadre: Cadre, unit: Unit, kind: str, start_date: date, note: str = ""
) -> Assignment:
    unit_change_require(actor, unit)
    _ensure_permitted(actor, Action.MANAGE_UNITS)
    if kind not in AssignmentKind.values:
        raise ValidationFailed(f"未知的包保类型“{kind}”")
    if Assignment.objects.current(start_date).filter(cadre=cadre, unit=unit, kind=kind).exists():
        raise ValidationFailed(f"{cadre.name}已{AssignmentKind(kind).label}{unit.name}")
    jurisdiction_forget()
    assignment = Assignment.objects.create(
        cadre=cadre, unit=unit, kind=kind, start_date=start_date, note=note
    )
    audit_record(
        actor=actor,
        action="assignment.create",
        target=assignment,
        unit=unit,
        changes={"cadre": [None, cadre.name], "kind": [None, kind], "start_date": [None, str(start_date)]},
    )
    return assignment


@transaction.atomic
def assignment_end(*, actor: Actor, assignment: Assignment, end_date: date) -> Assignment:
    unit_change_require(actor, assignment.unit)
    _ensure_permitted(actor, Action.MANAGE_UNITS)
    if assignment.end_date is not None:
        raise Conflict("该包保关系已经结束")
    if end_date < assignment.start_date:
        raise ValidationFailed("结束日期不能早于开始日期")
    updated = Assignment.objects.filter(pk=assignment.pk, end_date__isnull=True).update(end_date=end_date)
    jurisdiction_forget()
    if updated != 1:
        raise Conflict("该包保关系已经结束")
    assignment.end_date = end_date
    audit_record(
        actor=actor,
        action="assignment.end",
        target=assignment,
        unit=assignment.unit,
        changes={"end_date": [None, str(end_date)]},
    )
    return assignment
