"""JSON API of the dispute register: the same services as the pages."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Workdays, length_of
from xiangzhen.disputes.models import Dispute, DisputeCategory, DisputeParty, MediationSession
from xiangzhen.disputes.selectors import dispute_get_for_user, dispute_list
from xiangzhen.disputes.services import Party, dispute_escalate, dispute_register, mediation_record
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user

router = Router(tags=["矛盾纠纷"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}


class DisputeOut(Schema):
    id: int
    title: str
    category: str
    risk_level: str
    place_id: int
    handling_unit_id: int
    responsible_id: int
    registered_on: date
    due_date: date | None
    status: str
    alert: str
    settled_level: str
    settled_on: date | None

    @staticmethod
    def resolve_category(dispute: Dispute) -> str:
        return dispute.category.name


class PartyIn(InputSchema):
    name: Annotated[str, length_of(DisputeParty, "name")]
    phone: Annotated[str, length_of(DisputeParty, "phone")] = ""


class DisputeIn(InputSchema):
    title: Annotated[str, length_of(Dispute, "title")]
    summary: LongText
    place_id: Id
    category: Annotated[str, length_of(DisputeCategory, "name")]
    risk_level: Annotated[str, length_of(Dispute, "risk_level")] = "general"
    source: Annotated[str, length_of(Dispute, "source")]
    responsible_id: Id
    parties: Annotated[list[PartyIn], Field(max_length=50)]
    limit_workdays: Workdays | None = None


class MediationIn(InputSchema):
    held_on: date
    mediators: Annotated[str, length_of(MediationSession, "mediators")]
    actions: LongText
    result: Annotated[str, length_of(MediationSession, "result")]
    agreement: LongText = ""


class ReasonIn(InputSchema):
    reason: LongText


class ListQuery(InputSchema):
    status: Annotated[str, length_of(Dispute, "status")] = ""
    alert: Annotated[str, Field(max_length=10)] = ""


@router.get("", response={200: list[DisputeOut], **ERRORS}, summary="矛盾纠纷台账")
def disputes(request: HttpRequest, query: Query[ListQuery]) -> list[Dispute]:
    return list(dispute_list(viewer=request.user, status=query.status, alert=query.alert)[:500])


@router.post("", response={201: DisputeOut, **ERRORS}, summary="登记纠纷")
def dispute_add(request: HttpRequest, payload: DisputeIn) -> Status[Dispute]:
    category = DisputeCategory.objects.filter(name=payload.category, is_active=True).first()
    if category is None:
        raise ValidationFailed(f"没有“{payload.category}”这个纠纷类别")
    dispute = dispute_register(
        actor=acting_user(request),
        title=payload.title,
        summary=payload.summary,
        place=unit_get_for_user(request.user, payload.place_id),
        category=category,
        risk_level=payload.risk_level,
        source=payload.source,
        responsible=assignable_cadre_get(request.user, payload.responsible_id),
        parties=[Party(party.name, party.phone) for party in payload.parties],
        limit_workdays=payload.limit_workdays,
    )
    return Status(201, dispute)


@router.get("/{dispute_id}", response={200: DisputeOut, **ERRORS}, summary="纠纷详情")
def dispute_detail(request: HttpRequest, dispute_id: Id) -> Dispute:
    return dispute_get_for_user(request.user, dispute_id)


@router.post("/{dispute_id}/mediations", response={200: DisputeOut, **ERRORS}, summary="登记调解")
def dispute_mediate(request: HttpRequest, dispute_id: Id, payload: MediationIn) -> Dispute:
    dispute = dispute_get_for_user(request.user, dispute_id)
    mediation_record(
        actor=acting_user(request),
        dispute=dispute,
        held_on=payload.held_on,
        mediators=payload.mediators,
        actions=payload.actions,
        result=payload.result,
        agreement=payload.agreement,
    )
    return dispute


@router.post("/{dispute_id}/escalate", response={200: DisputeOut, **ERRORS}, summary="上交上一级")
def dispute_up(request: HttpRequest, dispute_id: Id, payload: ReasonIn) -> Dispute:
    return dispute_escalate(
        actor=acting_user(request),
        dispute=dispute_get_for_user(request.user, dispute_id),
        reason=payload.reason,
    )
