"""JSON API of the dispute register: the same services as the pages."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse
from xiangzhen.disputes.models import Dispute, DisputeCategory
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


class PartyIn(Schema):
    name: str
    phone: str = ""


class DisputeIn(Schema):
    title: str
    summary: str
    place_id: int
    category: str
    risk_level: str = "general"
    source: str
    responsible_id: int
    parties: list[PartyIn]
    limit_workdays: int | None = None


class MediationIn(Schema):
    held_on: date
    mediators: str
    actions: str
    result: str
    agreement: str = ""


class ReasonIn(Schema):
    reason: str


@router.get("", response={200: list[DisputeOut], **ERRORS}, summary="矛盾纠纷台账")
def disputes(request: HttpRequest, status: str = "", alert: str = "") -> list[Dispute]:
    return list(dispute_list(viewer=request.user, status=status, alert=alert)[:500])


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
def dispute_detail(request: HttpRequest, dispute_id: int) -> Dispute:
    return dispute_get_for_user(request.user, dispute_id)


@router.post("/{dispute_id}/mediations", response={200: DisputeOut, **ERRORS}, summary="登记调解")
def dispute_mediate(request: HttpRequest, dispute_id: int, payload: MediationIn) -> Dispute:
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
def dispute_up(request: HttpRequest, dispute_id: int, payload: ReasonIn) -> Dispute:
    return dispute_escalate(
        actor=acting_user(request),
        dispute=dispute_get_for_user(request.user, dispute_id),
        reason=payload.reason,
    )
