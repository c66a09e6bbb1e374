"""State changes of the assessment app: each one checks the role and the jurisdiction and is audited."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from xiangzhen.assessment.computing import competing_units, period_compute
from xiangzhen.assessment.models import (
    Board,
    ComputeRun,
    ComputeStatus,
    Indicator,
    ManualEntry,
    Normalization,
    Scheme,
    SchemeItem,
    Score,
    Source,
)
from xiangzhen.assessment.periods import Period, PeriodKind
from xiangzhen.assessment.registry import registered
from xiangzhen.attachments.models import Attachment
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import AnyUser, visible_units


def indicators_sync() -> int:
    """Mirror the registered computed indicators into the Indicator table (names and rules live in code)."""
    for definition in registered().values():
        Indicator.objects.update_or_create(
            code=definition.code,
            defaults={
                "name": definition.name,
                "category": definition.category,
                "direction": definition.direction,
                "source": Source.COMPUTED,
                "is_rate": definition.rate,
                "unit_label": definition.figure_unit,
                "description": definition.description,
            },
        )
    return len(registered())


def _require_owner(actor: AnyUser, unit: Unit) -> None:
    if not visible_units(actor).filter(pk=unit.pk).exists():
        raise NotFound("未找到该单位,或不在您的管辖范围内")


def indicator_create(
    *,
    actor: AnyUser,
    code: str,
    name: str,
    category: str,
    direction: str,
    level: str = "",
    is_rate: bool = False,
    unit_label: str = "",
    description: str = "",
) -> Indicator:
    """A manual indicator, entered by assessors on the score sheet (computed ones come from the apps)."""
    permission_require(actor, Action.MANAGE_SCHEMES)
    code, name, category = code.strip(), name.strip(), category.strip()
    if not code or not name or not category:
        raise ValidationFailed("指标编码、名称和类别都必须填写")
    if "." in code and code.split(".")[0] in {d.split(".")[0] for d in registered()}:
        raise ValidationFailed("以应用名开头的编码留给自动计算的指标,请换一个编码")
    if level and level not in UnitLevel.values:
        raise ValidationFailed(f"未知的考核层级:{level}")
    if direction not in {"higher", "lower"}:
        raise ValidationFailed("方向只能是“越高越好”或“越低越好”")
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(
                code=code,
                name=name,
                category=category,
                level=level,
                direction=direction,
                source=Source.MANUAL,
                is_rate=is_rate,
                unit_label=unit_label,
                description=description,
            )
    except IntegrityError as error:
        raise Conflict(f"指标编码“{code}”已存在") from error
    audit_record(actor=actor, action="indicator.create", target=indicator, changes={"name": [None, name]})
    return indicator


@dataclass(frozen=True)
class ItemSpec:
    indicator: Indicator
    weight: Decimal
    normalization: str
    target: Decimal | None = None
    per_item: Decimal | None = None


def _item_problems(spec: ItemSpec) -> list[str]:
    label = spec.indicator.name
    problems = []
    if spec.weight <= 0:
        problems.append(f"“{label}”的满分必须大于0")
    if spec.normalization not in Normalization.values:
        problems.append(f"“{label}”的计分方法未知")
    if spec.normalization in {Normalization.CAP, Normalization.DEDUCTION} and not spec.per_item:
        problems.append(f"“{label}”按件计分或扣分,须填写每件分值")
    if spec.normalization == Normalization.THRESHOLD and spec.target is None:
        problems.append(f"“{label}”达标计分,须填写目标值")
    if spec.normalization == Normalization.DIRECT and spec.indicator.source != Source.MANUAL:
        problems.append(f"“{label}”是自动计算的指标,不能直接计分")
    return problems


@transaction.atomic
def scheme_create(
    *,
    actor: AnyUser,
    name: str,
    owner_unit: Unit,
    level: str,
    period_kind: str,
    items: list[ItemSpec],
    talk_after: int = 2,
    board_size: int = 5,
    linkage_weight: Decimal = Decimal("1"),
    description: str = "",
) -> Scheme:
    permission_require(actor, Action.MANAGE_SCHEMES)
    _require_owner(actor, owner_unit)
    problems = []
    if not name.strip():
        problems.append("方案名称必须填写")
    if level not in UnitLevel.values:
        problems.append("参评层级未知")
    if period_kind not in PeriodKind.values:
        problems.append("考核周期未知")
    if not items:
        problems.append("方案至少要有一项指标")
    if talk_after < 1 or board_size < 1:
        problems.append("约谈期数和红黑榜名数至少为1")
    if len({spec.indicator.pk for spec in items}) != len(items):
        problems.append("同一指标不能在方案中出现两次")
    for spec in items:
        problems += _item_problems(spec)
    if problems:
        raise ValidationFailed(";".join(problems))
    if Scheme.objects.filter(owner_unit=owner_unit, name=name.strip()).exists():
        raise Conflict(f"{owner_unit.name}已有名为“{name.strip()}”的方案")
    scheme = Scheme.objects.create(
        name=name.strip(),
        owner_unit=owner_unit,
        level=level,
        period_kind=period_kind,
        talk_after=talk_after,
        board_size=board_size,
        linkage_weight=linkage_weight,
        description=description,
    )
    SchemeItem.objects.bulk_create(
        SchemeItem(
            scheme=scheme,
            indicator=spec.indicator,
            weight=spec.weight,
            normalization=spec.normalization,
            target=spec.target,
            per_item=spec.per_item,
            position=position,
        )
        for position, spec in enumerate(items)
    )
    audit_record(
        actor=actor,
        action="scheme.create",
        target=scheme,
        unit=owner_unit,
        changes={"items": [None, [f"{spec.indicator.name} {spec.weight}分" for spec in items]]},
    )
    return scheme


@transaction.atomic
def manual_entry_record(
    *,
    actor: AnyUser,
    scheme: Scheme,
    item: SchemeItem,
    unit: Unit,
    period: Period,
    value: Decimal,
    evidence: str,
    attachment: Attachment | None = None,
    version: int | None = None,
) -> ManualEntry:
    """Enter (or correct) one figure on the score sheet; `version` guards against a concurrent correction."""
    permission_require(actor, Action.ENTER_SCORES)
    _require_owner(actor, scheme.owner_unit)
    if item.scheme_id != scheme.pk or item.indicator.source != Source.MANUAL:
        raise ValidationFailed("该指标由业务数据自动计算,不能手工录入")
    if not competing_units(scheme).filter(pk=unit.pk).exists():
        raise ValidationFailed(f"{unit.name}不是本方案的参评单位")
    if period.kind != scheme.period_kind:
        raise ValidationFailed("考核周期与方案不符")
    if not evidence.strip():
        raise ValidationFailed("请填写评分依据")
    if value < 0 or (item.normalization == Normalization.DIRECT and value > item.weight):
        raise ValidationFailed(f"分值应在 0 到 {item.weight} 之间")
    entry = (
        ManualEntry.objects.select_for_update()
        .filter(indicator=item.indicator, unit=unit, period_start=period.start, period_end=period.end)
        .first()
    )
    now = timezone.now()
    if entry is None:
        entry = ManualEntry.objects.create(
            indicator=item.indicator,
            unit=unit,
            period_start=period.start,
            period_end=period.end,
            value=value,
            evidence=evidence.strip(),
            attachment=attachment,
            entered_by=actor,  # type: ignore[misc]  # signed in: the permission check passed
            entered_at=now,
        )
        before = None
    else:
        if version is not None and version != entry.version:
            raise Conflict("该分值已被他人修改,请刷新后再录入")
        before = entry.value
        entry.value, entry.evidence, entry.entered_by, entry.entered_at = value, evidence.strip(), actor, now  # type: ignore[assignment]
        if attachment is not None:
            entry.attachment = attachment
        entry.version += 1
        entry.save()
    audit_record(
        actor=actor,
        action="manual_entry.record",
        target=entry,
        unit=unit,
        changes={"value": [before, value], "evidence": [None, evidence.strip()[:100]]},
    )
    return entry


def scores_compute(
    *, actor: AnyUser | None, scheme: Scheme, period: Period, now: datetime | None = None
) -> int:
    """Recompute now (the command and the background job); `actor` None is the scheduled job."""
    if actor is not None:
        permission_require(actor, Action.ENTER_SCORES)
        _require_owner(actor, scheme.owner_unit)
    if period.kind != scheme.period_kind:
        raise ValidationFailed("考核周期与方案不符")
    with transaction.atomic():
        units = period_compute(scheme=scheme, period=period, now=now or timezone.now())
        audit_record(
            actor=actor,
            action="scheme.compute",
            target=scheme,
            unit=scheme.owner_unit,
            changes={"period": [None, period.label], "units": [None, units]},
        )
    return units


@transaction.atomic
def scores_recompute_request(*, actor: AnyUser, scheme: Scheme, period: Period) -> ComputeRun:
    """Queue a recomputation on the background runner; the page follows the run's status."""
    permission_require(actor, Action.ENTER_SCORES)
    _require_owner(actor, scheme.owner_unit)
    if period.kind != scheme.period_kind:
        raise ValidationFailed("考核周期与方案不符")
    run = ComputeRun.objects.create(
        scheme=scheme,
        period_start=period.start,
        requested_by=actor,  # type: ignore[misc]
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="scheme.recompute_request",
        target=scheme,
        unit=scheme.owner_unit,
        changes={"period": [None, period.label]},
    )
    from xiangzhen.assessment.tasks import run_computation

    transaction.on_commit(lambda: run_computation(run.pk))
    return run


