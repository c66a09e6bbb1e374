"""JSON API of the 三资 ledgers and 村务公开: the same selectors and services as the pages."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Version, length_of
from xiangzhen.collective.models import (
    CollectiveAsset,
    CollectiveResource,
    Contract,
    ContractPayment,
    Publication,
)
from xiangzhen.collective.selectors import (
    VillageFigures,
    asset_list,
    collective_figures,
    contract_get_for_user,
    contract_list,
    payment_get_for_user,
    publication_get_for_user,
    publication_quarter,
    resource_list,
)
from xiangzhen.collective.services import (
    ContractTerms,
    asset_create,
    contract_create,
    payment_receive,
    publication_publish,
    resource_create,
)
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user
from xiangzhen.parsing import EARLIEST_YEAR, LATEST_YEAR

router = Router(tags=["村集体三资"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
LIST_LIMIT = 500

Amount = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999.99"), decimal_places=2)]


class FiguresOut(Schema):
    unit_id: int | None
    name: str
    villages: int
    asset_value: Decimal
    asset_count: int
    resource_area: Decimal
    contracts: int
    active_contracts: int
    expiring: int
    expired: int
    overdue_rent: Decimal

    @staticmethod
    def resolve_unit_id(row: VillageFigures) -> int | None:
        return row.unit.pk

    @staticmethod
    def resolve_name(row: VillageFigures) -> str:
        return row.unit.name


class FiguresResponse(Schema):
    total: FiguresOut
    towns: list[FiguresOut]
    villages: list[FiguresOut]


class AssetOut(Schema):
    id: int
    village_id: int
    name: str
    kind: str
    value: Decimal
    acquired_on: date | None
    note: str


class AssetIn(InputSchema):
    village_id: Id
    name: Annotated[str, length_of(CollectiveAsset, "name")]
    kind: Annotated[str, length_of(CollectiveAsset, "kind")]
    value: Amount
    acquired_on: date | None = None
    note: Annotated[str, length_of(CollectiveAsset, "note")] = ""


class ResourceOut(Schema):
    id: int
    village_id: int
    name: str
    kind: str
    area_mu: Decimal
    location: str


class ResourceIn(InputSchema):
    village_id: Id
    name: Annotated[str, length_of(CollectiveResource, "name")]
    kind: Annotated[str, length_of(CollectiveResource, "kind")]
    area_mu: Amount
    location: Annotated[str, length_of(CollectiveResource, "location")] = ""


class PaymentOut(Schema):
    id: int
    title: str
    due_date: date | None
    amount: Decimal
    received: Decimal
    paid_on: date | None
    status: str
    alert: str
    version: int


class ContractOut(Schema):
    id: int
    village_id: int
    number: str
    title: str
    counterparty: str
    counterparty_kind: str
    subject: str
    starts_on: date
    ends_on: date
    amount: Decimal
    payment_cycle: str
    responsible_id: int | None
    status: str
    alert: str
    version: int

    @staticmethod
    def resolve_counterparty(contract: Contract) -> str:
        return contract.counterparty_display


class ContractDetailOut(ContractOut):
    payments: list[PaymentOut]

    @staticmethod
    def resolve_payments(contract: Contract) -> list[ContractPayment]:
        return list(contract.payments.order_by("due_date", "id"))


class ContractIn(InputSchema):
    village_id: Id
    number: Annotated[str, length_of(Contract, "number")]
    title: Annotated[str, length_of(Contract, "title")]
    counterparty: Annotated[str, length_of(Contract, "counterparty")]
    counterparty_kind: Annotated[str, length_of(Contract, "counterparty_kind")]
    subject: Annotated[str, length_of(Contract, "subject")]
    starts_on: date
    ends_on: date
    amount: Amount
    payment_cycle: Annotated[str, length_of(Contract, "payment_cycle")]
    responsible_id: Id | None = None


class ContractQuery(InputSchema):
    status: Annotated[str, length_of(Contract, "status")] = ""
    alert: Annotated[str, Field(max_length=10)] = ""
    village_id: Id | None = None


class VillageQuery(InputSchema):
    village_id: Id | None = None


class ReceiptIn(InputSchema):
    amount: Amount
    received_on: date
    version: Version


class PublicationOut(Schema):
    id: int
    village_id: int
    kind: str
    title: str
    period_start: date
    period_end: date
    due_date: date | None
    published_on: date | None
    on_time: bool
    alert: str
    version: int


class PublicationQuery(InputSchema):
    year: Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)] | None = None
    quarter: Annotated[int, Field(ge=1, le=4)] | None = None


class PublishIn(InputSchema):
    published_on: date
    place: Annotated[str, length_of(Publication, "place")]
    content: LongText = ""


@router.get("/figures", response={200: FiguresResponse, **ERRORS}, summary="三资分村、分乡镇汇总")
def figures(request: HttpRequest) -> dict[str, object]:
    result = collective_figures(viewer=request.user, today=timezone.localdate())
    return {"total": result.total, "towns": result.towns, "villages": result.villages}


@router.get("/assets", response={200: list[AssetOut], **ERRORS}, summary="集体资产台账")
def assets(request: HttpRequest, query: Query[VillageQuery]) -> list[CollectiveAsset]:
    return list(asset_list(viewer=request.user, village_id=query.village_id)[:LIST_LIMIT])


@router.post("/assets", response={201: AssetOut, **ERRORS}, summary="登记集体资产")
def asset_add(request: HttpRequest, payload: AssetIn) -> Status[CollectiveAsset]:
    asset = asset_create(
        actor=acting_user(request),
        village=unit_get_for_user(request.user, payload.village_id),
        name=payload.name,
        kind=payload.kind,
        value=payload.value,
        acquired_on=payload.acquired_on,
        note=payload.note,
    )
    return Status(201, asset)


@router.get("/resources", response={200: list[ResourceOut], **ERRORS}, summary="集体资源台账")
def resources(request: HttpRequest, query: Query[VillageQuery]) -> list[CollectiveResource]:
    return list(resource_list(viewer=request.user, village_id=query.village_id)[:LIST_LIMIT])


@router.post("/resources", response={201: ResourceOut, **ERRORS}, summary="登记集体资源")
def resource_add(request: HttpRequest, payload: ResourceIn) -> Status[CollectiveResource]:
    resource = resource_create(
        actor=acting_user(request),
        village=unit_get_for_user(request.user, payload.village_id),
        name=payload.name,
        kind=payload.kind,
        area_mu=payload.area_mu,
        location=payload.location,
    )
    return Status(201, resource)


@router.get("/contracts", response={200: list[ContractOut], **ERRORS}, summary="三资合同台账")
def contracts(request: HttpRequest, query: Query[ContractQuery]) -> list[Contract]:
    return list(
        contract_list(
            viewer=request.user, status=query.status, alert=query.alert, village_id=query.village_id
        )[:LIST_LIMIT]
    )


@router.post("/contracts", response={201: ContractDetailOut, **ERRORS}, summary="登记合同(生成收款计划)")
def contract_add(request: HttpRequest, payload: ContractIn) -> Status[Contract]:
    contract = contract_create(
        actor=acting_user(request),
        village=unit_get_for_user(request.user, payload.village_id),
        terms=ContractTerms(
            number=payload.number,
            title=payload.title,
            counterparty=payload.counterparty,
            counterparty_kind=payload.counterparty_kind,
            subject=payload.subject,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            amount=payload.amount,
            payment_cycle=payload.payment_cycle,
        ),
        responsible=(
            assignable_cadre_get(request.user, payload.responsible_id) if payload.responsible_id else None
        ),
    )
    return Status(201, contract)


@router.get(
    "/contracts/{contract_id}", response={200: ContractDetailOut, **ERRORS}, summary="合同详情和收款计划"
)
def contract_detail(request: HttpRequest, contract_id: Id) -> Contract:
    return contract_get_for_user(request.user, contract_id)


@router.post("/payments/{payment_id}/receipts", response={200: PaymentOut, **ERRORS}, summary="登记收款")
def payment_add_receipt(request: HttpRequest, payment_id: Id, payload: ReceiptIn) -> ContractPayment:
    return payment_receive(
        actor=acting_user(request),
        payment=payment_get_for_user(request.user, payment_id),
        amount=payload.amount,
        received_on=payload.received_on,
        version=payload.version,
    )


@router.get("/publications", response={200: list[PublicationOut], **ERRORS}, summary="村务公开(按季度)")
def publications(request: HttpRequest, query: Query[PublicationQuery]) -> list[Publication]:
    today = timezone.localdate()
    rows = publication_quarter(
        viewer=request.user,
        year=query.year or today.year,
        quarter=query.quarter or (today.month - 1) // 3 + 1,
    )
    return [publication for row in rows for publication in row.publications if publication is not None]


@router.post(
    "/publications/{publication_id}/publish", response={200: PublicationOut, **ERRORS}, summary="登记公开"
)
def publication_mark_published(request: HttpRequest, publication_id: Id, payload: PublishIn) -> Publication:
    return publication_publish(
        actor=acting_user(request),
        publication=publication_get_for_user(request.user, publication_id),
        published_on=payload.published_on,
        place=payload.place,
        content=payload.content,
    )
