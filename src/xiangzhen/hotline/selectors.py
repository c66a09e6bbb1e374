"""Reads of work orders, through the viewer's jurisdiction."""

from django.db.models import Q, QuerySet

from xiangzhen.errors import NotFound, ValidationFailed
from xiangzhen.hotline.models import OPEN_STATUSES, OrderStatus, WorkOrder
from xiangzhen.org.models import Cadre, Unit
from xiangzhen.org.selectors import AnyUser, cadre_of, visible_units


def order_scope(viewer: AnyUser) -> QuerySet[WorkOrder]:
    """Orders of the viewer's towns, those handled in their units, and those they handle themselves."""
    if not viewer.is_authenticated:
        return WorkOrder.objects.none()
    # The unit ids as a list, not a subquery: each OR term then reads its own index (the town's open orders,
    # the handling unit's), where a subquery made SQLite scan every order.
    units = list(visible_units(viewer).values_list("pk", flat=True))
    condition = Q(town__in=units) | Q(handler_unit__in=units)
    cadre = cadre_of(viewer)
    if cadre is not None:
        condition |= Q(handler=cadre)
    return WorkOrder.objects.filter(condition)


def order_get_for_user(viewer: AnyUser, order_id: int) -> WorkOrder:
    order = (
        order_scope(viewer)
        .select_related("town", "handler_unit", "handler", "village", "county", "return_duty_item")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFound("工单不存在或不在您的管辖范围内")
    return order


def order_list(*, viewer: AnyUser, status: str = "", open_only: bool = False) -> QuerySet[WorkOrder]:
    orders = order_scope(viewer).select_related("town", "handler_unit", "handler")
    if open_only:
        orders = orders.filter(status__in=OPEN_STATUSES).order_by("due_date", "id")
    elif status:
        orders = orders.filter(status=status)
    return orders


def orders_waiting_review(viewer: AnyUser) -> QuerySet[WorkOrder]:
    """退单 and 延期 waiting for the dispatcher, oldest first."""
    return (
        order_scope(viewer)
        .filter(Q(status=OrderStatus.RETURN_REQUESTED) | Q(extension_status="pending"))
        .select_related("town")
        .order_by("review_requested_at", "id")
    )


def transfer_cadres(town: Unit) -> QuerySet[Cadre]:
    """The active cadres holding a post in `town`'s subtree: whom a 转办 may name."""
    return (
        Cadre.objects.filter(is_active=True, posts__unit__in=Unit.objects.within([town]).values("pk"))
        .distinct()
        .order_by("name")
    )


def transfer_cadre_get(town: Unit, cadre_id: int) -> Cadre:
    cadre = transfer_cadres(town).filter(pk=cadre_id).first()
    if cadre is None:
        raise ValidationFailed("只能转办给本乡镇在岗的干部")
    return cadre
