"""12345 work orders on the one clock: the handler's response and 办结 limits, the town's unsigned orders and the
dispatcher's 退单 and 延期 reviews. Urgent orders are notified at once (the clock's urgent flag)."""

from datetime import date
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Concat, TruncDate

from xiangzhen.clock.expressions import AddDays
from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import NO_OWNER, columns, source_link
from xiangzhen.hotline.models import OPEN_STATUSES, OrderStatus, Urgency, WorkOrder
from xiangzhen.org.models import CadreRole
from xiangzhen.org.permissions import Action

# The dispatcher reviews a 退单 or an extension within this many calendar days of the request.
REVIEW_DAYS = 2
LINK = "/hotline/orders/"


def _title(prefix: str) -> Concat:
    return Concat(Value(prefix), "platform_number", Value(" "), "category")


def _urgent() -> Case:
    return Case(When(urgency=Urgency.URGENT, then=Value(True)), default=Value(False))


def _handled(today: date) -> "QuerySet[Any]":
    """Orders someone handles: theirs until 反馈, by the response limit then the 办结 limit."""
    return WorkOrder.objects.filter(status__in=OPEN_STATUSES, handler__user__isnull=False).values(
        **columns(
            unit="handler_unit_id",
            owner="handler__user_id",
            title=_title("12345工单 "),
            link=source_link(LINK),
            due_date="due_date",
            urgent=_urgent(),
        )
    )


def _unassigned(today: date) -> "QuerySet[Any]":
    """Orders nobody has signed yet wait for whoever handles 12345 in the town."""
    return WorkOrder.objects.filter(
        Q(handler__isnull=True) | Q(handler__user__isnull=True), status=OrderStatus.DISPATCHED
    ).values(
        **columns(
            unit="handler_unit_id",
            owner=NO_OWNER,
            title=_title("待签收 "),
            link=source_link(LINK),
            due_date="due_date",
            urgent=_urgent(),
        )
    )


def _reviews(today: date) -> "QuerySet[Any]":
    return WorkOrder.objects.filter(review_requested_at__isnull=False).values(
        **columns(
            unit="town_id",
            owner=NO_OWNER,
            title=Concat(
                Case(
                    When(status=OrderStatus.RETURN_REQUESTED, then=Value("退单审核 ")),
                    default=Value("延期审批 "),
                ),
                "platform_number",
            ),
            link=source_link(LINK),
            due_date=AddDays(TruncDate("review_requested_at"), REVIEW_DAYS),
        )
    )


register(
    ObligationKind(
        name="hotline.order",
        label="12345工单",
        source_model=WorkOrder,
        rows=_handled,
        watch={WorkOrder: lambda order: [order.pk]},
        yellow_days=1,
        counted_in="派单起算",
    )
)
register(
    ObligationKind(
        name="hotline.unsigned",
        label="12345待签收",
        source_model=WorkOrder,
        rows=_unassigned,
        watch={WorkOrder: lambda order: [order.pk]},
        action=Action.HANDLE_HOTLINE,
        roles=frozenset({CadreRole.TOWN_LEADER}),
        yellow_days=0,
        counted_in="派单起算",
    )
)
register(
    ObligationKind(
        name="hotline.review",
        label="12345退单延期审核",
        source_model=WorkOrder,
        rows=_reviews,
        watch={WorkOrder: lambda order: [order.pk]},
        action=Action.DISPATCH_HOTLINE,
        roles=frozenset({CadreRole.COUNTY_SUPERVISOR}),
        yellow_days=1,
        counted_in="自然日",
    )
)
