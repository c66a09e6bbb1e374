"""JSON API of 12345 work orders: the county platform pushes orders (idempotent on its order number) and reads
their status and reply; each step is its own endpoint, the same services as the pages."""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Version, length_of
from xiangzhen.errors import ValidationFailed
from xiangzhen.hotline.models import Rating, WorkOrder, WorkOrderStep
from xiangzhen.hotline.selectors import order_get_for_user, order_list
from xiangzhen.hotline.services import (
    Intake,
    order_contact,
    order_receive,
    order_reply,
    order_sign,
    order_visit,
)
from xiangzhen.org.selectors import unit_get_for_user

router = Router(tags=["12345工单"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}


class OrderStepOut(Schema):
    kind: str
    kind_label: str
    at: datetime
    actor_name: str
    note: str

    @staticmethod
    def resolve_kind_label(step: WorkOrderStep) -> str:
        return step.get_kind_display()


class OrderOut(Schema):
    id: int
    platform_number: str
    town_id: int
    handler_unit_id: int
    status: str
    status_label: str
    kind: str
    urgency: str
    category: str
    caller_name: str = Field(description="脱敏")
    caller_phone: str = Field(description="脱敏")
    dispatched_at: datetime
    respond_due_at: datetime
    resolve_due_at: datetime
    signed_at: datetime | None
    contacted_at: datetime | None
    replied_at: datetime | None
    reply: str
    rating: str
    resolved: bool | None
    responded_on_time: bool | None
    redo_count: int
    return_upheld: bool | None
    version: int

    @staticmethod
    def resolve_status_label(order: WorkOrder) -> str:
        return order.get_status_display()

    @staticmethod
    def resolve_caller_name(order: WorkOrder) -> str:
        return order.masked_caller_name

    @staticmethod
    def resolve_caller_phone(order: WorkOrder) -> str:
        return order.masked_caller_phone


class OrderDetailOut(OrderOut):
    content: str
    place: str
    steps: list[OrderStepOut]

    @staticmethod
    def resolve_steps(order: WorkOrder) -> list[OrderStepOut]:
        return list(order.steps.all())  # type: ignore[arg-type]  # validated by ninja


class OrderIn(InputSchema):
    platform_number: Annotated[str, length_of(WorkOrder, "platform_number")]
    town_id: Id
    content: LongText
    dispatched_at: datetime = Field(description="12345平台派单时间,带时区,如 2026-03-02T09:00:00+08:00")
    caller_name: Annotated[str, length_of(WorkOrder, "caller_name")] = ""
    caller_phone: Annotated[str, length_of(WorkOrder, "caller_phone")] = ""
    place: Annotated[str, length_of(WorkOrder, "place")] = ""
    category: Annotated[str, length_of(WorkOrder, "category")] = ""
    kind: Annotated[str, length_of(WorkOrder, "kind")] = "help"
    urgency: Annotated[str, length_of(WorkOrder, "urgency")] = "general"
    village_id: Id | None = None


class OrderListQuery(InputSchema):
    status: Annotated[str, length_of(WorkOrder, "status")] = ""
    open: bool = False


class VersionIn(InputSchema):
    version: Version | None = None


class NoteIn(VersionIn):
    note: LongText


class ReplyIn(VersionIn):
    reply: LongText


class CallbackIn(VersionIn):
    rating: Annotated[
        str,
        Field(
            max_length=12, description="satisfied 满意 · basic 基本满意 · unsatisfied 不满意 · not_reached"
        ),
    ]
    resolved: bool
    note: LongText = ""


@router.post(
    "/orders",
    response={200: OrderOut, 201: OrderOut, **ERRORS},
    summary="派单:推送12345工单(按工单编号幂等,重复推送返回已有工单)",
)
def order_push(request: HttpRequest, payload: OrderIn) -> Status[WorkOrder]:
    actor = acting_user(request)
    town = unit_get_for_user(request.user, payload.town_id)
    village = unit_get_for_user(request.user, payload.village_id) if payload.village_id else None
    order, created = order_receive(
        actor=actor,
        town=town,
        intake=Intake(
            platform_number=payload.platform_number,
            content=payload.content,
            dispatched_at=payload.dispatched_at,
            caller_name=payload.caller_name,
            caller_phone=payload.caller_phone,
            place=payload.place,
            category=payload.category,
            kind=payload.kind,
            urgency=payload.urgency,
            village=village,
        ),
    )
    return Status(201 if created else 200, order)


@router.get("/orders", response={200: list[OrderOut], **ERRORS}, summary="工单列表(最近 500 件)")
def orders(request: HttpRequest, query: Query[OrderListQuery]) -> list[WorkOrder]:
    return list(order_list(viewer=request.user, status=query.status, open_only=query.open)[:500])


@router.get(
    "/orders/{order_id}", response={200: OrderDetailOut, **ERRORS}, summary="工单状态、办理结果和环节"
)
def order_detail(request: HttpRequest, order_id: Id) -> WorkOrder:
    return order_get_for_user(request.user, order_id)


@router.post("/orders/{order_id}/sign", response={200: OrderOut, **ERRORS}, summary="签收")
def order_sign_endpoint(request: HttpRequest, order_id: Id, payload: VersionIn) -> WorkOrder:
    order = order_get_for_user(request.user, order_id)
    return order_sign(actor=acting_user(request), order=order, version=payload.version)


@router.post("/orders/{order_id}/contact", response={200: OrderOut, **ERRORS}, summary="联系来电人")
def order_contact_endpoint(request: HttpRequest, order_id: Id, payload: NoteIn) -> WorkOrder:
    order = order_get_for_user(request.user, order_id)
    return order_contact(actor=acting_user(request), order=order, note=payload.note, version=payload.version)


@router.post("/orders/{order_id}/reply", response={200: OrderOut, **ERRORS}, summary="反馈办理结果")
def order_reply_endpoint(request: HttpRequest, order_id: Id, payload: ReplyIn) -> WorkOrder:
    order = order_get_for_user(request.user, order_id)
    return order_reply(actor=acting_user(request), order=order, reply=payload.reply, version=payload.version)


@router.post("/orders/{order_id}/visit", response={200: OrderOut, **ERRORS}, summary="回访(平台)")
def order_visit_endpoint(request: HttpRequest, order_id: Id, payload: CallbackIn) -> WorkOrder:
    order = order_get_for_user(request.user, order_id)
    if payload.rating not in Rating.values:
        raise ValidationFailed("回访评价应为 satisfied、basic、unsatisfied 或 not_reached")
    return order_visit(
        actor=acting_user(request),
        order=order,
        rating=payload.rating,
        resolved=payload.resolved,
        note=payload.note,
        version=payload.version,
    )
