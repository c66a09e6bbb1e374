"""The front line's figures for the assessment app (see assessment.registry).

基层减负: the front line is judged by what its work settled, not by how often a cadre tapped "签到", how many
weeks they sat in a village or how many visits they wrote down. Those counts stay on the frontline pages as
context (the cadre's presence page, the visit list), never scored.
"""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.frontline.models import VisitProblem
from xiangzhen.services.models import RequestStatus, ServiceRequest
from xiangzhen.supervision.models import TaskStatus

# A problem is settled on time when the task or request it became was finished by its deadline.
_SETTLED_ON_TIME = Q(task__completed_on__isnull=False, task__completed_on__lte=F("task__due_date")) | Q(
    service_request__completed_on_time=True
)


def visit_problems_due(start: date, end: date) -> QuerySet[VisitProblem]:
    """Problems found on visits in the period, except one whose task or request is still open and not yet due
    (it is not counted against anyone before its time limit). A problem never handed on counts as unsettled:
    writing it down is not settling it."""
    today = timezone.localdate()
    still_running = Q(task__completed_on__isnull=True, task__due_date__gte=today) | Q(
        service_request__completed_on__isnull=True, service_request__due_date__gte=today
    )
    return (
        VisitProblem.objects.filter(visit__visited_on__gte=start, visit__visited_on__lt=end)
        .exclude(still_running)
        .exclude(task__status=TaskStatus.WITHDRAWN)
    )


def window_cases(start: date, end: date) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(accepted_on__gte=start, accepted_on__lt=end)


register(
    ComputedIndicator(
        code="frontline.visit_problems_on_time",
        name="走访发现问题按期解决率",
        category="干部在一线",
        rows=visit_problems_due,
        unit_field="visit__unit",
        measures=Measure.RATE,
        numerator=_SETTLED_ON_TIME,
        rate=True,
        description="本期五进走访发现的问题中,转督办事项或办件后在期限内办结的比例;未转办的问题计为未解决,"
        "尚未到期仍在办理的不计入。走访次数只作参考,不计分",
        row_columns=[
            ("走访日期", "visit__visited_on"),
            ("发现问题", "description"),
            ("督办期限", "task__due_date"),
            ("督办办结", "task__completed_on"),
            ("办件查询码", "service_request__tracking_code"),
        ],
        row_link=lambda problem: f"/frontline/visits/{problem.visit_id}/",
    )
)
register(
    ComputedIndicator(
        code="frontline.window_cases_on_spot",
        name="窗口当场办结率",
        category="干部在一线",
        rows=window_cases,
        unit_field="filed_at_unit",
        measures=Measure.RATE,
        numerator=Q(status=RequestStatus.COMPLETED, completed_on=F("accepted_on")),
        rate=True,
        description="本期窗口受理的办件中,受理当日办结(当场办结)的比例,按受理地点计。坐班签到只作参考,不计分",
        row_columns=[
            ("查询码", "tracking_code"),
            ("事项", "item__name"),
            ("受理日期", "accepted_on"),
            ("办结日期", "completed_on"),
        ],
        row_link=lambda request: f"/services/requests/{request.pk}/",
    )
)
