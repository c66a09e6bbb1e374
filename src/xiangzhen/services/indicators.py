"""The service hall's figures for the assessment app (便民服务)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Q, QuerySet, Value, When
from django.urls import reverse

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register, start_of
from xiangzhen.org.models import Unit
from xiangzhen.services.figures import (
    ACCEPTED,
    ACCEPTED_DEFINITION,
    COMPLETION_RATE,
    GOOD_RATING_RATE,
    ON_TIME_RATE,
    ONE_VISIT_RATE,
    SATISFACTION_RATE,
    service_counts,
)
from xiangzhen.services.models import Rating, RatingLevel, RequestStatus, ServiceRequest

CATEGORY = "便民服务"
REQUEST_COLUMNS = [
    ("查询码", "tracking_code"),
    ("事项", "item__name"),
    ("受理日期", "accepted_on"),
    ("状态", "status"),
    ("办结日期", "completed_on"),
]


def request_link(row: ServiceRequest) -> str:
    return reverse("services:detail", args=[row.pk])


def rating_link(row: Rating) -> str:
    return reverse("services:detail", args=[row.request_id])


def accepted_between(start: date, end: date) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(accepted_on__gte=start, accepted_on__lt=end)


def completed_between(start: date, end: date) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(
        status=RequestStatus.COMPLETED, completed_on__gte=start, completed_on__lt=end
    )


def rated_between(start: date, end: date) -> QuerySet[Rating]:
    return Rating.objects.filter(created_at__gte=start_of(start), created_at__lt=start_of(end))


def registered_between(start: date, end: date) -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.filter(created_at__gte=start_of(start), created_at__lt=start_of(end))


def counted_by_handling_unit(start: date, end: date, owner: Unit) -> dict[int, dict[str, int]]:
    """The statistics page's counts (`service_counts`, from the monthly tallies) per handling unit under
    `owner`, over the period's days: the board scores exactly the figures that page shows."""
    return service_counts(
        handling_units=Unit.objects.within([owner]).values("pk"),
        since=start,
        until=end - timedelta(days=1),
    ).counts


RATING_COLUMNS = [("查询码", "request__tracking_code"), ("事项", "request__item__name"), ("评价", "level")]

register(
    ComputedIndicator(
        code="services.accepted",
        name="受理办件数",
        category=CATEGORY,
        rows=accepted_between,
        unit_field="handling_unit",
        measures=Measure.OUTCOME,
        description=ACCEPTED_DEFINITION,
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
        counted_by=counted_by_handling_unit,
        counted_as=ACCEPTED,
    )
)
register(
    ComputedIndicator(
        code="services.response_rate",
        name="响应率",
        category=CATEGORY,
        rows=registered_between,
        unit_field="handling_unit",
        measures=Measure.RATE,
        numerator=~Q(status=RequestStatus.AWAITING_MATERIALS),
        rate=True,
        description="本期登记的办件中,已作出受理或不予受理决定的比例(待补正的不算响应)。",
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
    )
)
register(
    ComputedIndicator(
        code="services.completion_rate",
        name=COMPLETION_RATE.name,
        category=CATEGORY,
        rows=accepted_between,
        unit_field="handling_unit",
        measures=Measure.RATE,
        numerator=Q(status=RequestStatus.COMPLETED),
        rate=True,
        description=COMPLETION_RATE.definition,
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
        counted_by=counted_by_handling_unit,
        counted_as=COMPLETION_RATE,
    )
)
register(
    ComputedIndicator(
        code="services.on_time_rate",
        name=ON_TIME_RATE.name,
        category=CATEGORY,
        rows=completed_between,
        unit_field="handling_unit",
        measures=Measure.RATE,
        numerator=Q(completed_on_time=True),
        rate=True,
        description=ON_TIME_RATE.definition,
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
        counted_by=counted_by_handling_unit,
        counted_as=ON_TIME_RATE,
    )
)
register(
    ComputedIndicator(
        code="services.one_visit_rate",
        name=ONE_VISIT_RATE.name,
        category=CATEGORY,
        rows=completed_between,
        unit_field="handling_unit",
        measures=Measure.RATE,
        numerator=Q(visits__lte=1),
        rate=True,
        description=ONE_VISIT_RATE.definition,
        row_columns=[*REQUEST_COLUMNS, ("跑动次数", "visits")],
        row_link=request_link,
        counted_by=counted_by_handling_unit,
        counted_as=ONE_VISIT_RATE,
    )
)
register(
    ComputedIndicator(
        code="services.satisfaction_rate",
        name=GOOD_RATING_RATE.name,
        category=CATEGORY,
        rows=rated_between,
        unit_field="request__handling_unit",
        measures=Measure.RATE,
        numerator=Q(level__gte=RatingLevel.BASICALLY_SATISFIED),
        rate=True,
        description=GOOD_RATING_RATE.definition,
        row_columns=RATING_COLUMNS,
        row_link=rating_link,
        counted_by=counted_by_handling_unit,
        counted_as=GOOD_RATING_RATE,
    )
)
register(
    ComputedIndicator(
        code="services.satisfaction_weighted",
        name=SATISFACTION_RATE.name,
        category=CATEGORY,
        rows=rated_between,
        unit_field="request__handling_unit",
        measures=Measure.RATE,
        numerator=Q(level__gte=RatingLevel.BASICALLY_SATISFIED),
        numerator_weight=Case(
            When(level=RatingLevel.BASICALLY_SATISFIED, then=Value(Decimal("0.9"))), default=Value(Decimal(1))
        ),
        rate=True,
        description=SATISFACTION_RATE.definition,
        row_columns=RATING_COLUMNS,
        row_link=rating_link,
        counted_by=counted_by_handling_unit,
        counted_as=SATISFACTION_RATE,
    )
)
