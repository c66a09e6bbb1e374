"""Supervision figures for the assessment app (督查督办)."""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.supervision.models import MeetingKind, MeetingReport, Task, TaskStatus


def overdue_between(start: date, end: date) -> QuerySet[Task]:
    """Tasks due in the period that were finished late, or are still unfinished past their deadline.

    A task the county sent back to its sender after 准入 review was never the town's to finish.
    """
    today = timezone.localdate()
    return (
        Task.objects.filter(due_date__gte=start, due_date__lt=min(end, today))
        .filter(Q(completed_on__gt=F("due_date")) | Q(completed_on__isnull=True))
        .exclude(status=TaskStatus.WITHDRAWN)
    )


def reports_between(start: date, end: date) -> QuerySet[MeetingReport]:
    return MeetingReport.objects.filter(
        meeting__kind=MeetingKind.JOINT, meeting__held_on__gte=start, meeting__held_on__lt=end
    )


register(
    ComputedIndicator(
        code="supervision.overdue_tasks",
        name="超期督办事项数",
        category="督查督办",
        rows=overdue_between,
        unit_field="owner_unit",
        measures=Measure.OUTCOME,
        direction="lower",
        description="期限在本期内、逾期办结或至今未办结的督办事项,按责任单位计。",
        row_columns=[("督办事项", "title"), ("办结期限", "due_date"), ("办结日期", "completed_on")],
        row_link=lambda row: reverse("supervision:task_detail", args=[row.pk]),
    )
)
register(
    ComputedIndicator(
        code="supervision.reports_on_time_rate",
        name="联席会议按时汇报率",
        category="督查督办",
        rows=reports_between,
        unit_field="unit",
        measures=Measure.RATE,
        numerator=Q(submitted_at__date__lte=F("meeting__held_on")),
        rate=True,
        description="本期联席会议的片区汇报中,在会议当天或之前提交的比例。",
        row_columns=[
            ("会议", "meeting__title"),
            ("会议日期", "meeting__held_on"),
            ("提交时间", "submitted_at"),
        ],
        row_link=lambda row: reverse("supervision:meeting_detail", args=[row.meeting_id]),
    )
)
