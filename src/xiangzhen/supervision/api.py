"""JSON API of supervised tasks and meetings; each transition its own endpoint, the same services as the pages."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Workdays, length_of
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user
from xiangzhen.supervision.models import Decision, Meeting, MeetingReport, Task
from xiangzhen.supervision.selectors import meeting_get_for_user, meeting_scope, task_get_for_user, task_list
from xiangzhen.supervision.services import (
    TaskOrder,
    decision_record,
    meeting_create,
    meeting_report_submit,
    task_create,
    task_progress_add,
    task_submit_for_verification,
    task_verify,
)

router = Router(tags=["督办事项"])
meetings_router = Router(tags=["会议"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}


class TaskOut(Schema):
    id: int
    title: str
    source: str
    owner_unit_id: int
    owner_id: int
    assigned_on: date
    due_date: date | None
    due_is_provisional: bool
    status: str
    alert: str
    completed_on: date | None
    completed_on_time: bool | None


class TaskIn(InputSchema):
    title: Annotated[str, length_of(Task, "title")]
    owner_unit_id: Id
    owner_id: Id
    limit_workdays: Workdays
    detail: LongText = ""
    source: Annotated[str, length_of(Task, "source")] = ""


class MeetingOut(Schema):
    id: int
    kind: str
    unit_id: int
    title: str
    held_on: date
    reports: int
    decisions: int

    @staticmethod
    def resolve_reports(meeting: Meeting) -> int:
        return meeting.reports.count()

    @staticmethod
    def resolve_decisions(meeting: Meeting) -> int:
        return meeting.decisions.count()


class TaskListQuery(InputSchema):
    status: Annotated[str, length_of(Task, "status")] = "open"
    alert: Annotated[str, Field(max_length=10)] = ""


class AttendeeOut(Schema):
    id: int
    name: str


class ReportOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    recent_work: str
    urgent_problems: str
    problems_resolved: bool
    submitted_at: datetime

    @staticmethod
    def resolve_unit_name(report: MeetingReport) -> str:
        return report.unit.name


class DecisionOut(Schema):
    id: int
    text: str
    is_major: bool
    opinions: list[dict[str, object]]
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(decision: Decision) -> list[int]:
        return [task.pk for task in decision.tasks.all()]


class MeetingDetailOut(Schema):
    id: int
    kind: str
    kind_label: str
    unit_id: int
    title: str
    held_on: date
    attendees: list[AttendeeOut]
    reports: list[ReportOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_kind_label(meeting: Meeting) -> str:
        return meeting.get_kind_display()

    @staticmethod
    def resolve_attendees(meeting: Meeting) -> list[AttendeeOut]:
        return list(meeting.attendees.order_by("pk"))  # type: ignore[arg-type]  # validated by ninja

    @staticmethod
    def resolve_reports(meeting: Meeting) -> list[ReportOut]:
        return list(meeting.reports.select_related("unit").order_by("unit__path"))  # type: ignore[arg-type]  # validated by ninja

    @staticmethod
    def resolve_decisions(meeting: Meeting) -> list[DecisionOut]:
        return list(meeting.decisions.prefetch_related("tasks"))  # type: ignore[arg-type]  # validated by ninja


class MeetingIn(InputSchema):
    kind: Annotated[str, length_of(Meeting, "kind")]
    unit_id: Id
    title: Annotated[str, length_of(Meeting, "title")]
    held_on: date
    attendee_ids: Annotated[list[Id], Field(max_length=200)] = []


class ReportIn(InputSchema):
    unit_id: Id
    recent_work: LongText
    urgent_problems: LongText = ""


class OpinionIn(InputSchema):
    cadre_id: Id
    opinion: Annotated[str, Field(max_length=1000)]


class TaskOrderIn(InputSchema):
    title: Annotated[str, length_of(Task, "title")]
    owner_unit_id: Id
    owner_id: Id
    limit_workdays: Workdays
    detail: LongText = ""
    source: Annotated[str, length_of(Task, "source")] = ""
    co_owner_ids: Annotated[list[Id], Field(max_length=50)] = []


class DecisionIn(InputSchema):
    text: LongText
    is_major: bool = False
    opinions: Annotated[list[OpinionIn], Field(max_length=200)] = []
    task: TaskOrderIn | None = None


class NoteIn(InputSchema):
    note: LongText


class VerifyIn(InputSchema):
    approved: bool
    note: LongText = ""


@router.get("", response={200: list[TaskOut], **ERRORS}, summary="督办事项(按期限排序)")
def tasks(request: HttpRequest, query: Query[TaskListQuery]) -> list[Task]:
    return list(task_list(viewer=request.user, status=query.status, alert=query.alert)[:500])


@meetings_router.get("", response={200: list[MeetingOut], **ERRORS}, summary="会议(最近 200 次)")
def meetings(request: HttpRequest) -> list[Meeting]:
    return list(meeting_scope(request.user).order_by("-held_on")[:200])


@meetings_router.post("", response={201: MeetingDetailOut, **ERRORS}, summary="登记会议")
def meeting_add(request: HttpRequest, payload: MeetingIn) -> Status[Meeting]:
    meeting = meeting_create(
        actor=acting_user(request),
        kind=payload.kind,
        unit=unit_get_for_user(request.user, payload.unit_id),
        title=payload.title,
        held_on=payload.held_on,
        attendees=[assignable_cadre_get(request.user, cadre_id) for cadre_id in payload.attendee_ids],
    )
    return Status(201, meeting)


@meetings_router.get(
    "/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="会议详情(汇报与决定)"
)
def meeting_detail(request: HttpRequest, meeting_id: Id) -> Meeting:
    return meeting_get_for_user(request.user, meeting_id)


@meetings_router.post(
    "/{meeting_id}/reports", response={200: MeetingDetailOut, **ERRORS}, summary="下属单位向会议汇报"
)
def meeting_report(request: HttpRequest, meeting_id: Id, payload: ReportIn) -> Meeting:
    meeting = meeting_get_for_user(request.user, meeting_id)
    meeting_report_submit(
        actor=acting_user(request),
        meeting=meeting,
        unit=unit_get_for_user(request.user, payload.unit_id),
        recent_work=payload.recent_work,
        urgent_problems=payload.urgent_problems,
    )
    return meeting


@meetings_router.post(
    "/{meeting_id}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="记录会议决定(可同时交办督办事项)",
)
def meeting_decision(request: HttpRequest, meeting_id: Id, payload: DecisionIn) -> Status[Decision]:
    meeting = meeting_get_for_user(request.user, meeting_id)
    order = None
    if payload.task is not None:
        order = TaskOrder(
            title=payload.task.title,
            owner_unit=unit_get_for_user(request.user, payload.task.owner_unit_id),
            owner=assignable_cadre_get(request.user, payload.task.owner_id),
            limit_workdays=payload.task.limit_workdays,
            detail=payload.task.detail,
            source=payload.task.source,
            co_owners=[
                assignable_cadre_get(request.user, cadre_id) for cadre_id in payload.task.co_owner_ids
            ],
        )
    decision = decision_record(
        actor=acting_user(request),
        meeting=meeting,
        text=payload.text,
        is_major=payload.is_major,
        opinions={opinion.cadre_id: opinion.opinion for opinion in payload.opinions},
        task=order,
    )
    return Status(201, decision)


@router.post("", response={201: TaskOut, **ERRORS}, summary="交办督办事项")
def task_add(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    task = task_create(
        actor=acting_user(request),
        title=payload.title,
        owner_unit=unit_get_for_user(request.user, payload.owner_unit_id),
        owner=assignable_cadre_get(request.user, payload.owner_id),
        limit_workdays=payload.limit_workdays,
        detail=payload.detail,
        source=payload.source,
    )
    return Status(201, task)


@router.get("/{task_id}", response={200: TaskOut, **ERRORS}, summary="督办事项详情")
def task_detail(request: HttpRequest, task_id: Id) -> Task:
    return task_get_for_user(request.user, task_id)


@router.post("/{task_id}/progress", response={200: TaskOut, **ERRORS}, summary="登记进展")
def task_progress(request: HttpRequest, task_id: Id, payload: NoteIn) -> Task:
    task = task_get_for_user(request.user, task_id)
    task_progress_add(actor=acting_user(request), task=task, note=payload.note)
    return task


@router.post("/{task_id}/submit", response={200: TaskOut, **ERRORS}, summary="办结并提交核验")
def task_submit(request: HttpRequest, task_id: Id, payload: NoteIn) -> Task:
    return task_submit_for_verification(
        actor=acting_user(request), task=task_get_for_user(request.user, task_id), note=payload.note
    )


@router.post("/{task_id}/verify", response={200: TaskOut, **ERRORS}, summary="核验(通过或退回)")
def task_check(request: HttpRequest, task_id: Id, payload: VerifyIn) -> Task:
    return task_verify(
        actor=acting_user(request),
        task=task_get_for_user(request.user, task_id),
        approved=payload.approved,
        note=payload.note,
    )
