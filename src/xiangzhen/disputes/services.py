"""Disputes settled close to home: register, mediate, escalate up the ladder only on the record, settle."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.disputes.models import (
    Dispute,
    DisputeCategory,
    DisputeEvent,
    DisputeParty,
    DisputeSource,
    DisputeStatus,
    MediationResult,
    MediationSession,
    Petition,
    ReceptionKind,
    RiskLevel,
    ScreeningReport,
    SettledLevel,
)
from xiangzhen.disputes.selectors import dispute_scope
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.transitions import transition
from xiangzhen.validators import MOBILE_PATTERN, mask_name, text_problems, text_require, validate_resident_id
from xiangzhen.workdays.alerts import SweepCount, recompute_provisional, supervised_deadline, sweep_alerts
from xiangzhen.workdays.calendar import CalendarUnavailable

LADDER_LEVELS = {
    UnitLevel.VILLAGE: SettledLevel.VILLAGE,
    UnitLevel.DISTRICT: SettledLevel.DISTRICT,
    UnitLevel.TOWN: SettledLevel.TOWN,
    UnitLevel.COUNTY: SettledLevel.COUNTY,
}


@dataclass(frozen=True)
class Party:
    name: str
    phone: str = ""
    id_number: str = ""


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _event(dispute: Dispute, kind: str, actor: User | None, at: datetime, note: str) -> None:
    DisputeEvent.objects.create(dispute=dispute, kind=kind, actor=actor, note=note, created_at=at)
    audit_record(
        actor=actor,
        action=f"dispute.{kind}",
        target=dispute,
        unit=dispute.handling_unit,
        changes={"note": [None, note[:100]]},
    )


def _ensure(actor: User, dispute: Dispute) -> None:
    if not dispute_scope(actor).filter(pk=dispute.pk).exists():
        raise NotFound("纠纷不存在或不在您的管辖范围内")


def _move(dispute: Dispute, *, allowed: Iterable[str], **changes: object) -> None:
    transition(dispute, allowed=allowed, noun="纠纷", **changes)


@transaction.atomic
def dispute_register(
    *,
    actor: User,
    title: str,
    summary: str,
    place: Unit,
    category: DisputeCategory,
    risk_level: str,
    source: str,
    responsible: Cadre,
    parties: Iterable[Party],
    limit_workdays: int | None = None,
    now: datetime | None = None,
) -> Dispute:
    at = _now(now)
    if not visible_units(actor).filter(pk=place.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    permission_require(actor, Action.REGISTER_DISPUTES)
    parties = list(parties)
    errors = text_problems(("纠纷名称", title, 120), ("基本情况", summary, None))
    errors += text_problems(
        *[(f"第 {n} 名当事人的姓名", party.name, 50) for n, party in enumerate(parties, start=1)],
        *[(f"第 {n} 名当事人的电话", party.phone, 20) for n, party in enumerate(parties, start=1)],
    )
    if errors:
        raise ValidationFailed(";".join(errors))
    if not title.strip() or not summary.strip():
        errors.append("纠纷名称和基本情况不能为空")
    if risk_level not in RiskLevel.values:
        errors.append("请选择风险等级")
    if source not in DisputeSource.values:
        errors.append("请选择来源")
    party_list = [
        Party(party.name.strip(), party.phone.strip(), party.id_number.strip().upper())
        for party in parties
        if party.name.strip()
    ]
    if not party_list:
        errors.append("至少登记一名当事人")
    errors += [
        f"当事人{mask_name(party.name)}的手机号不正确"
        for party in party_list
        if party.phone and not MOBILE_PATTERN.fullmatch(party.phone)
    ]
    for party in party_list:
        if party.id_number:
            try:
                validate_resident_id(party.id_number)
            except DjangoValidationError as error:
                errors.append(f"当事人{mask_name(party.name)}的{error.messages[0]}")
    if errors:
        raise ValidationFailed(";".join(errors))
    handling = place if place.level != UnitLevel.GROUP else place.parent
    assert handling is not None
    limit = limit_workdays or category.default_workdays
    try:
        deadline = supervised_deadline(start=timezone.localdate(at), limit_workdays=limit)
    except CalendarUnavailable as error:
        raise ValidationFailed(str(error)) from error
    dispute = Dispute.objects.create(
        title=title.strip(),
        summary=summary.strip(),
        place=place,
        handling_unit=handling,
        category=category,
        risk_level=risk_level,
        source=source,
        responsible=responsible,
        registered_on=timezone.localdate(at),
        limit_workdays=limit,
        created_by=actor,
        **deadline.fields(),
    )
    DisputeParty.objects.bulk_create(
        DisputeParty(dispute=dispute, name=p.name, phone=p.phone, id_number=p.id_number) for p in party_list
    )
    _event(
        dispute,
        "registered",
        actor,
        at,
        f"{handling.name}登记,包保责任人{responsible.name},{limit} 个工作日内化解",
    )
    return dispute


@transaction.atomic
def dispute_reveal_parties(*, actor: User, dispute: Dispute, reason: str) -> list[DisputeParty]:
    """Show the parties' full names, phones and ID numbers on purpose; every reveal is audited with its reason."""
    # Jurisdiction first: a dispute outside it is "not found", whatever the role.
    _ensure(actor, dispute)
    permission_require(actor, Action.REVEAL_PERSONAL_DATA)
    text_require(("用途", reason, 200))
    if not reason.strip():
        raise ValidationFailed("查看当事人完整信息须写明用途")
    parties = list(dispute.parties.order_by("id"))
    audit_record(
        actor=actor,
        action="dispute.reveal_personal_data",
        target=dispute,
        unit=dispute.handling_unit,
        changes={"reason": [None, reason.strip()[:200]], "parties": [None, len(parties)]},
    )
    return parties


