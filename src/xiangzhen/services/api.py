"""JSON API of the service hall: items, requests, and each transition as its own endpoint."""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from django.db import IntegrityError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import BIGINT_MAX, ErrorResponse, Id, InputSchema, LongText, length_of
from xiangzhen.errors import Conflict, ValidationFailed
from xiangzhen.org.selectors import unit_get_for_user
from xiangzhen.services.models import (
    MaterialsNotice,
    RatingLevel,
    RequestStatus,
    ServiceItem,
    ServiceItemMaterial,
    ServiceRequest,
)
from xiangzhen.services.selectors import (
    QueueFilters,
    service_item_list,
    service_request_get_for_user,
    service_request_rows,
    transfer_targets,
)
from xiangzhen.services.services import (
    Applicant,
    service_request_complete,
    service_request_intake,
    service_request_pause,
    service_request_rate,
    service_request_resume,
    service_request_return,
    service_request_transfer,
)
from xiangzhen.validators import mask_name, mask_phone

router = Router(tags=["便民服务"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}


class MaterialOut(Schema):
    name: str
    form: str
    copies: int
    may_follow_later: bool


class ItemOut(Schema):
    id: int
    code: str
    name: str
    level: str
    department: str
    promised_days: int
    legal_days: int
    fee: str
    materials: list[MaterialOut]

    @staticmethod
    def resolve_materials(item: ServiceItem) -> list[MaterialOut]:
        return list(item.materials.all())  # type: ignore[arg-type]  # validated into MaterialOut by ninja


class RequestOut(Schema):
    id: int
    tracking_code: str
    item_code: str
    status: str
    status_label: str
    alert: str
    filed_at_unit_id: int
    handling_unit_id: int
    applicant_name: str
    applicant_phone: str
    created_at: datetime
    accepted_on: date | None
    due_date: date | None
    due_is_provisional: bool
    completed_on: date | None
    completed_on_time: bool | None
    settled_level: str
    visits: int
    missing_materials: list[str]
    version: int

    @staticmethod
    def resolve_item_code(request: ServiceRequest) -> str:
        return request.item.code

    @staticmethod
    def resolve_status_label(request: ServiceRequest) -> str:
        return request.get_status_display()

    @staticmethod
    def resolve_applicant_name(request: ServiceRequest) -> str:
        return request.masked_name

    @staticmethod
    def resolve_applicant_phone(request: ServiceRequest) -> str:
        return request.masked_phone

    @staticmethod
    def resolve_missing_materials(request: ServiceRequest) -> list[str]:
        if request.status != RequestStatus.AWAITING_MATERIALS:
            return []
        # The queue prefetches the notices of the requests awaiting materials (one query for the page).
        latest = max(request.notices.all(), key=lambda notice: notice.number, default=None)
        return list(latest.missing) if latest else []


class RequestRowOut(Schema):
    """A queue row: the fields of `RequestOut`, filled from a plain row (see `request_list`)."""

    id: int
    tracking_code: str
    item_code: str
    status: str
    status_label: str
    alert: str
    filed_at_unit_id: int
    handling_unit_id: int
    applicant_name: str
    applicant_phone: str
    created_at: datetime
    accepted_on: date | None
    due_date: date | None
    due_is_provisional: bool
    completed_on: date | None
    completed_on_time: bool | None
    settled_level: str
    visits: int
    missing_materials: list[str]
    version: int


class RequestPage(Schema):
    items: list[RequestRowOut]
    next_cursor: str | None


# What the queue reads of each request: plain columns, the item's code through its join.
QUEUE_FIELDS = (
    "id",
    "tracking_code",
    "item__code",
    "status",
    "alert",
    "filed_at_unit_id",
    "handling_unit_id",
    "applicant_name",
    "applicant_phone",
    "created_at",
    "accepted_on",
    "due_date",
    "due_is_provisional",
    "completed_on",
    "completed_on_time",
    "settled_level",
    "visits",
    "version",
)


ItemCode = Annotated[str, length_of(ServiceItem, "code")]
MaterialName = Annotated[str, length_of(ServiceItemMaterial, "name")]
Status20 = Annotated[str, length_of(ServiceRequest, "status")]


class ItemListQuery(InputSchema):
    level: Annotated[str, length_of(ServiceItem, "level")] = ""


class IntakeIn(InputSchema):
    item_code: ItemCode
    unit_id: Id
    applicant_name: Annotated[str, length_of(ServiceRequest, "applicant_name")]
    applicant_phone: Annotated[str, length_of(ServiceRequest, "applicant_phone")]
    applicant_id_number: Annotated[str, length_of(ServiceRequest, "applicant_id_number")]
    applicant_address: Annotated[str, length_of(ServiceRequest, "applicant_address")] = ""
    materials_present: list[MaterialName] = []
    decision: Status20
    extra_missing: list[MaterialName] = []
    rejection_reason: LongText = ""
    rejection_basis: LongText = ""


class ReturnIn(InputSchema):
    materials_present: list[MaterialName]
    extra_missing: list[MaterialName] = []
    override_reason: LongText = ""


class ReasonIn(InputSchema):
    reason: LongText


class TransferIn(InputSchema):
    to_unit_id: Id
    reason: LongText


class CompleteIn(InputSchema):
    result: LongText


class RatingIn(InputSchema):
    level: Annotated[int, Field(ge=min(RatingLevel.values), le=max(RatingLevel.values))]
    comment: LongText = ""


class QueueQuery(InputSchema):
    status: Status20 = ""
    alert: Status20 = ""
    item_id: Id | None = None
    unit_id: Id | None = None
    mine: bool = False
    cursor: str | None = None
    limit: int = 50


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _cursor(created_at: datetime, request_id: int) -> str:
    """Opaque and URL-safe: the row's creation time in microseconds and its id."""
    return f"{(created_at - EPOCH) // timedelta(microseconds=1)}_{request_id}"


def _item_by_code(code: str) -> ServiceItem:
    item = service_item_list().filter(code=code).first()
    if item is None:
        raise ValidationFailed(f"没有编码为 {code} 的事项")
    return item


@router.get("/items", response={200: list[ItemOut], **ERRORS}, summary="服务事项目录")
def item_list(request: HttpRequest, query: Query[ItemListQuery]) -> list[ServiceItem]:
    return list(service_item_list(level=query.level))


@router.get("/requests", response={200: RequestPage, **ERRORS}, summary="办件队列(按登记时间倒序,游标分页)")
def request_list(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, object]:
    before = None
    if query.cursor:
        try:
            microseconds, request_id = (int(part) for part in query.cursor.split("_", 1))
            if not 0 < request_id <= BIGINT_MAX:
                raise ValueError(request_id)
            before = (EPOCH + timedelta(microseconds=microseconds), request_id)
        # A number past what a date or a 64-bit id can hold is as malformed as letters.
        except (ValueError, OverflowError) as error:
            raise ValidationFailed("cursor 格式不正确") from error
    limit = max(1, min(query.limit, 200))
    page = service_request_rows(
        viewer=request.user,
        filters=QueueFilters(
            status=query.status,
            alert=query.alert,
            item_id=query.item_id,
            unit_id=query.unit_id,
            mine=query.mine,
        ),
        fields=QUEUE_FIELDS,
        before=before,
        limit=limit + 1,
    )
    last = page[limit - 1] if len(page) > limit else None
    rows = page[:limit]
    # The latest notice of each request awaiting materials, one query for the page.
    awaiting = [row["id"] for row in rows if row["status"] == RequestStatus.AWAITING_MATERIALS]
    missing: dict[int, tuple[int, list[str]]] = {}
    for request_id, number, listed in MaterialsNotice.objects.filter(request_id__in=awaiting).values_list(
        "request_id", "number", "missing"
    ):
        if request_id not in missing or number > missing[request_id][0]:
            missing[request_id] = (number, list(listed))
    # Labels once per page, in the request's language, not a lazy translation per row.
    labels = {value: str(label) for value, label in RequestStatus.choices}
    items = []
    for row in rows:
        row["item_code"] = row.pop("item__code")
        row["status_label"] = labels.get(row["status"], row["status"])
        row["applicant_name"] = mask_name(row["applicant_name"])
        row["applicant_phone"] = mask_phone(row["applicant_phone"])
        row["missing_materials"] = missing.get(row["id"], (0, []))[1]
        items.append(row)
    cursor = _cursor(last["created_at"], last["id"]) if last else None
    return {"items": items, "next_cursor": cursor}


@router.post("/requests", response={201: RequestOut, **ERRORS}, summary="一窗受理:受理、一次性告知或不予受理")
def request_create(request: HttpRequest, payload: IntakeIn) -> Status[ServiceRequest]:
    created = service_request_intake(
        officer=acting_user(request),
        item=_item_by_code(payload.item_code),
        unit=unit_get_for_user(request.user, payload.unit_id),
        applicant=Applicant(
            payload.applicant_name,
            payload.applicant_phone,
            payload.applicant_id_number,
            payload.applicant_address,
        ),
        materials_present=payload.materials_present,
        decision=payload.decision,
        extra_missing=payload.extra_missing,
        rejection_reason=payload.rejection_reason,
        rejection_basis=payload.rejection_basis,
    )
    return Status(201, created)


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS}, summary="办件详情")
def request_detail(request: HttpRequest, request_id: Id) -> ServiceRequest:
    return service_request_get_for_user(request.user, request_id)


