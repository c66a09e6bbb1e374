"""Deadline arithmetic of service requests on the official working-day calendar."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from xiangzhen.workdays.calendar import WorkdayCalendar


@dataclass(frozen=True)
class RequestDeadline:
    due_date: date
    yellow_from: date
    provisional: bool


def yellow_threshold(limit_workdays: int) -> int:
    """Remaining working days at which a request turns yellow: max(1 day, 20% of the limit) by default."""
    return max(
        settings.SERVICE_YELLOW_MIN_WORKDAYS, math.ceil(limit_workdays * settings.SERVICE_YELLOW_SHARE)
    )


def request_deadline(
    *,
    accepted_on: date,
    limit_workdays: int,
    paused_workdays: int = 0,
    calendar: WorkdayCalendar | None = None,
) -> RequestDeadline:
    calendar = calendar or WorkdayCalendar()
    total = limit_workdays + paused_workdays
    due = calendar.add_workdays(accepted_on, total)
    yellow = calendar.add_workdays(accepted_on, max(0, total - yellow_threshold(limit_workdays)))
    return RequestDeadline(due.date, yellow.date, due.provisional)


def recompute_provisional_deadlines(years: Iterable[int]) -> int:
    """Called when official years are loaded: recompute open requests whose deadline was provisional.

    Only requests accepted in the weeks before a year boundary carry provisional deadlines, so this
    touches a few rows, not the table.
    """
    from xiangzhen.services.models import ServiceRequest

    calendar = WorkdayCalendar()
    changed = 0
    for request in (
        ServiceRequest.objects.open()
        .filter(due_is_provisional=True, due_date__year__in=list(years))
        .select_related("item")
    ):
        assert request.accepted_on is not None
        deadline = request_deadline(
            accepted_on=request.accepted_on,
            limit_workdays=request.item.promised_days,
            paused_workdays=request.paused_workdays,
            calendar=calendar,
        )
        request.due_date, request.yellow_from = deadline.due_date, deadline.yellow_from
        request.due_is_provisional = deadline.provisional
        request.save(update_fields=["due_date", "yellow_from", "due_is_provisional"])
        changed += 1
    return changed
