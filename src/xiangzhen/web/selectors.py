"""The figures of "我的工作台": what needs the user's attention today, across every app, in a few queries."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from xiangzhen.disputes.models import DisputeStatus
from xiangzhen.disputes.selectors import dispute_scope, villages_missing_screening
from xiangzhen.org.selectors import AnyUser, cadre_of
from xiangzhen.services.models import OPEN_STATUSES, RequestStatus
from xiangzhen.services.selectors import service_request_scope
from xiangzhen.supervision.models import RUNNING_TASK_STATUSES, Task, TaskStatus
from xiangzhen.supervision.selectors import task_scope
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar


@dataclass(frozen=True)
class Workbench:
    requests_open: int
    requests_yellow: int
    requests_red: int
    requests_mine: int
    tasks_open: int
    tasks_red: int
    tasks_awaiting_verification: int
    disputes_open: int
    disputes_red: int
    screening_missing: int
    screening_month: date
    months: list[str]
    accepted_by_month: list[int]
    completed_by_month: list[int]


def workbench_summary(*, viewer: AnyUser, today: date) -> Workbench:
    requests = service_request_scope(viewer).aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        yellow=Count("id", filter=Q(status__in=OPEN_STATUSES, alert="yellow")),
        red=Count("id", filter=Q(status__in=OPEN_STATUSES, alert="red")),
        mine=Count(
            "id",
            filter=Q(status__in=OPEN_STATUSES)
            & (Q(assigned_officer=viewer.pk) | Q(assigned_officer__isnull=True, first_officer=viewer.pk)),
        ),
    )
    tasks = task_scope(viewer).aggregate(
        open=Count("id", filter=~Q(status=TaskStatus.DONE), distinct=True),
        red=Count("id", filter=Q(status__in=RUNNING_TASK_STATUSES, alert="red"), distinct=True),
        awaiting=Count("id", filter=Q(status=TaskStatus.AWAITING_VERIFICATION), distinct=True),
    )
    disputes = dispute_scope(viewer).aggregate(
        open=Count("id", filter=Q(status=DisputeStatus.OPEN)),
        red=Count("id", filter=Q(status=DisputeStatus.OPEN, alert="red")),
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    first_month = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    monthly = {
        row["month"]: row
        for row in service_request_scope(viewer)
        .filter(accepted_on__gte=first_month)
        .annotate(month=TruncMonth("accepted_on"))
        .values("month")
        .annotate(accepted=Count("id"), completed=Count("id", filter=Q(status=RequestStatus.COMPLETED)))
    }
    months = []
    cursor = first_month
    while cursor <= today:
        months.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return Workbench(
        requests_open=requests["open"],
        requests_yellow=requests["yellow"],
        requests_red=requests["red"],
        requests_mine=requests["mine"],
        tasks_open=tasks["open"],
        tasks_red=tasks["red"],
        tasks_awaiting_verification=tasks["awaiting"],
        disputes_open=disputes["open"],
        disputes_red=disputes["red"],
        screening_missing=len(villages_missing_screening(viewer=viewer, month=last_month)),
        screening_month=last_month,
        months=[f"{month:%Y-%m}" for month in months],
        accepted_by_month=[monthly.get(month, {}).get("accepted", 0) for month in months],
        completed_by_month=[monthly.get(month, {}).get("completed", 0) for month in months],
    )


class DueBucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "week"


DUE_BUCKET_LABELS = {DueBucket.OVERDUE: "已超期", DueBucket.TODAY: "今天到期", DueBucket.WEEK: "7 天内到期"}
# "This week" is the next seven days, so that a Friday still shows Monday's deadlines.
DUE_HORIZON_DAYS = 7
# A leader over a whole county may face thousands of overdue rows; the page shows the most urgent of each kind.
DUE_LIMIT_PER_KIND = 200


@dataclass(frozen=True)
class DueItem:
    kind: str
    label: str
    title: str
    url: str
    unit_name: str
    due_date: date
    days_left: int
    mine: bool
    # Working days left on the official calendar, for rows not yet overdue (None when the calendar
    # cannot speak for the year).
    workdays_left: int | None = None

    @property
    def overdue_days(self) -> int:
        return -self.days_left

    @property
    def bucket(self) -> DueBucket:
        if self.days_left < 0:
            return DueBucket.OVERDUE
        return DueBucket.TODAY if self.days_left == 0 else DueBucket.WEEK


@dataclass(frozen=True)
class DueList:
    items: list[DueItem]
    truncated: bool

    def bucket(self, bucket: DueBucket) -> list[DueItem]:
        return [item for item in self.items if item.bucket == bucket]


def due_list(*, viewer: AnyUser, today: date, mine_only: bool = False) -> DueList:
    """到期提醒: open requests, running tasks and open disputes due within a week or overdue, in the viewer's
    jurisdiction (and their own), most urgent first. Three queries, one per kind, whatever the row count."""
    horizon = today + timedelta(days=DUE_HORIZON_DAYS)
    calendar = WorkdayCalendar()
    cadre = cadre_of(viewer)
    user_id = viewer.pk if viewer.is_authenticated else None

    mine_request = Q(assigned_officer_id=user_id) | Q(first_officer_id=user_id)
    requests = (
        service_request_scope(viewer)
        .filter(status=RequestStatus.ACCEPTED, due_date__lte=horizon)
        .select_related("item", "handling_unit")
        .order_by("due_date", "id")
    )
    mine_task = Q(owner_id=cadre.pk) | Q(co_owners=cadre.pk) if cadre is not None else Q(pk__in=[])
    tasks = (
        task_scope(viewer)
        .filter(status__in=RUNNING_TASK_STATUSES, due_date__lte=horizon)
        .select_related("owner_unit")
        .order_by("due_date", "id")
    )
    mine_dispute = Q(responsible_id=cadre.pk) if cadre is not None else Q(pk__in=[])
    disputes = (
        dispute_scope(viewer)
        .filter(status=DisputeStatus.OPEN, due_date__lte=horizon)
        .select_related("handling_unit")
        .order_by("due_date", "id")
    )
    if mine_only:
        requests = requests.filter(mine_request)
        tasks = tasks.filter(mine_task)
        disputes = disputes.filter(mine_dispute)
    my_task_ids: set[int] = set()
    task_rows = list(tasks[: DUE_LIMIT_PER_KIND + 1])
    if cadre is not None and task_rows:
        # Co-ownership is a many-to-many: asked once for the page's tasks rather than joined per row.
        my_task_ids = set(
            Task.objects.filter(mine_task, pk__in=[task.pk for task in task_rows]).values_list(
                "pk", flat=True
            )
        )
    request_rows = list(requests[: DUE_LIMIT_PER_KIND + 1])
    dispute_rows = list(disputes[: DUE_LIMIT_PER_KIND + 1])
    truncated = any(len(rows) > DUE_LIMIT_PER_KIND for rows in (request_rows, task_rows, dispute_rows))

    items = [
        DueItem(
            kind="request",
            label="办件",
            title=f"{request.tracking_code} {request.item.name} {request.masked_name}",
            url=reverse("services:detail", args=[request.pk]),
            unit_name=request.handling_unit.name,
            due_date=request.due_date,
            days_left=(request.due_date - today).days,
            mine=user_id is not None and user_id in (request.assigned_officer_id, request.first_officer_id),
        )
        for request in request_rows[:DUE_LIMIT_PER_KIND]
        if request.due_date is not None
    ]
    items += [
        DueItem(
            kind="task",
            label="督办事项",
            title=task.title,
            url=reverse("supervision:task_detail", args=[task.pk]),
            unit_name=task.owner_unit.name,
            due_date=task.due_date,
            days_left=(task.due_date - today).days,
            mine=task.pk in my_task_ids,
        )
        for task in task_rows[:DUE_LIMIT_PER_KIND]
        if task.due_date is not None
    ]
    items += [
        DueItem(
            kind="dispute",
            label="矛盾纠纷",
            title=f"JF{dispute.pk} {dispute.title}",
            url=reverse("disputes:detail", args=[dispute.pk]),
            unit_name=dispute.handling_unit.name,
            due_date=dispute.due_date,
            days_left=(dispute.due_date - today).days,
            mine=cadre is not None and dispute.responsible_id == cadre.pk,
        )
        for dispute in dispute_rows[:DUE_LIMIT_PER_KIND]
        if dispute.due_date is not None
    ]
    items.sort(key=lambda item: (item.due_date, item.kind, item.title))
    return DueList(items=[_with_workdays_left(item, today, calendar) for item in items], truncated=truncated)


def _with_workdays_left(item: DueItem, today: date, calendar: WorkdayCalendar) -> DueItem:
    """Working days are counted only within the week ahead: at most seven days per row, one cached year."""
    if item.days_left < 0:
        return item
    try:
        return replace(item, workdays_left=calendar.workdays_between(today, item.due_date))
    except CalendarUnavailable:
        return item
