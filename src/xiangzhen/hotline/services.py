"""Every step of a 12345 work order: one function each, atomic, audited, permission-checked, 409 on a stale form.

派单(receive) → 签收 → 联系来电人 → 办理 → 反馈 → 回访 → 考核 → 归档, with 退单 (reviewed by the dispatcher),
申请延期 (approved by the dispatcher), 重办 after 不满意 and 转办 inside the town."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.duties.models import DutyItem
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.hotline.models import (
    OPEN_STATUSES,
    RETURNABLE_STATUSES,
    ExtensionStatus,
    OrderKind,
    OrderStatus,
    Rating,
    ReturnReason,
    Stage,
    StepKind,
    Urgency,
    WorkOrder,
    WorkOrderStep,
)
from xiangzhen.hotline.rules import due_after, limit_for, rule_set_for
from xiangzhen.hotline.selectors import order_scope
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import cadre_of, unit_require_visible
from xiangzhen.transitions import transition
from xiangzhen.validators import text_require

NOUN = "工单"


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _ensure(actor: User, order: WorkOrder) -> None:
    if not order_scope(actor).filter(pk=order.pk).exists():
        raise NotFound("工单不存在或不在您的管辖范围内")


def _fresh(order: WorkOrder, version: int | None) -> None:
    if version is not None and version != order.version:
        raise Conflict("工单已被他人处理,请刷新后重试")


def _step(
    order: WorkOrder,
    *,
    actor: User | None,
    kind: str,
    at: datetime,
    note: str = "",
    attachment: UploadedFile | None = None,
    changes: dict[str, Any] | None = None,
) -> WorkOrderStep:
    step = WorkOrderStep(
        order=order,
        kind=kind,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor is not None else "12345平台",
        at=at,
        note=note,
    )
    if attachment is not None:
        step.attachment = attachment_create(actor=actor, upload=attachment, unit=order.town, now=at)
    step.save()
    audit_record(
        actor=actor,
        action=f"hotline.{kind}",
        target=order,
        unit=order.town,
        changes={"status": [None, order.status], **(changes or {})},
    )
    return step


def _local_date(moment: datetime) -> Any:
    return timezone.localdate(moment)


@dataclass(frozen=True)
class Intake:
    """What the platform sends with an order."""

    platform_number: str
    content: str
    dispatched_at: datetime
    caller_name: str = ""
    caller_phone: str = ""
    place: str = ""
    category: str = ""
    kind: str = OrderKind.HELP
    urgency: str = Urgency.GENERAL
    village: Unit | None = None


@transaction.atomic
def order_receive(
    *, actor: User, town: Unit, intake: Intake, handler: Cadre | None = None, now: datetime | None = None
) -> tuple[WorkOrder, bool]:
    """派单: the county platform pushes an order (or its dispatcher enters one by hand).

    Idempotent on the platform's number within the county: a resent order returns the row already kept,
    changed in nothing, and `created` is False."""
    at = _now(now)
    # Orders come from the county's platform (or its dispatcher's hand): a town never types one again.
    permission_require(actor, Action.DISPATCH_HOTLINE)
    unit_require_visible(actor, town)
    if town.level != UnitLevel.TOWN:
        raise ValidationFailed("12345工单派给乡镇(街道),请选择一个乡镇")
    county = town.parent
    while county is not None and county.level != UnitLevel.COUNTY:
        county = county.parent
    if county is None:
        raise ValidationFailed("该乡镇不属于任何县(区),无法确定派单平台")
    number = intake.platform_number.strip()
    text_require(
        ("工单编号", number, 40),
        ("诉求内容", intake.content, None),
        ("来电人", intake.caller_name, 50),
        ("来电号码", intake.caller_phone, 20),
        ("地点", intake.place, 200),
        ("诉求分类", intake.category, 40),
    )
    if not number:
        raise ValidationFailed("请填写12345平台的工单编号")
    existing = WorkOrder.objects.filter(county=county, platform_number=number).first()
    if existing is not None:
        return existing, False
    if not intake.content.strip():
        raise ValidationFailed("请填写诉求内容")
    if intake.kind not in OrderKind.values:
        raise ValidationFailed(f"诉求类型不正确:{intake.kind}")
    if intake.urgency not in Urgency.values:
        raise ValidationFailed(f"紧急程度不正确:{intake.urgency}")
    if timezone.is_naive(intake.dispatched_at):
        raise ValidationFailed("派单时间须带时区")
    if intake.dispatched_at > at:
        raise ValidationFailed("派单时间不能晚于现在")
    if intake.village is not None and not Unit.objects.within([town]).filter(pk=intake.village.pk).exists():
        raise ValidationFailed("村(社区)不在该乡镇")
    rule_set = rule_set_for(county)
    respond_due = due_after(
        intake.dispatched_at,
        limit_for(rule_set, stage=Stage.RESPOND, kind=intake.kind, urgency=intake.urgency),
    )
    resolve_due = due_after(
        intake.dispatched_at,
        limit_for(rule_set, stage=Stage.RESOLVE, kind=intake.kind, urgency=intake.urgency),
    )
    order = WorkOrder(
        county=county,
        platform_number=number,
        town=town,
        handler_unit=town,
        handler=handler,
        caller_name=intake.caller_name.strip(),
        caller_phone=intake.caller_phone.strip(),
        content=intake.content.strip(),
        place=intake.place.strip(),
        village=intake.village,
        category=intake.category.strip(),
        kind=intake.kind,
        urgency=intake.urgency,
        dispatched_at=intake.dispatched_at,
        respond_due_at=respond_due,
        resolve_due_at=resolve_due,
        due_date=_local_date(respond_due),
    )
    try:
        # A savepoint: two deliveries of the same order racing each other leave one row, the other reads it.
        with transaction.atomic():
            order.save()
    except IntegrityError:
        existing = WorkOrder.objects.filter(county=county, platform_number=number).first()
        if existing is None:
            raise
        return existing, False
    _step(
        order,
        actor=actor,
        kind=StepKind.DISPATCH,
        at=intake.dispatched_at,
        note=f"响应时限 {timezone.localtime(respond_due):%Y-%m-%d %H:%M},"
        f"办结时限 {timezone.localtime(resolve_due):%Y-%m-%d %H:%M}",
        changes={"platform_number": [None, number]},
    )
    return order, True


def _handle_require(actor: User, order: WorkOrder, version: int | None) -> None:
    permission_require(actor, Action.HANDLE_HOTLINE)
    _ensure(actor, order)
    _fresh(order, version)


def _dispatch_require(actor: User, order: WorkOrder, version: int | None) -> None:
    permission_require(actor, Action.DISPATCH_HOTLINE)
    _ensure(actor, order)
    _fresh(order, version)


@transaction.atomic
def order_sign(
    *, actor: User, order: WorkOrder, version: int | None = None, now: datetime | None = None
) -> WorkOrder:
    """签收: the one who signs becomes the handler unless the order was already given to someone."""
    at = _now(now)
    _handle_require(actor, order, version)
    changes: dict[str, Any] = {"status": OrderStatus.SIGNED, "signed_at": at}
    if order.handler_id is None:
        cadre = cadre_of(actor)
        if cadre is not None:
            changes["handler"] = cadre
    transition(order, allowed=[OrderStatus.DISPATCHED], noun=NOUN, **changes)
    _step(order, actor=actor, kind=StepKind.SIGN, at=at)
    return order


@transaction.atomic
def order_contact(
    *, actor: User, order: WorkOrder, note: str, version: int | None = None, now: datetime | None = None
) -> WorkOrder:
    """First contact with the caller: the response is on time when signed and contacted within the limit."""
    at = _now(now)
    _handle_require(actor, order, version)
    text_require(("联系情况", note, None))
    if not note.strip():
        raise ValidationFailed("请写明联系来电人的情况")
    transition(
        order,
        allowed=[OrderStatus.SIGNED],
        noun=NOUN,
        status=OrderStatus.CONTACTED,
        contacted_at=at,
        responded_on_time=at <= order.respond_due_at,
        due_date=_local_date(order.resolve_due_at),
    )
    _step(order, actor=actor, kind=StepKind.CONTACT, at=at, note=note.strip())
    return order


@transaction.atomic
def order_handle(
    *,
    actor: User,
    order: WorkOrder,
    note: str,
    attachment: UploadedFile | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """办理: a record of the work done, with a photo or document if any."""
    at = _now(now)
    _handle_require(actor, order, version)
    text_require(("办理情况", note, None))
    if not note.strip():
        raise ValidationFailed("请填写办理情况")
    transition(
        order, allowed=[OrderStatus.CONTACTED, OrderStatus.HANDLING], noun=NOUN, status=OrderStatus.HANDLING
    )
    _step(order, actor=actor, kind=StepKind.HANDLE, at=at, note=note.strip(), attachment=attachment)
    return order


@transaction.atomic
def order_reply(
    *,
    actor: User,
    order: WorkOrder,
    reply: str,
    attachment: UploadedFile | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """反馈: the town's answer goes back to the platform, which reads it through the API."""
    at = _now(now)
    _handle_require(actor, order, version)
    text_require(("办理结果", reply, None))
    if not reply.strip():
        raise ValidationFailed("请填写办理结果")
    transition(
        order,
        allowed=[OrderStatus.CONTACTED, OrderStatus.HANDLING],
        noun=NOUN,
        status=OrderStatus.REPLIED,
        replied_at=at,
        reply=reply.strip(),
    )
    _step(order, actor=actor, kind=StepKind.REPLY, at=at, note=reply.strip(), attachment=attachment)
    return order