def _settle_fields(dispute: Dispute, at: datetime) -> dict[str, object]:
    return {
        "status": DisputeStatus.SETTLED,
        "settled_on": timezone.localdate(at),
        "settled_level": LADDER_LEVELS[UnitLevel(dispute.handling_unit.level)],
    }


@transaction.atomic
def mediation_record(
    *,
    actor: User,
    dispute: Dispute,
    held_on: date,
    mediators: str,
    actions: str,
    result: str,
    agreement: str = "",
    attachment: UploadedFile | None = None,
    now: datetime | None = None,
) -> MediationSession:
    """A mediation session; 调解成功 with its agreement settles the dispute at the current level."""
    at = _now(now)
    _ensure(actor, dispute)
    if dispute.status != DisputeStatus.OPEN:
        raise Conflict("纠纷已结案,不能再登记调解")
    text_require(("调解人员", mediators, 200), ("调解过程", actions, None), ("调解协议", agreement, None))
    if result not in MediationResult.values:
        raise ValidationFailed("请选择调解结果")
    if not mediators.strip() or not actions.strip():
        raise ValidationFailed("请填写调解人员和调解过程")
    if result == MediationResult.SUCCESS and not agreement.strip():
        raise ValidationFailed("调解成功须录入调解协议")
    if held_on > timezone.localdate(at):
        raise ValidationFailed("调解日期不能晚于今天")
    if held_on < EARLIEST_DATE:
        raise ValidationFailed(f"调解日期不能早于 {EARLIEST_DATE.isoformat()}")
    session = MediationSession.objects.create(
        dispute=dispute,
        held_on=held_on,
        mediators=mediators.strip(),
        actions=actions.strip(),
        result=result,
        recorded_by=actor,
        attachment=(
            attachment_create(actor=actor, upload=attachment, unit=dispute.handling_unit, now=at)
            if attachment is not None
            else None
        ),
    )
    if result == MediationResult.SUCCESS:
        _move(
            dispute, allowed=[DisputeStatus.OPEN], agreement=agreement.strip(), **_settle_fields(dispute, at)
        )
    _event(dispute, "mediated", actor, at, f"{session.get_result_display()}:{actions.strip()[:60]}")
    return session


@transaction.atomic
def dispute_escalate(*, actor: User, dispute: Dispute, reason: str, now: datetime | None = None) -> Dispute:
    """One step up the ladder 村 → 片区 → 镇 → 县, with a reason; reaching the county is 矛盾上交."""
    at = _now(now)
    _ensure(actor, dispute)
    text_require(("上交原因", reason, None))
    if not reason.strip():
        raise ValidationFailed("上交须写明原因")
    parent = dispute.handling_unit.parent
    if parent is None:
        raise ValidationFailed("已在县级调处,无法再上交")
    previous = dispute.handling_unit.name
    _move(dispute, allowed=[DisputeStatus.OPEN], handling_unit=parent)
    _event(dispute, "escalated", actor, at, f"{previous} → {parent.name}:{reason.strip()}")
    return dispute


