"""JSON API of the party branches: the same services as the pages."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, length_of
from xiangzhen.errors import ValidationFailed
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.party.models import (
    Branch,
    BranchActivity,
    BranchVote,
    ReserveCadre,
    ReserveStep,
)
from xiangzhen.party.selectors import (
    activity_get_for_user,
    activity_list,
    branch_get_for_user,
    branch_list,
    compliance_board,
    reserve_get_for_user,
    reserve_list,
)
from xiangzhen.party.services import activity_record, reserve_step_record, vote_record

router = Router(tags=["党建"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
# A count of votes or people: a branch has at most 50 members; generous, still far from overflow.
Count = Annotated[int, Field(ge=0, le=10_000)]


class BranchOut(Schema):
    id: int
    name: str
    kind: str
    unit_id: int
    unit: str
    term_started_on: date
    term_ends_on: date
    theme_day: int
    member_count: int

    @staticmethod
    def resolve_unit(branch: Branch) -> str:
        return branch.unit.name


class ActivityOut(Schema):
    id: int
    branch_id: int
    kind: str
    held_on: date
    topic: str
    expected_count: int
    present_count: int
    voting_expected: int
    voting_present: int
    has_quorum: bool


class VoteOut(Schema):
    id: int
    activity_id: int
    subject: str
    ayes: int
    noes: int
    abstentions: int
    adopted: bool


class RequirementOut(Schema):
    kind: str
    label: str
    period: str
    period_start: date
    period_end: date
    required: int
    held: int
    missing: int
    workdays_left: int
    alert: str


class ComplianceOut(Schema):
    branch_id: int
    branch: str
    alert: str
    requirements: list[RequirementOut]


class ReserveOut(Schema):
    id: int
    village_id: int
    name: str
    source: str
    selected_on: date
    status: str
    appointed_post: str

    @staticmethod
    def resolve_name(reserve: ReserveCadre) -> str:
        return reserve.masked_name


class StepOut(Schema):
    id: int
    reserve_id: int
    kind: str
    started_on: date
    ended_on: date | None
    content: str
    grade: str


class ActivityIn(InputSchema):
    kind: Annotated[str, length_of(BranchActivity, "kind")]
    held_on: date
    topic: Annotated[str, length_of(BranchActivity, "topic")]
    minutes: LongText
    attendee_ids: Annotated[list[Id], Field(max_length=50)]
    absence_note: Annotated[str, length_of(BranchActivity, "absence_note")] = ""


class VoteIn(InputSchema):
    subject: Annotated[str, length_of(BranchVote, "subject")]
    ayes: Count
    noes: Count = 0
    abstentions: Count = 0


class StepIn(InputSchema):
    kind: Annotated[str, length_of(ReserveStep, "kind")]
    started_on: date
    ended_on: date | None = None
    content: Annotated[str, length_of(ReserveStep, "content")]
    grade: Annotated[str, length_of(ReserveStep, "grade")] = ""


class ComplianceQuery(InputSchema):
    on: date | None = None


class ActivityQuery(InputSchema):
    kind: Annotated[str, length_of(BranchActivity, "kind")] = ""


class ReserveQuery(InputSchema):
    status: Annotated[str, length_of(ReserveCadre, "status")] = ""


@router.get("/branches", response={200: list[BranchOut], **ERRORS}, summary="党支部")
def branches(request: HttpRequest) -> list[Branch]:
    return list(branch_list(viewer=request.user)[:500])


@router.get("/branches/{branch_id}", response={200: BranchOut, **ERRORS}, summary="党支部详情")
def branch_detail(request: HttpRequest, branch_id: Id) -> Branch:
    return branch_get_for_user(request.user, branch_id)


@router.get(
    "/branches/{branch_id}/activities", response={200: list[ActivityOut], **ERRORS}, summary="组织生活记录"
)
def branch_activities(
    request: HttpRequest, branch_id: Id, query: Query[ActivityQuery]
) -> list[BranchActivity]:
    branch = branch_get_for_user(request.user, branch_id)
    return list(activity_list(viewer=request.user, branch=branch, kind=query.kind)[:500])


@router.post(
    "/branches/{branch_id}/activities",
    response={201: ActivityOut, **ERRORS},
    summary="记录组织生活(三会一课)",
)
def activity_add(request: HttpRequest, branch_id: Id, payload: ActivityIn) -> Status[BranchActivity]:
    activity = activity_record(
        actor=acting_user(request),
        branch=branch_get_for_user(request.user, branch_id),
        kind=payload.kind,
        held_on=payload.held_on,
        topic=payload.topic,
        minutes=payload.minutes,
        attendee_ids=payload.attendee_ids,
        absence_note=payload.absence_note,
    )
    return Status(201, activity)


@router.get("/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="组织生活详情")
def activity_detail(request: HttpRequest, activity_id: Id) -> BranchActivity:
    return activity_get_for_user(request.user, activity_id)


@router.post(
    "/activities/{activity_id}/votes", response={201: VoteOut, **ERRORS}, summary="党员大会表决(须过半数到会)"
)
def activity_vote(request: HttpRequest, activity_id: Id, payload: VoteIn) -> Status[BranchVote]:
    vote = vote_record(
        actor=acting_user(request),
        activity=activity_get_for_user(request.user, activity_id),
        subject=payload.subject,
        ayes=payload.ayes,
        noes=payload.noes,
        abstentions=payload.abstentions,
    )
    return Status(201, vote)


@router.get(
    "/compliance", response={200: list[ComplianceOut], **ERRORS}, summary="组织生活督查(缺开展的活动)"
)
def compliance(request: HttpRequest, query: Query[ComplianceQuery]) -> list[ComplianceOut]:
    today = timezone.localdate()
    on = query.on or today
    if not EARLIEST_DATE <= on <= today:
        raise ValidationFailed(f"查看日期应在 {EARLIEST_DATE.isoformat()} 到今天之间")
    return [
        ComplianceOut(
            branch_id=row.branch.pk,
            branch=row.branch.name,
            alert=row.alert,
            requirements=[
                RequirementOut(
                    kind=requirement.kind,
                    label=requirement.label,
                    period=requirement.period,
                    period_start=requirement.period_start,
                    period_end=requirement.period_end,
                    required=requirement.required,
                    held=requirement.held,
                    missing=requirement.missing,
                    workdays_left=requirement.workdays_left,
                    alert=requirement.alert,
                )
                for requirement in row.requirements
            ],
        )
        for row in compliance_board(viewer=request.user, on=on)
    ]


@router.get("/reserves", response={200: list[ReserveOut], **ERRORS}, summary="村级后备干部库")
def reserves(request: HttpRequest, query: Query[ReserveQuery]) -> list[ReserveCadre]:
    return list(reserve_list(viewer=request.user, status=query.status)[:500])


@router.post(
    "/reserves/{reserve_id}/steps", response={201: StepOut, **ERRORS}, summary="记录后备干部培养环节"
)
def reserve_step(request: HttpRequest, reserve_id: Id, payload: StepIn) -> Status[ReserveStep]:
    step = reserve_step_record(
        actor=acting_user(request),
        reserve=reserve_get_for_user(request.user, reserve_id),
        kind=payload.kind,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        content=payload.content,
        grade=payload.grade,
    )
    return Status(201, step)