@transaction.atomic
def order_visit(
    *,
    actor: User,
    order: WorkOrder,
    rating: str,
    resolved: bool,
    note: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """回访 by the platform: the caller's 满意/基本满意/不满意 and whether the matter is solved."""
    at = _now(now)
    _dispatch_require(actor, order, version)
    if rating not in Rating.values:
        raise ValidationFailed("请选择回访评价:满意、基本满意、不满意或未联系上")
    text_require(("回访记录", note, None))
    transition(
        order,
        allowed=[OrderStatus.REPLIED],
        noun=NOUN,
        status=OrderStatus.VISITED,
        visited_at=at,
        rating=rating,
        resolved=None if rating == Rating.NOT_REACHED else resolved,
    )
    _step(
        order,
        actor=actor,
        kind=StepKind.VISIT,
        at=at,
        note=f"{Rating(rating).label}{',已解决' if resolved else ',未解决'}"
        + (f":{note.strip()}" if note else ""),
        changes={"rating": [None, rating]},
    )
    return order


@transaction.atomic
def order_redo(
    *, actor: User, order: WorkOrder, note: str, version: int | None = None, now: datetime | None = None
) -> WorkOrder:
    """重办 after an unsatisfied 回访: the town handles it again within the set's shorter 重办 limit, counted
    from this moment; the earlier rating no longer counts (the next 回访 does)."""
    at = _now(now)
    _dispatch_require(actor, order, version)
    if order.status != OrderStatus.VISITED or order.rating != Rating.UNSATISFIED:
        raise Conflict("只有回访不满意的工单可以重办")
    text_require(("重办要求", note, None))
    if not note.strip():
        raise ValidationFailed("请写明重办要求")
    limit = limit_for(rule_set_for(order.county), stage=Stage.REDO, kind=order.kind, urgency=order.urgency)
    due = due_after(at, limit)
    transition(
        order,
        allowed=[OrderStatus.VISITED],
        noun=NOUN,
        status=OrderStatus.HANDLING,
        redo_count=order.redo_count + 1,
        resolve_due_at=due,
        due_date=_local_date(due),
        rating="",
        resolved=None,
        visited_at=None,
        replied_at=None,
    )
    _step(order, actor=actor, kind=StepKind.REDO, at=at, note=f"{note.strip()}(重办时限 {limit.label()})")
    return order


@transaction.atomic
def order_assess(
    *, actor: User, order: WorkOrder, note: str = "", version: int | None = None, now: datetime | None = None
) -> WorkOrder:
    """考核: the platform closes the rating; the order now counts in the month's 三率 as it stands."""
    at = _now(now)
    _dispatch_require(actor, order, version)
    text_require(("考核意见", note, None))
    transition(order, allowed=[OrderStatus.VISITED], noun=NOUN, status=OrderStatus.ASSESSED, assessed_at=at)
    _step(order, actor=actor, kind=StepKind.ASSESS, at=at, note=note.strip())
    return order


@transaction.atomic
def order_archive(
    *, actor: User, order: WorkOrder, version: int | None = None, now: datetime | None = None
) -> WorkOrder:
    at = _now(now)
    _dispatch_require(actor, order, version)
    transition(order, allowed=[OrderStatus.ASSESSED], noun=NOUN, status=OrderStatus.ARCHIVED, archived_at=at)
    _step(order, actor=actor, kind=StepKind.ARCHIVE, at=at)
    return order


@transaction.atomic
def order_return_request(
    *,
    actor: User,
    order: WorkOrder,
    reason: str,
    note: str,
    duty_item: DutyItem | None = None,
    law: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """退单: the town says the matter is not its own, citing an item of its 履职事项清单 or a law."""
    at = _now(now)
    _handle_require(actor, order, version)
    if reason not in ReturnReason.values:
        raise ValidationFailed("请选择退单原因")
    text_require(("退单说明", note, None), ("法规依据", law, 200))
    if not note.strip():
        raise ValidationFailed("请写明退单理由")
    if duty_item is None and not law.strip():
        raise ValidationFailed("退单须有依据:本乡镇履职事项清单中的事项,或法律法规条款")
    if duty_item is not None and duty_item.town_id != order.town_id:
        raise ValidationFailed("依据的履职事项不属于本乡镇的清单")
    transition(
        order,
        allowed=RETURNABLE_STATUSES,
        noun=NOUN,
        status=OrderStatus.RETURN_REQUESTED,
        status_before_return=order.status,
        return_reason=reason,
        return_duty_item=duty_item,
        return_law=law.strip(),
        return_upheld=None,
        review_requested_at=at,
    )
    basis = str(duty_item) if duty_item is not None else law.strip()
    _step(
        order,
        actor=actor,
        kind=StepKind.RETURN_REQUEST,
        at=at,
        note=f"{ReturnReason(reason).label};依据:{basis};{note.strip()}",
    )
    return order


@transaction.atomic
def order_return_review(
    *,
    actor: User,
    order: WorkOrder,
    uphold: bool,
    note: str,
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """The dispatcher upholds a 退单 (the order leaves the town and its 三率) or sends it back to the town
    (it continues where it stood, its clock never stopped)."""
    at = _now(now)
    _dispatch_require(actor, order, version)
    text_require(("审核意见", note, None))
    if not uphold and not note.strip():
        raise ValidationFailed("驳回退单须写明理由")
    if uphold:
        transition(
            order,
            allowed=[OrderStatus.RETURN_REQUESTED],
            noun=NOUN,
            status=OrderStatus.RETURNED,
            return_upheld=True,
            review_requested_at=None,
        )
    else:
        transition(
            order,
            allowed=[OrderStatus.RETURN_REQUESTED],
            noun=NOUN,
            status=order.status_before_return or OrderStatus.DISPATCHED,
            return_upheld=False,
            review_requested_at=None,
        )
    _step(
        order,
        actor=actor,
        kind=StepKind.RETURN_UPHELD if uphold else StepKind.RETURN_REFUSED,
        at=at,
        note=note.strip(),
    )
    return order


@transaction.atomic
def order_extension_request(
    *,
    actor: User,
    order: WorkOrder,
    until: datetime,
    note: str,
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    at = _now(now)
    _handle_require(actor, order, version)
    text_require(("延期理由", note, None))
    if not note.strip():
        raise ValidationFailed("请写明延期理由")
    if order.extension_status == ExtensionStatus.PENDING:
        raise Conflict("已有一次延期申请在审批中")
    if until <= order.resolve_due_at:
        raise ValidationFailed("申请延至的时间须晚于现在的办结时限")
    transition(
        order,
        allowed=OPEN_STATUSES,
        noun=NOUN,
        extension_status=ExtensionStatus.PENDING,
        extension_requested_due=until,
        review_requested_at=at,
    )
    _step(
        order,
        actor=actor,
        kind=StepKind.EXTENSION_REQUEST,
        at=at,
        note=f"申请延至 {timezone.localtime(until):%Y-%m-%d %H:%M}:{note.strip()}",
    )
    return order


@transaction.atomic
def order_extension_review(
    *,
    actor: User,
    order: WorkOrder,
    approve: bool,
    note: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    at = _now(now)
    _dispatch_require(actor, order, version)
    text_require(("审批意见", note, None))
    if order.extension_status != ExtensionStatus.PENDING:
        raise Conflict("该工单没有待审批的延期申请")
    changes: dict[str, Any] = {
        "extension_status": ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED,
        "review_requested_at": None,
    }
    if approve and order.extension_requested_due is not None:
        changes["resolve_due_at"] = order.extension_requested_due
        if order.contacted_at is not None:
            changes["due_date"] = _local_date(order.extension_requested_due)
    transition(order, allowed=[order.status], noun=NOUN, **changes)
    _step(
        order,
        actor=actor,
        kind=StepKind.EXTENSION_APPROVED if approve else StepKind.EXTENSION_REFUSED,
        at=at,
        note=note.strip(),
    )
    return order


@transaction.atomic
def order_transfer(
    *,
    actor: User,
    order: WorkOrder,
    to_unit: Unit,
    to_cadre: Cadre | None = None,
    note: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> WorkOrder:
    """转办 inside the town: to a village, a 站所 or a cadre. The town stays answerable for the order."""
    at = _now(now)
    _handle_require(actor, order, version)
    text_require(("转办说明", note, None))
    if not Unit.objects.within([order.town]).filter(pk=to_unit.pk).exists():
        raise ValidationFailed("只能转办给本乡镇内的村(社区)、站所或干部")
    if to_cadre is not None and not to_cadre.is_active:
        raise ValidationFailed("该干部已不在岗")
    transition(order, allowed=OPEN_STATUSES, noun=NOUN, handler_unit=to_unit, handler=to_cadre)
    target = to_unit.name + (f" {to_cadre.name}" if to_cadre is not None else "")
    _step(
        order,
        actor=actor,
        kind=StepKind.TRANSFER,
        at=at,
        note=f"转办至{target}" + (f":{note}" if note else ""),
    )
    return order
