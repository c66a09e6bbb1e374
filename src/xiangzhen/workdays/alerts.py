"""The one red/yellow mechanism: every supervised thing (办件, 纠纷, 督办事项) stores its deadline and is swept
by the same set-based rules.

A row is yellow once its remaining working days fall to max(share × limit, minimum) and red once its
deadline has passed. Deadlines are stored (`due_date`, `yellow_from`), never recomputed on read.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.workdays.calendar import WorkdayCalendar

M = TypeVar("M", bound=models.Model)


class AlertLevel(models.TextChoices):
    NONE = "none", _("正常")
    YELLOW = "yellow", _("黄牌预警")
    RED = "red", _("红牌超期")


class SupervisedDeadline(models.Model):
    """Fields every supervised row carries; the sweep reads and writes only these."""

    due_date = models.DateField(_("办结期限"), null=True, blank=True)
    yellow_from = models.DateField(_("预警日期"), null=True, blank=True)
    due_is_provisional = models.BooleanField(_("期限暂定"), default=False)
    alert = models.CharField(_("督办"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE)
    alert_changed_at = models.DateTimeField(_("预警变化时间"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_overdue(self, today: date) -> bool:
        return self.due_date is not None and self.due_date < today


@dataclass(frozen=True)
class Deadline:
    due_date: date
    yellow_from: date
    provisional: bool

    def fields(self) -> dict[str, object]:
        return {
            "due_date": self.due_date,
            "yellow_from": self.yellow_from,
            "due_is_provisional": self.provisional,
        }


def yellow_threshold(limit_workdays: int) -> int:
    """Remaining working days at which a row turns yellow: max(1 day, 20% of the limit) by default."""
    return max(
        settings.SERVICE_YELLOW_MIN_WORKDAYS, math.ceil(limit_workdays * settings.SERVICE_YELLOW_SHARE)
    )


def supervised_deadline(
    *, start: date, limit_workdays: int, paused_workdays: int = 0, calendar: WorkdayCalendar | None = None
) -> Deadline:
    calendar = calendar or WorkdayCalendar()
    total = limit_workdays + paused_workdays
    due = calendar.add_workdays(start, total)
    yellow = calendar.add_workdays(start, max(0, total - yellow_threshold(limit_workdays)))
    return Deadline(due.date, yellow.date, due.provisional)


@dataclass(frozen=True)
class SweepCount:
    red: int
    yellow: int


def sweep_alerts(running: "models.QuerySet[M]", *, today: date, stamp: datetime, label: str) -> SweepCount:
    """One UPDATE per rule over the rows whose clock is running, audited as one event.

    `alert_changed_at = stamp` marks the rows just changed, so callers can notify their owners with one
    INSERT … SELECT.
    """
    from xiangzhen.audit.services import audit_record

    red = (
        running.filter(due_date__lt=today)
        .exclude(alert=AlertLevel.RED)
        .update(alert=AlertLevel.RED, alert_changed_at=stamp)
    )
    yellow = running.filter(alert=AlertLevel.NONE, yellow_from__lte=today, due_date__gte=today).update(
        alert=AlertLevel.YELLOW, alert_changed_at=stamp
    )
    if red or yellow:
        audit_record(
            actor=None,
            action=f"{running.model._meta.model_name}.sweep",
            target=None,
            object_type=running.model._meta.label_lower,
            object_repr=label,
            changes={"red": [None, red], "yellow": [None, yellow]},
        )
    return SweepCount(red, yellow)


def recompute_provisional(
    rows: "Iterable[M]",
    *,
    start: "Callable[[M], date]",
    limit: "Callable[[M], int]",
    paused: "Callable[[M], int]" = lambda row: 0,
) -> int:
    """Recompute the deadlines of rows whose deadline was provisional, after an official year is loaded.

    Only rows started in the weeks before a year boundary carry provisional deadlines, so this touches a
    few rows, not a table.
    """
    calendar = WorkdayCalendar()
    changed = 0
    for row in rows:
        deadline = supervised_deadline(
            start=start(row), limit_workdays=limit(row), paused_workdays=paused(row), calendar=calendar
        )
        for field, value in deadline.fields().items():
            setattr(row, field, value)
        row.save(update_fields=list(deadline.fields()))
        changed += 1
    return changed
