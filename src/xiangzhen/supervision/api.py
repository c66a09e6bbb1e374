"""JSON API of supervised tasks; each transition its own endpoint, the same services as the pages."""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Workdays, length_of
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user
from xiangzhen.supervision.models import Meeting, Task
from xiangzhen.supervision.selectors import meeting_scope, task_get_for_user, task_list
from xiangzhen.supervision.services import (
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