@router.post("/requests/{request_id}/return", response={200: RequestOut, **ERRORS}, summary="群众补正材料")
def request_return(request: HttpRequest, request_id: Id, payload: ReturnIn) -> ServiceRequest:
    return service_request_return(
        officer=acting_user(request),
        request=service_request_get_for_user(request.user, request_id),
        materials_present=payload.materials_present,
        extra_missing=payload.extra_missing,
        override_reason=payload.override_reason,
    )


@router.post("/requests/{request_id}/pause", response={200: RequestOut, **ERRORS}, summary="暂停计时")
def request_pause(request: HttpRequest, request_id: Id, payload: ReasonIn) -> ServiceRequest:
    return service_request_pause(
        actor=acting_user(request),
        request=service_request_get_for_user(request.user, request_id),
        reason=payload.reason,
    )


@router.post("/requests/{request_id}/resume", response={200: RequestOut, **ERRORS}, summary="恢复计时")
def request_resume(request: HttpRequest, request_id: Id) -> ServiceRequest:
    return service_request_resume(
        actor=acting_user(request), request=service_request_get_for_user(request.user, request_id)
    )


@router.post(
    "/requests/{request_id}/transfer", response={200: RequestOut, **ERRORS}, summary="转办(上级或下级)"
)
def request_transfer(request: HttpRequest, request_id: Id, payload: TransferIn) -> ServiceRequest:
    service_request = service_request_get_for_user(request.user, request_id)
    target = next((unit for unit in transfer_targets(service_request) if unit.pk == payload.to_unit_id), None)
    if target is None:
        raise ValidationFailed(f"只能在{service_request.handling_unit.name}的上级或下级之间转办")
    return service_request_transfer(
        actor=acting_user(request), request=service_request, to_unit=target, reason=payload.reason
    )


@router.post("/requests/{request_id}/complete", response={200: RequestOut, **ERRORS}, summary="办结")
def request_complete(request: HttpRequest, request_id: Id, payload: CompleteIn) -> ServiceRequest:
    return service_request_complete(
        actor=acting_user(request),
        request=service_request_get_for_user(request.user, request_id),
        result=payload.result,
    )


@router.post("/requests/{request_id}/rating", response={200: RequestOut, **ERRORS}, summary="代群众记录评价")
def request_rate(request: HttpRequest, request_id: Id, payload: RatingIn) -> ServiceRequest:
    service_request = service_request_get_for_user(request.user, request_id)
    try:
        service_request_rate(
            request=service_request,
            level=payload.level,
            comment=payload.comment,
            recorded_by=acting_user(request),
        )
    except IntegrityError as error:
        # Two ratings racing past the service's "already rated" check: the unique constraint decides.
        raise Conflict("该办件已评价,每件只能评价一次") from error
    return service_request
