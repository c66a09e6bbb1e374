"""GET /api/v1/todo: the signed-in person's 待办, the same list as the home page."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from xiangzhen.api.schemas import ErrorResponse
from xiangzhen.clock.registry import KINDS
from xiangzhen.clock.selectors import TODO_LIMIT, todo_list
from xiangzhen.errors import ValidationFailed

router = Router(tags=["我的待办"])


class TodoItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    link: str
    unit: str
    due_date: date
    days_left: int
    colour: str = Field(description="red 已超期 · yellow 临近期限 · none")
    mine: bool
    waiting_for_role: bool
    urgent: bool


class TodoCountsOut(Schema):
    total: int
    red: int
    yellow: int
    mine: int
    waiting_for_role: int


class TodoOut(Schema):
    items: list[TodoItemOut]
    counts: TodoCountsOut
    truncated: bool


class TodoQuery(Schema):
    kind: str = Field("", max_length=40, description="只看一种事项,如 services.request")
    # Not strict: a query string is text, and "5" is the number 5 (a strict int refused every limit).
    limit: int = Field(TODO_LIMIT, ge=1, le=500)


@router.get("", response={200: TodoOut, 401: ErrorResponse, 422: ErrorResponse}, summary="我的待办")
def todo(request: HttpRequest, query: Query[TodoQuery]) -> dict[str, object]:
    if query.kind and query.kind not in KINDS:
        raise ValidationFailed(f"没有这种待办事项:{query.kind}")
    found = todo_list(viewer=request.user, today=timezone.localdate(), limit=query.limit, kind=query.kind)
    return {
        "items": [item.as_json() for item in found.items],
        "counts": found.counts.__dict__,
        "truncated": found.truncated,
    }