@transaction.atomic
def dispute_refer_to_litigation(
    *, actor: User, dispute: Dispute, note: str, now: datetime | None = None
) -> Dispute:
    at = _now(now)
    _ensure(actor, dispute)
    text_require(("说明", note, None))
    if not note.strip():
        raise ValidationFailed("请说明引导的诉讼或仲裁途径")
    _move(
        dispute,
        allowed=[DisputeStatus.OPEN],
        status=DisputeStatus.LITIGATION,
        settled_on=timezone.localdate(at),
    )
    _event(dispute, "litigation", actor, at, note.strip())
    return dispute


@transaction.atomic
def dispute_follow_up(*, actor: User, dispute: Dispute, note: str, now: datetime | None = None) -> Dispute:
    """回访 after settlement: is the agreement kept?"""
    at = _now(now)
    _ensure(actor, dispute)
    if dispute.status != DisputeStatus.SETTLED:
        raise Conflict("化解后才能回访")
    text_require(("回访情况", note, None))
    if not note.strip():
        raise ValidationFailed("请填写回访情况")
    _move(
        dispute,
        allowed=[DisputeStatus.SETTLED],
        followed_up_on=timezone.localdate(at),
        follow_up_note=note.strip(),
    )
    _event(dispute, "followed_up", actor, at, note.strip())
    return dispute


@transaction.atomic
def screening_report_submit(
    *,
    actor: User,
    village: Unit,
    month: date,
    dispute_count: int,
    note: str = "",
    now: datetime | None = None,
) -> ScreeningReport:
    """A village's monthly screening; 0 is an explicit zero report (零报告), not a missing one."""
    if not visible_units(actor).filter(pk=village.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    if village.level != UnitLevel.VILLAGE:
        raise ValidationFailed("排查报告由村(社区)按月提交")
    if dispute_count < 0:
        raise ValidationFailed("纠纷数不能为负")
    text_require(("说明", note, None))
    first_day = month.replace(day=1)
    if first_day > timezone.localdate(_now(now)):
        raise ValidationFailed("不能提前报送未来月份")
    report, _ = ScreeningReport.objects.update_or_create(
        unit=village,
        month=first_day,
        defaults={
            "dispute_count": dispute_count,
            "note": note.strip(),
            "submitted_by": actor,
            "submitted_at": _now(now),
        },
    )
    audit_record(
        actor=actor,
        action="screening_report.submit",
        target=report,
        unit=village,
        changes={"dispute_count": [None, dispute_count]},
    )
    return report


@transaction.atomic
def dispute_sweep_alerts(*, now: datetime | None = None) -> SweepCount:
    stamp = _now(now)
    return sweep_alerts(
        Dispute.objects.filter(status=DisputeStatus.OPEN),
        today=timezone.localdate(stamp),
        stamp=stamp,
        label="纠纷化解时限扫描",
    )


def recompute_provisional_dispute_deadlines(years: Iterable[int]) -> int:
    return recompute_provisional(
        Dispute.objects.filter(
            status=DisputeStatus.OPEN, due_is_provisional=True, due_date__year__in=list(years)
        ),
        start=lambda dispute: dispute.registered_on,
        limit=lambda dispute: dispute.limit_workdays,
    )


@transaction.atomic
def petition_record(
    *,
    actor: User,
    petitioner: str,
    phone: str,
    unit: Unit,
    kind: str,
    received_on: date,
    receiver: Cadre,
    summary: str,
    dispute: Dispute | None = None,
) -> Petition:
    if not visible_units(actor).filter(pk=unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    errors = text_problems(("来访人", petitioner, 50), ("电话", phone, 20), ("反映问题", summary, None))
    if errors:
        raise ValidationFailed(";".join(errors))
    if not petitioner.strip() or not summary.strip():
        errors.append("来访人和反映问题不能为空")
    if phone.strip() and not MOBILE_PATTERN.fullmatch(phone.strip()):
        errors.append("手机号不正确")
    if kind not in ReceptionKind.values:
        errors.append("请选择接待方式")
    if dispute is not None and not dispute_scope(actor).filter(pk=dispute.pk).exists():
        errors.append("关联的纠纷不在您的管辖范围内")
    if errors:
        raise ValidationFailed(";".join(errors))
    petition = Petition.objects.create(
        petitioner=petitioner.strip(),
        phone=phone.strip(),
        unit=unit,
        kind=kind,
        received_on=received_on,
        receiver=receiver,
        summary=summary.strip(),
        dispute=dispute,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="petition.record",
        target=petition,
        unit=unit,
        changes={"kind": [None, kind], "dispute": [None, dispute.pk if dispute else None]},
    )
    return petition
