"""JSON API of the front line: check-ins, visits and window rotas, through the same services as the pages."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Workdays, length_of
from xiangzhen.errors import ValidationFailed
from xiangzhen.frontline.models import CheckIn, DutyShift, Visit, VisitProblem
from xiangzhen.frontline.selectors import (
    check_in_list,
    duty_shift_get_for_user,
    duty_shift_list,
    visit_get_for_user,
    visit_list,
    visit_problem_get,
)
from xiangzhen.frontline.services import (
    Position,
    check_in_record,
    duty_rota_generate,
    duty_shift_check_in,
    visit_problem_to_task,
    visit_record,
)
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user
from xiangzhen.parsing import EARLIEST_DATE, LATEST_YEAR

router = Router(tags=["干部在一线"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
LIST_LIMIT = 500
LATEST_DATE = date(LATEST_YEAR, 12, 31)


class CheckInOut(Schema):
    id: int
    cadre_id: int
    at: datetime
    on: date
    place_id: int | None
    village_id: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    accuracy: int | None
    late: bool
    no_location: bool
    unusual_device: bool
    has_photo: bool

    @staticmethod
    def resolve_has_photo(check_in: CheckIn) -> bool:
        return check_in.photo_id is not None


class CheckInIn(InputSchema):
    place_id: Id | None = None
    latitude: Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)] | None = None
    accuracy: Annotated[int, Field(ge=0, le=100_000)] | None = None
    note: Annotated[str, length_of(CheckIn, "note")] = ""


class PeriodQuery(InputSchema):
    since: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None
    until: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None


@router.get("/check-ins", response={200: list[CheckInOut], **ERRORS}, summary="签到记录")
def check_ins(request: HttpRequest, query: Query[PeriodQuery]) -> list[CheckIn]:
    return list(check_in_list(viewer=request.user, since=query.since, until=query.until)[:LIST_LIMIT])


@router.post("/check-ins", response={201: CheckInOut, **ERRORS}, summary="签到")
def check_in_add(request: HttpRequest, payload: CheckInIn) -> Status[CheckIn]:
    if (payload.latitude is None) != (payload.longitude is None):
        raise ValidationFailed("纬度和经度须同时提供")
    position = (
        Position(payload.latitude, payload.longitude, payload.accuracy)
        if payload.latitude is not None and payload.longitude is not None
        else None
    )
    check_in = check_in_record(
        actor=acting_user(request),
        place=unit_get_for_user(request.user, payload.place_id) if payload.place_id is not None else None,
        position=position,
        device=request.headers.get("User-Agent", ""),
        note=payload.note,
    )
    return Status(201, check_in)


class ProblemOut(Schema):
    id: int
    description: str
    task_id: int | None
    service_request_id: int | None


class VisitOut(Schema):
    id: int
    cadre_id: int
    kind: str
    unit_id: int
    target: str
    visited_on: date
    findings: str
    problems: list[ProblemOut]

    @staticmethod
    def resolve_problems(visit: Visit) -> list[VisitProblem]:
        return list(visit.problems.all())


class VisitIn(InputSchema):
    kind: Annotated[str, length_of(Visit, "kind")]
    unit_id: Id
    target: Annotated[str, length_of(Visit, "target")]
    visited_on: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None
    findings: LongText
    problems: Annotated[list[LongText], Field(max_length=50)] = []


class VisitQuery(PeriodQuery):
    kind: Annotated[str, length_of(Visit, "kind")] = ""


@router.get("/visits", response={200: list[VisitOut], **ERRORS}, summary="五进走访记录")
def visits(request: HttpRequest, query: Query[VisitQuery]) -> list[Visit]:
    return list(
        visit_list(
            viewer=request.user, kind=query.kind, since=query.since, until=query.until
        ).prefetch_related("problems")[:LIST_LIMIT]
    )


@router.post("/visits", response={201: VisitOut, **ERRORS}, summary="登记五进走访")
def visit_add(request: HttpRequest, payload: VisitIn) -> Status[Visit]:
    visit = visit_record(
        actor=acting_user(request),
        kind=payload.kind,
        unit=unit_get_for_user(request.user, payload.unit_id),
        target=payload.target,
        visited_on=payload.visited_on or timezone.localdate(),
        findings=payload.findings,
        problems=payload.problems,
    )
    return Status(201, visit)


@router.get("/visits/{visit_id}", response={200: VisitOut, **ERRORS}, summary="走访详情")
def visit_detail(request: HttpRequest, visit_id: Id) -> Visit:
    return visit_get_for_user(request.user, visit_id)


class ProblemTaskIn(InputSchema):
    problem_id: Id
    owner_unit_id: Id
    owner_id: Id
    limit_workdays: Workdays = 10
    title: Annotated[str, Field(max_length=200)] = ""


@router.post("/visits/{visit_id}/tasks", response={201: VisitOut, **ERRORS}, summary="走访发现问题转督办事项")
def visit_problem_task(request: HttpRequest, visit_id: Id, payload: ProblemTaskIn) -> Status[Visit]:
    visit = visit_get_for_user(request.user, visit_id)
    visit_problem_to_task(
        actor=acting_user(request),
        problem=visit_problem_get(visit, payload.problem_id),
        owner_unit=unit_get_for_user(request.user, payload.owner_unit_id),
        owner=assignable_cadre_get(request.user, payload.owner_id),
        limit_workdays=payload.limit_workdays,
        title=payload.title,
    )
    return Status(201, visit)


class ShiftOut(Schema):
    id: int
    unit_id: int
    on: date
    kind: str
    cadre_id: int
    cadre_name: str
    checked_in_at: datetime | None
    served_count: int
    urgent_count: int

    @staticmethod
    def resolve_cadre_name(shift: DutyShift) -> str:
        return shift.cadre.name


class RotaQuery(InputSchema):
    since: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None
    until: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)] | None = None
    town_id: Id | None = None


class RotaIn(InputSchema):
    town_id: Id
    kind: Annotated[str, length_of(DutyShift, "kind")]
    cadre_ids: Annotated[list[Id], Field(min_length=1, max_length=100)]
    start: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
    end: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
    per_day: Annotated[int, Field(ge=1, le=20)] = 1


@router.get("/rotas", response={200: list[ShiftOut], **ERRORS}, summary="坐班轮值表")
def rotas(request: HttpRequest, query: Query[RotaQuery]) -> list[DutyShift]:
    today = timezone.localdate()
    since = query.since or today.replace(day=1)
    until = query.until or (since.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    town = unit_get_for_user(request.user, query.town_id) if query.town_id is not None else None
    return list(
        duty_shift_list(viewer=request.user, since=since, until=max(until, since), town=town)[:LIST_LIMIT]
    )


@router.post("/rotas", response={201: list[ShiftOut], **ERRORS}, summary="生成坐班轮值")
def rota_generate(request: HttpRequest, payload: RotaIn) -> Status[list[DutyShift]]:
    shifts = duty_rota_generate(
        actor=acting_user(request),
        town=unit_get_for_user(request.user, payload.town_id),
        kind=payload.kind,
        cadres=[assignable_cadre_get(request.user, cadre_id) for cadre_id in payload.cadre_ids],
        start=payload.start,
        end=payload.end,
        per_day=payload.per_day,
    )
    return Status(201, shifts)


@router.post("/shifts/{shift_id}/check-in", response={200: ShiftOut, **ERRORS}, summary="坐班到岗签到")
def shift_check_in(request: HttpRequest, shift_id: Id) -> DutyShift:
    return duty_shift_check_in(
        actor=acting_user(request), shift=duty_shift_get_for_user(request.user, shift_id)
    )
