"""The service hall's figures for the assessment app (便民服务)."""

from datetime import date
from decimal import Decimal

from django.db.models import Case, Q, QuerySet, Value, When
from django.urls import reverse

from xiangzhen.assessment.registry import ComputedIndicator, register, start_of
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


RATING_COLUMNS = [("查询码", "request__tracking_code"), ("事项", "request__item__name"), ("评价", "level")]

register(
    ComputedIndicator(
        code="services.accepted",
        name="受理办件数",
        category=CATEGORY,
        rows=accepted_between,
        unit_field="handling_unit",
        description="本期受理(含容缺受理)的办件,按承办单位计。",
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
    )
)
register(
    ComputedIndicator(
        code="services.response_rate",
        name="响应率",
        category=CATEGORY,
        rows=registered_between,
        unit_field="handling_unit",
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
        name="办结率",
        category=CATEGORY,
        rows=accepted_between,
        unit_field="handling_unit",
        numerator=Q(status=RequestStatus.COMPLETED),
        rate=True,
        description="本期受理的办件中已办结的比例。",
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
    )
)
register(
    ComputedIndicator(
        code="services.on_time_rate",
        name="按时办结率",
        category=CATEGORY,
        rows=completed_between,
        unit_field="handling_unit",
        numerator=Q(completed_on_time=True),
        rate=True,
        description="本期办结的办件中在承诺时限内办结的比例。",
        row_columns=REQUEST_COLUMNS,
        row_link=request_link,
    )
)
register(
    ComputedIndicator(
        code="services.one_visit_rate",
        name="最多跑一次比例",
        category=CATEGORY,
        rows=completed_between,
        unit_field="handling_unit",
        numerator=Q(visits__lte=1),
        rate=True,
        description="本期办结的办件中群众最多跑一次的比例。",
        row_columns=[*REQUEST_COLUMNS, ("跑动次数", "visits")],
        row_link=request_link,
    )
)
register(
    ComputedIndicator(
        code="services.satisfaction_rate",
        name="满意率(好差评)",
        category=CATEGORY,
        rows=rated_between,
        unit_field="request__handling_unit",
        numerator=Q(level__gte=RatingLevel.BASICALLY_SATISFIED),
        rate=True,
        description="(非常满意 + 满意 + 基本满意)÷ 本期评价数。",
        row_columns=RATING_COLUMNS,
        row_link=rating_link,
    )
)
register(
    ComputedIndicator(
        code="services.satisfaction_weighted",
        name="满意率(基本满意按0.9计)",
        category=CATEGORY,
        rows=rated_between,
        unit_field="request__handling_unit",
        numerator=Q(level__gte=RatingLevel.BASICALLY_SATISFIED),
        numerator_weight=Case(
            When(level=RatingLevel.BASICALLY_SATISFIED, then=Value(Decimal("0.9"))), default=Value(Decimal(1))
        ),
        rate=True,
        description="12345 口径:(满意 + 0.9 × 基本满意)÷ 有效回访数。",
        row_columns=RATING_COLUMNS,
        row_link=rating_link,
    )
)
