"""JSON API of monitoring and assistance: the same services as the pages. Personal data stays masked."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, length_of
from xiangzhen.assistance.models import (
    Cause,
    Household,
    IncomeRecord,
    Measure,
    MeasureStep,
    Member,
    PairingKind,
    Visit,
)
from xiangzhen.assistance.selectors import (
    HouseholdFilters,
    household_get_for_user,
    household_list,
    measure_step_get_for_user,
)
from xiangzhen.assistance.services import (
    MemberInput,
    StepInput,
    household_exit_propose,
    household_register,
    household_review,
    income_record,
    measure_add,
    measure_step_done,
    visit_record,
)
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user

router = Router(tags=["防返贫监测帮扶"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
Money = Annotated[Decimal, Field(ge=0, le=99999999, max_digits=12, decimal_places=2)]


class HouseholdOut(Schema):
    id: int
    village_id: int
    village: str
    head: str
    category: str
    channel: str
    causes: list[str]
    responsible_id: int
    responsible: str
    pairing: str
    status: str
    publicity_from: date
    identified_on: date | None
    cleared_on: date | None
    version: int

    @staticmethod
    def resolve_village(household: Household) -> str:
        return household.village.name

    @staticmethod
    def resolve_head(household: Household) -> str:
        return household.masked_name

    @staticmethod
    def resolve_causes(household: Household) -> list[str]:
        return [cause.name for cause in household.causes.all()]

    @staticmethod
    def resolve_responsible(household: Household) -> str:
        return household.responsible.name


class MemberIn(InputSchema):
    name: Annotated[str, length_of(Member, "name")]
    relation: Annotated[str, length_of(Member, "relation")]
    id_number: Annotated[str, length_of(Member, "id_number")] = ""
    is_labour: bool = False


class HouseholdIn(InputSchema):
    village_id: Id
    head_name: Annotated[str, length_of(Household, "head_name")]
    head_id_number: Annotated[str, length_of(Household, "head_id_number")] = ""
    phone: Annotated[str, length_of(Household, "phone")] = ""
    category: Annotated[str, length_of(Household, "category")]
    channel: Annotated[str, length_of(Household, "channel")]
    causes: Annotated[list[Annotated[str, length_of(Cause, "name")]], Field(max_length=20)]
    responsible_id: Id
    pairing: Annotated[str, length_of(Household, "pairing")] = PairingKind.CADRE
    members: Annotated[list[MemberIn], Field(max_length=30)]
    reviewed_on: date
    publicity_from: date


class ReviewIn(InputSchema):
    approved: bool
    note: LongText = ""


class VisitIn(InputSchema):
    visited_on: date
    notes: LongText


class VisitOut(Schema):
    id: int
    visited_on: date
    cadre_id: int
    notes: str


class IncomeIn(InputSchema):
    year: Annotated[int, Field(ge=2000, le=2100)]
    total: Money
    people: Annotated[int, Field(ge=1, le=30)]


class IncomeOut(Schema):
    year: int
    total: Decimal
    people: int
    per_capita: Decimal


class StepIn(InputSchema):
    title: Annotated[str, length_of(MeasureStep, "title")]
    due_date: date


class MeasureIn(InputSchema):
    kind: Annotated[str, length_of(Measure, "kind")]
    title: Annotated[str, length_of(Measure, "title")]
    amount: Money | None = None
    steps: Annotated[list[StepIn], Field(max_length=30)]


class StepOut(Schema):
    id: int
    title: str
    due_date: date
    done_on: date | None


class MeasureOut(Schema):
    id: int
    kind: str
    title: str
    amount: Decimal | None
    due_date: date
    done_on: date | None
    on_time: bool
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(measure: Measure) -> list[MeasureStep]:
        return list(measure.steps.all())


class StepDoneIn(InputSchema):
    done_on: date


class ExitIn(InputSchema):
    verified_on: date
    income_stable_since: date
    expenditure_resolved: bool
    basic_needs_secure: bool
    note: LongText = ""
    publicity_from: date


class ListQuery(InputSchema):
    status: Annotated[str, length_of(Household, "status")] = ""
    category: Annotated[str, length_of(Household, "category")] = ""
    unit_id: Id | None = None


@router.get("/households", response={200: list[HouseholdOut], **ERRORS}, summary="监测户列表")
def households(request: HttpRequest, query: Query[ListQuery]) -> list[Household]:
    filters = HouseholdFilters(status=query.status, category=query.category, unit_id=query.unit_id)
    return list(household_list(viewer=request.user, filters=filters)[:500])


@router.post("/households", response={201: HouseholdOut, **ERRORS}, summary="登记监测户(村级评议后)")
def household_add(request: HttpRequest, payload: HouseholdIn) -> Status[Household]:
    causes = list(Cause.objects.filter(name__in=payload.causes))
    unknown = set(payload.causes) - {cause.name for cause in causes}
    if unknown:
        raise ValidationFailed(f"风险类型“{'、'.join(sorted(unknown))}”不在标准列表中")
    household = household_register(
        actor=acting_user(request),
        village=unit_get_for_user(request.user, payload.village_id),
        head_name=payload.head_name,
        head_id_number=payload.head_id_number,
        phone=payload.phone,
        category=payload.category,
        channel=payload.channel,
        causes=causes,
        responsible=assignable_cadre_get(request.user, payload.responsible_id),
        pairing=payload.pairing,
        members=[MemberInput(m.name, m.relation, m.id_number, m.is_labour) for m in payload.members],
        reviewed_on=payload.reviewed_on,
        publicity_from=payload.publicity_from,
    )
    return Status(201, household)


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS}, summary="监测户详情")
def household_detail(request: HttpRequest, household_id: Id) -> Household:
    return household_get_for_user(request.user, household_id)


@router.post(
    "/households/{household_id}/review", response={200: HouseholdOut, **ERRORS}, summary="乡镇审核或县级确认"
)
def household_decide(request: HttpRequest, household_id: Id, payload: ReviewIn) -> Household:
    return household_review(
        actor=acting_user(request),
        household=household_get_for_user(request.user, household_id),
        approved=payload.approved,
        note=payload.note,
    )


@router.post("/households/{household_id}/visits", response={201: VisitOut, **ERRORS}, summary="登记入户走访")
def household_visit(request: HttpRequest, household_id: Id, payload: VisitIn) -> Status[Visit]:
    visit = visit_record(
        actor=acting_user(request),
        household=household_get_for_user(request.user, household_id),
        visited_on=payload.visited_on,
        notes=payload.notes,
    )
    return Status(201, visit)


@router.post(
    "/households/{household_id}/incomes", response={200: IncomeOut, **ERRORS}, summary="登记年度收入"
)
def household_income(request: HttpRequest, household_id: Id, payload: IncomeIn) -> IncomeRecord:
    return income_record(
        actor=acting_user(request),
        household=household_get_for_user(request.user, household_id),
        year=payload.year,
        total=payload.total,
        people=payload.people,
    )


@router.get(
    "/households/{household_id}/measures", response={200: list[MeasureOut], **ERRORS}, summary="帮扶措施"
)
def household_measures(request: HttpRequest, household_id: Id) -> list[Measure]:
    household = household_get_for_user(request.user, household_id)
    return list(household.measures.prefetch_related("steps"))


@router.post(
    "/households/{household_id}/measures", response={201: MeasureOut, **ERRORS}, summary="制定帮扶措施"
)
def household_measure_add(request: HttpRequest, household_id: Id, payload: MeasureIn) -> Status[Measure]:
    measure = measure_add(
        actor=acting_user(request),
        household=household_get_for_user(request.user, household_id),
        kind=payload.kind,
        title=payload.title,
        amount=payload.amount,
        steps=[StepInput(step.title, step.due_date) for step in payload.steps],
    )
    return Status(201, measure)


@router.post(
    "/measure-steps/{measure_step_id}/done", response={200: StepOut, **ERRORS}, summary="完成措施步骤"
)
def measure_step_complete(request: HttpRequest, measure_step_id: Id, payload: StepDoneIn) -> MeasureStep:
    step = measure_step_get_for_user(request.user, measure_step_id)
    return measure_step_done(actor=acting_user(request), step=step, done_on=payload.done_on)


@router.post(
    "/households/{household_id}/exit",
    response={200: HouseholdOut, **ERRORS},
    summary="入户核实并申请风险消除",
)
def household_exit(request: HttpRequest, household_id: Id, payload: ExitIn) -> Household:
    household = household_get_for_user(request.user, household_id)
    household_exit_propose(
        actor=acting_user(request),
        household=household,
        verified_on=payload.verified_on,
        income_stable_since=payload.income_stable_since,
        expenditure_resolved=payload.expenditure_resolved,
        basic_needs_secure=payload.basic_needs_secure,
        note=payload.note,
        publicity_from=payload.publicity_from,
    )
    return household