def compute_run_execute(run: ComputeRun, period: Period) -> ComputeRun:
    ComputeRun.objects.filter(pk=run.pk).update(status=ComputeStatus.RUNNING)
    try:
        units = scores_compute(actor=None, scheme=run.scheme, period=period)
    except Exception as error:  # the page must say it failed rather than spin forever
        ComputeRun.objects.filter(pk=run.pk).update(
            status=ComputeStatus.FAILED, finished_at=timezone.now(), message=str(error)[:200]
        )
        raise
    ComputeRun.objects.filter(pk=run.pk).update(
        status=ComputeStatus.DONE, finished_at=timezone.now(), units=units
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def board_publish(*, actor: AnyUser, scheme: Scheme, period: Period) -> Board:
    """Publish a period's leaderboard to the competing units."""
    permission_require(actor, Action.PUBLISH_BOARD)
    _require_owner(actor, scheme.owner_unit)
    if not Score.objects.filter(scheme=scheme, period_start=period.start).exists():
        raise ValidationFailed(f"{period.label}尚未计算分数,不能发布")
    board, created = Board.objects.get_or_create(
        scheme=scheme,
        period_start=period.start,
        defaults={"published_by": actor, "published_at": timezone.now()},
    )
    if not created:
        raise Conflict(f"{period.label}的榜单已经发布")
    audit_record(
        actor=actor,
        action="board.publish",
        target=board,
        unit=scheme.owner_unit,
        changes={"period": [None, period.label]},
    )
    return board
