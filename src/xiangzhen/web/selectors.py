"""The figures of "我的工作台": what needs the user's attention today, across every app, in a few queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from xiangzhen.disputes.models import DisputeStatus
from xiangzhen.disputes.selectors import dispute_scope, villages_missing_screening
from xiangzhen.org.selectors import AnyUser
from xiangzhen.services.models import OPEN_STATUSES, RequestStatus
from xiangzhen.services.selectors import service_request_scope
from xiangzhen.supervision.models import RUNNING_TASK_STATUSES, TaskStatus
from xiangzhen.supervision.selectors import task_scope


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
