"""Workflows of the one-window service hall: one function per business action, each atomic and audited."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import LEVEL_RANK, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.services.models import (
    UNIT_LEVEL_TO_SERVICE_LEVEL,
    EventKind,
    MaterialsNotice,
    Notification,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
    RequestEvent,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
)
from xiangzhen.services.scopes import request_scopes_add, request_scopes_replace
from xiangzhen.services.selectors import (
    items_offered_at,
    service_request_scope,
    user_may_override_notice,
)
from xiangzhen.transitions import transition
from xiangzhen.validators import validate_mobile, validate_resident_id
from xiangzhen.workdays.alerts import AlertLevel, supervised_deadline, sweep_alerts
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str
    id_number: str
    address: str = ""


@dataclass(frozen=True)
class CitizenReport:
    """What a citizen reports about the request itself (Open311): their words, the place, a photo link."""

    description: str = ""
    address_string: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    media_url: str = ""


def _validate_report(report: CitizenReport) -> CitizenReport:
    if (report.latitude is None) != (report.longitude is None):
        raise ValidationFailed("纬度和经度须同时提供")
    if report.latitude is not None and not -90 <= report.latitude <= 90:
        raise ValidationFailed("纬度须在 -90 到 90 之间")
    if report.longitude is not None and not -180 <= report.longitude <= 180:
        raise ValidationFailed("经度须在 -180 到 180 之间")
    if report.media_url:
        try:
            URLValidator(schemes=["http", "https"])(report.media_url)
        except ValidationError as error:
            raise ValidationFailed("图片链接须是 http 或 https 网址") from error
    if len(report.address_string) > 200 or len(report.media_url) > 500:
        raise ValidationFailed("地点不能超过 200 字,图片链接不能超过 500 字")
    return CitizenReport(
        description=report.description.strip(),
        address_string=report.address_string.strip(),
        latitude=None if report.latitude is None else round(report.latitude, 6),
        longitude=None if report.longitude is None else round(report.longitude, 6),
        media_url=report.media_url,
    )


class IntakeDecision:
    ACCEPT = "accept"
    NOTICE = "notice"
    REJECT = "reject"
    ALL = (ACCEPT, NOTICE, REJECT)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _validate_applicant(applicant: Applicant) -> Applicant:
    errors = []
    if not applicant.name.strip():
        errors.append("申请人姓名不能为空")
    for validator, value in (
        (validate_mobile, applicant.phone.strip()),
        (validate_resident_id, applicant.id_number.strip()),
    ):
        try:
            validator(value)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationFailed(";".join(errors))
    return Applicant(
        applicant.name.strip(),
        applicant.phone.strip(),
        applicant.id_number.strip().upper(),
        applicant.address.strip(),
    )


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
        if not ServiceRequest.objects.filter(tracking_code=code).exists():
            return code


def _event(
    request: ServiceRequest,
    kind: str,
    actor: User | None,
    at: datetime,
    note: str = "",
    attachment: UploadedFile | None = None,
) -> RequestEvent:
    event = RequestEvent(request=request, kind=kind, actor=actor, note=note, created_at=at)
    if attachment is not None:
        event.attachment = attachment_create(
            actor=actor, upload=attachment, unit=request.handling_unit, now=at
        )
    event.save()
    return event


def _audit(actor: User | None, action: str, request: ServiceRequest, **changes: object) -> None:
    audit_record(
        actor=actor,
        action=f"service_request.{action}",
        target=request,
        unit=request.handling_unit,
        changes={key: [None, value] for key, value in changes.items()},
    )


def _transition(request: ServiceRequest, *, allowed: Iterable[str], **changes: object) -> None:
    transition(request, allowed=allowed, noun="办件", **changes)


def _ensure_in_jurisdiction(actor: User, request: ServiceRequest) -> None:
    if not service_request_scope(actor).filter(pk=request.pk).exists():
        raise NotFound("办件不存在或不在您的管辖范围内")


def _missing_materials(item: ServiceItem, present: Iterable[str], extra_missing: Iterable[str]) -> list[str]:
    present_names = set(present)
    known = {material.name for material in item.materials.all()}
    unknown = present_names - known
    if unknown:
        raise ValidationFailed(f"“{item.name}”的材料清单中没有:{'、'.join(sorted(unknown))}")
    missing = [m.name for m in item.materials.all() if not m.may_follow_later and m.name not in present_names]
    for name in extra_missing:
        if name.strip() and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def _deadline_fields(
    item: ServiceItem, accepted_on_date: date, paused_workdays: int = 0
) -> dict[str, object]:
    try:
        deadline = supervised_deadline(
            start=accepted_on_date, limit_workdays=item.promised_days, paused_workdays=paused_workdays
        )
    except CalendarUnavailable as error:
        raise ValidationFailed(str(error)) from error
    return deadline.fields()


@transaction.atomic
def service_request_intake(
    *,
    officer: User,
    item: ServiceItem,
    unit: Unit,
    applicant: Applicant,
    materials_present: Iterable[str],
    decision: str,
    extra_missing: Iterable[str] = (),
    rejection_reason: str = "",
    rejection_basis: str = "",
    report: CitizenReport | None = None,
    now: datetime | None = None,
) -> ServiceRequest:
    """一窗受理: register the citizen's request and accept it, notify them once of what is missing, or reject it."""
    at = _now(now)
    if decision not in IntakeDecision.ALL:
        raise ValidationFailed("请选择受理、一次性告知或不予受理")
    if not visible_units(officer).filter(pk=unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    permission_require(officer, Action.INTAKE)
    if unit.level == UnitLevel.GROUP:
        raise ValidationFailed("村民组不设受理窗口,请选择村(社区)或以上单位")
    if not item.is_active:
        raise ValidationFailed(f"事项“{item.name}”已停用")
    if not ServiceItem.objects.filter(items_offered_at([unit]), pk=item.pk).exists():
        raise ValidationFailed(f"事项“{item.name}”属于其他县乡的目录,{unit.name}不能受理")
    applicant = _validate_applicant(applicant)
    report = _validate_report(report or CitizenReport())
    present = list(materials_present)
    missing = _missing_materials(item, present, extra_missing)
    if decision == IntakeDecision.ACCEPT and missing:
        raise ValidationFailed(f"材料不齐,不能受理:缺{'、'.join(missing)}。请出具一次性告知书")
    if decision == IntakeDecision.NOTICE and not missing:
        raise ValidationFailed("材料已齐全,无需告知,请直接受理")
    if decision == IntakeDecision.REJECT and not (rejection_reason.strip() and rejection_basis.strip()):
        raise ValidationFailed("不予受理须写明理由和依据")
    request = ServiceRequest.objects.create(
        tracking_code=_new_tracking_code(),
        item=item,
        filed_at_unit=unit,
        handling_unit=unit,
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        applicant_id_number=applicant.id_number,
        applicant_address=applicant.address,
        description=report.description,
        address_string=report.address_string,
        latitude=report.latitude,
        longitude=report.longitude,
        media_url=report.media_url,
        status=RequestStatus.AWAITING_MATERIALS,
        first_officer=officer,
        created_at=at,
        visits=1,
    )
    request_scopes_add([request])
    _event(request, EventKind.REGISTERED, officer, at, f"在{unit.name}登记")
    _audit(officer, "register", request, item=item.code, unit=unit.name)
    if decision == IntakeDecision.ACCEPT:
        _accept(request, officer, at, present)
    elif decision == IntakeDecision.NOTICE:
        _issue_notice(request, officer, at, missing, override_reason="")
    else:
        _transition(
            request,
            allowed=[RequestStatus.AWAITING_MATERIALS],
            status=RequestStatus.REJECTED,
            rejection_reason=rejection_reason.strip(),
            rejection_basis=rejection_basis.strip(),
        )
        _event(
            request,
            EventKind.REJECTED,
            officer,
            at,
            f"{rejection_reason.strip()}(依据:{rejection_basis.strip()})",
        )
        _audit(officer, "reject", request, reason=rejection_reason.strip())
    return request


def _accept(request: ServiceRequest, officer: User, at: datetime, present: list[str]) -> None:
    today = timezone.localdate(at)
    follow_later = [
        m.name for m in request.item.materials.all() if m.may_follow_later and m.name not in set(present)
    ]
    _transition(
        request,
        allowed=[RequestStatus.AWAITING_MATERIALS],
        status=RequestStatus.ACCEPTED,
        accepted_at=at,
        accepted_on=today,
        alert=AlertLevel.NONE,
        follow_later=follow_later,
        **_deadline_fields(request.item, today),
    )
    note = f"受理,限 {request.item.promised_days} 个工作日内办结,期限 {request.due_date}"
    if request.due_is_provisional:
        note += "(暂定:该年工作日历尚未公布)"
    if follow_later:
        note += f";容缺受理,后补:{'、'.join(follow_later)}"
    _event(request, EventKind.ACCEPTED, officer, at, note)
    _audit(officer, "accept", request, due_date=str(request.due_date), follow_later=follow_later)


def _issue_notice(
    request: ServiceRequest, officer: User, at: datetime, missing: list[str], override_reason: str
) -> MaterialsNotice:
    first = request.notices.order_by("number").first()
    if first is not None:
        beyond = [name for name in missing if name not in first.missing]
        if beyond:
            if not user_may_override_notice(officer):
                raise PermissionDenied(
                    f"一次性告知:首次告知未列出“{'、'.join(beyond)}”,不能再要求群众补交。确需补充的,须由乡镇领导写明理由后出具"
                )
            if not override_reason.strip():
                raise ValidationFailed(f"超出首次告知的材料({'、'.join(beyond)})须写明理由")
    notice = MaterialsNotice.objects.create(
        request=request,
        number=request.notices.count() + 1,
        missing=missing,
        issued_by=officer,
        issued_at=at,
        override_reason=override_reason.strip(),
        override_by=officer if override_reason.strip() else None,
    )
    _event(request, EventKind.NOTICE, officer, at, f"第 {notice.number} 次告知,需补:{'、'.join(missing)}")
    audit_record(
        actor=officer,
        action="service_request.notice",
        target=request,
        unit=request.handling_unit,
        changes={"missing": [None, missing], "override_reason": [None, override_reason.strip()]},
    )
    return notice


@transaction.atomic
def service_request_return(
    *,
    officer: User,
    request: ServiceRequest,
    materials_present: Iterable[str],
    extra_missing: Iterable[str] = (),
    override_reason: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    """The citizen comes back with materials: accept if complete, otherwise notify of what is still missing."""
    at = _now(now)
    _ensure_in_jurisdiction(officer, request)
    if request.status != RequestStatus.AWAITING_MATERIALS:
        raise Conflict(f"办件当前状态为“{request.get_status_display()}”,不在补正中")
    present = list(materials_present)
    # Materials a notice asked for beyond the catalogue stay missing until the clerk ticks them as brought.
    catalogue = {material.name for material in request.item.materials.all()}
    latest = request.notices.order_by("-number").first()
    listed_extras = [name for name in (latest.missing if latest else []) if name not in catalogue]
    brought_extras = {name for name in present if name in listed_extras}
    present = [name for name in present if name not in brought_extras]
    still_missing_extras = [name for name in listed_extras if name not in brought_extras]
    missing = _missing_materials(request.item, present, [*still_missing_extras, *extra_missing])
    ServiceRequest.objects.filter(pk=request.pk).update(visits=F("visits") + 1)
    request.refresh_from_db()
    _event(request, EventKind.RETURNED, officer, at, f"群众第 {request.visits} 次到场")
    if missing:
        _issue_notice(request, officer, at, missing, override_reason)
    else:
        _accept(request, officer, at, present)
    return request


@transaction.atomic
def service_request_assign(
    *, actor: User, request: ServiceRequest, officer: User, now: datetime | None = None
) -> ServiceRequest:
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if not visible_units(officer).filter(pk=request.handling_unit_id).exists():
        raise ValidationFailed(
            f"{officer.first_name or officer.username}不负责{request.handling_unit.name},不能承办"
        )
    _transition(request, allowed=[RequestStatus.ACCEPTED, RequestStatus.PAUSED], assigned_officer=officer)
    _event(request, EventKind.ASSIGNED, actor, at, f"承办人:{officer.first_name or officer.username}")
    Notification.objects.create(
        recipient=officer,
        request=request,
        created_at=at,
        message=f"您有新的办件:{request.item.name}({request.tracking_code})",
    )
    _audit(actor, "assign", request, assigned_officer=officer.username)
    return request


@transaction.atomic
def service_request_hand_over(
    *, actor: User, request: ServiceRequest, officer: User, note: str, now: datetime | None = None
) -> ServiceRequest:
    """首问负责 ends only here: the first officer's answerability passes to another, on the record."""
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if not note.strip():
        raise ValidationFailed("移交首问责任须写明原因")
    if officer.pk == request.first_officer_id:
        raise ValidationFailed("该办件的首问责任人已是此人,无需移交")
    if not visible_units(officer).filter(pk=request.handling_unit_id).exists():
        # The one who answers for a request must be able to open it.
        raise ValidationFailed(
            f"{officer.first_name or officer.username}不负责{request.handling_unit.name},不能接收首问责任"
        )
    previous = request.first_officer
    _transition(
        request,
        allowed=[RequestStatus.AWAITING_MATERIALS, RequestStatus.ACCEPTED, RequestStatus.PAUSED],
        first_officer=officer,
    )
    _event(
        request,
        EventKind.HANDED_OVER,
        actor,
        at,
        f"{previous.first_name or previous.username} → {officer.first_name or officer.username}:{note.strip()}",
    )
    _audit(actor, "hand_over", request, first_officer=officer.username)
    return request


@transaction.atomic
def service_request_add_note(
    *,
    actor: User,
    request: ServiceRequest,
    note: str,
    attachment: UploadedFile | None = None,
    now: datetime | None = None,
) -> RequestEvent:
    _ensure_in_jurisdiction(actor, request)
    if not note.strip() and attachment is None:
        raise ValidationFailed("请填写办理进展或上传附件")
    event = _event(request, EventKind.NOTE, actor, _now(now), note.strip(), attachment)
    _audit(actor, "note", request, note=note.strip()[:100])
    return event


@transaction.atomic
def service_request_pause(
    *, actor: User, request: ServiceRequest, reason: str, now: datetime | None = None
) -> ServiceRequest:
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if not reason.strip():
        raise ValidationFailed("暂停计时须写明原因")
    _transition(
        request,
        allowed=[RequestStatus.ACCEPTED],
        status=RequestStatus.PAUSED,
        paused_on=timezone.localdate(at),
    )
    _event(request, EventKind.PAUSED, actor, at, reason.strip())
    _audit(actor, "pause", request, reason=reason.strip())
    return request


@transaction.atomic
def service_request_resume(
    *, actor: User, request: ServiceRequest, now: datetime | None = None
) -> ServiceRequest:
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if request.status != RequestStatus.PAUSED or request.paused_on is None or request.accepted_on is None:
        raise Conflict(f"办件当前状态为“{request.get_status_display()}”,没有暂停")
    paused = request.paused_workdays + WorkdayCalendar().workdays_between(
        request.paused_on, timezone.localdate(at)
    )
    _transition(
        request,
        allowed=[RequestStatus.PAUSED],
        status=RequestStatus.ACCEPTED,
        paused_on=None,
        paused_workdays=paused,
        alert=AlertLevel.NONE,
        **_deadline_fields(request.item, request.accepted_on, paused),
    )
    _event(request, EventKind.RESUMED, actor, at, f"恢复计时,期限顺延至 {request.due_date}")
    _audit(actor, "resume", request, due_date=str(request.due_date), paused_workdays=paused)
    return request


def _ladder_allows(current: Unit, target: Unit) -> bool:
    """Up to an ancestor or down to a descendant on the ladder 村 → 片区 → 镇 → 县 (no 村民组)."""
    if target.level == UnitLevel.GROUP or target.pk == current.pk:
        return False
    if target.pk in current.ancestor_ids():
        return True
    return (
        current.pk in target.ancestor_ids()
        and LEVEL_RANK[UnitLevel(target.level)] > LEVEL_RANK[UnitLevel(current.level)]
    )


@transaction.atomic
def service_request_transfer(
    *, actor: User, request: ServiceRequest, to_unit: Unit, reason: str, now: datetime | None = None
) -> ServiceRequest:
    """转办 up or down the ladder; the deadline keeps running, and the first officer stays answerable."""
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if not reason.strip():
        raise ValidationFailed("转办须写明原因")
    if not _ladder_allows(request.handling_unit, to_unit):
        raise ValidationFailed(f"只能在{request.handling_unit.name}的上级或下级之间转办")
    previous = request.handling_unit.name
    _transition(
        request,
        allowed=[RequestStatus.ACCEPTED, RequestStatus.PAUSED],
        handling_unit=to_unit,
        assigned_officer=None,
    )
    request_scopes_replace(request)
    _event(request, EventKind.TRANSFERRED, actor, at, f"{previous} → {to_unit.name}:{reason.strip()}")
    audit_record(
        actor=actor,
        action="service_request.transfer",
        target=request,
        unit=to_unit,
        changes={"handling_unit": [previous, to_unit.name], "reason": [None, reason.strip()]},
    )
    return request


@transaction.atomic
def service_request_complete(
    *, actor: User, request: ServiceRequest, result: str, now: datetime | None = None
) -> ServiceRequest:
    at = _now(now)
    _ensure_in_jurisdiction(actor, request)
    if not result.strip():
        raise ValidationFailed("请填写办理结果")
    if request.status == RequestStatus.PAUSED:
        raise Conflict("办件处于暂停计时状态,请先恢复计时再办结")
    today = timezone.localdate(at)
    assert request.accepted_on is not None or request.status != RequestStatus.ACCEPTED
    used = (
        max(0, WorkdayCalendar().workdays_between(request.accepted_on, today) - request.paused_workdays)
        if request.accepted_on
        else 0
    )
    _transition(
        request,
        allowed=[RequestStatus.ACCEPTED],
        status=RequestStatus.COMPLETED,
        completed_at=at,
        completed_on=today,
        completed_on_time=bool(request.due_date and today <= request.due_date),
        workdays_used=used,
        result=result.strip(),
        settled_level=UNIT_LEVEL_TO_SERVICE_LEVEL.get(UnitLevel(request.handling_unit.level), ""),
    )
    _event(request, EventKind.COMPLETED, actor, at, result.strip())
    _audit(actor, "complete", request, on_time=request.completed_on_time, settled_level=request.settled_level)
    return request


@transaction.atomic
def service_request_rate(
    *,
    request: ServiceRequest,
    level: int,
    comment: str = "",
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> Rating:
    """好差评 by the citizen (public page) or recorded by staff; a poor rating opens a rectification."""
    at = _now(now)
    if recorded_by is not None:
        _ensure_in_jurisdiction(recorded_by, request)
    if level not in RatingLevel.values:
        raise ValidationFailed("请选择评价等级")
    if request.status != RequestStatus.COMPLETED:
        raise Conflict("办结后才能评价")
    if Rating.objects.filter(request=request).exists():
        raise Conflict("该办件已评价,每件只能评价一次")
    rating = Rating.objects.create(
        request=request, level=level, comment=comment.strip()[:1000], recorded_by=recorded_by, created_at=at
    )
    _event(
        request, EventKind.RATED, recorded_by, at, f"{rating.get_level_display()} {comment.strip()}".strip()
    )
    _audit(recorded_by, "rate", request, level=level)
    if rating.is_poor():
        due = WorkdayCalendar().add_workdays(timezone.localdate(at), settings.RECTIFICATION_WORKDAYS).date
        Rectification.objects.create(rating=rating, status=RectificationStatus.VERIFYING, due_date=due)
        recipient = request.assigned_officer or request.first_officer
        Notification.objects.create(
            recipient=recipient,
            request=request,
            created_at=at,
            message=f"差评待整改:{request.item.name}({request.tracking_code}),{due} 前回复群众",
        )
    return rating


@transaction.atomic
def rectification_advance(
    *,
    actor: User,
    rectification: Rectification,
    verification: str = "",
    measures: str = "",
    reply: str = "",
    now: datetime | None = None,
) -> Rectification:
    """核实 → 整改 → 回复群众, each step with its text."""
    request = rectification.rating.request
    _ensure_in_jurisdiction(actor, request)
    if rectification.status == RectificationStatus.VERIFYING:
        if not verification.strip():
            raise ValidationFailed("请填写核实情况")
        rectification.verification, rectification.status = (
            verification.strip(),
            RectificationStatus.RECTIFYING,
        )
        fields = ["verification", "status"]
    elif rectification.status == RectificationStatus.RECTIFYING:
        if not (measures.strip() and reply.strip()):
            raise ValidationFailed("请填写整改措施和给群众的回复")
        rectification.measures, rectification.reply = measures.strip(), reply.strip()
        rectification.status, rectification.replied_at = RectificationStatus.REPLIED, _now(now)
        fields = ["measures", "reply", "status", "replied_at"]
    else:
        raise Conflict("该差评已整改并回复")
    rectification.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="rectification.advance",
        target=rectification,
        unit=request.handling_unit,
        changes={"status": [None, rectification.status]},
    )
    return rectification


@transaction.atomic
def service_request_reveal(
    *, actor: User, request: ServiceRequest, reason: str, purpose: str = "查看", now: datetime | None = None
) -> Applicant:
    """Show (or print) the unmasked personal data on purpose, with a reason; every reveal is audited."""
    # Jurisdiction first: a request outside it is "not found", whatever the role.
    _ensure_in_jurisdiction(actor, request)
    permission_require(actor, Action.REVEAL_PERSONAL_DATA)
    if not reason.strip():
        raise ValidationFailed(f"{purpose}完整个人信息须写明原因")
    _event(request, EventKind.REVEALED, actor, _now(now), f"{purpose}:{reason.strip()}")
    _audit(actor, "reveal_personal_data", request, reason=reason.strip(), purpose=purpose)
    return Applicant(
        request.applicant_name,
        request.applicant_phone,
        request.applicant_id_number,
        request.applicant_address,
    )


@dataclass(frozen=True)
class SweepResult:
    red: int
    yellow: int

    def summary(self) -> str:
        return f"标记超期 {self.red} 件, 预警 {self.yellow} 件"


def _notify_changed(stamp: datetime, alert: str, message: str) -> None:
    """One INSERT … SELECT per rule: a timeline entry for every row the sweep just changed (the officer's
    notice comes from the one clock, `clock.services.clock_sweep`)."""
    request_table = ServiceRequest._meta.db_table
    # Raw parameters bypass the ORM's conversion; adapt the timestamp as the column stores it.
    stamp_value = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RequestEvent._meta.db_table} (request_id, kind, note, created_at) "
            f"SELECT id, %s, %s, %s FROM {request_table} WHERE alert = %s AND alert_changed_at = %s",
            [EventKind.ALERTED, message, stamp_value, alert, stamp_value],
        )


@transaction.atomic
def service_request_sweep_alerts(*, now: datetime | None = None) -> SweepResult:
    """跟踪督办: one UPDATE per rule over open rows, never a Python loop over requests."""
    stamp = _now(now)
    today = timezone.localdate(stamp)
    count = sweep_alerts(
        ServiceRequest.objects.filter(status=RequestStatus.ACCEPTED),
        today=today,
        stamp=stamp,
        label="跟踪督办扫描",
    )
    red, yellow = count.red, count.yellow
    if red:
        _notify_changed(stamp, AlertLevel.RED, "红牌:办件已超期,请立即办结")
    if yellow:
        _notify_changed(stamp, AlertLevel.YELLOW, "黄牌:办件临近期限")
    if (red or yellow) and settings.SERVICE_ALERT_WEBHOOK_URL:
        from xiangzhen.services.tasks import send_alert_to_robot

        message = f"跟踪督办提醒:新增红牌(超期){red} 件、黄牌(临期){yellow} 件,请及时办理。"
        transaction.on_commit(lambda: send_alert_to_robot(message))
    return SweepResult(red, yellow)
