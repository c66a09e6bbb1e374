"""Deadlines of service requests: the shared mechanism of `xiangzhen.workdays.alerts`, applied to 办件."""

from collections.abc import Iterable

from xiangzhen.workdays.alerts import recompute_provisional


def recompute_provisional_deadlines(years: Iterable[int]) -> int:
    from xiangzhen.services.models import ServiceRequest

    return recompute_provisional(
        ServiceRequest.objects.open()
        .filter(due_is_provisional=True, due_date__year__in=list(years))
        .select_related("item"),
        start=lambda request: request.accepted_on,  # type: ignore[arg-type,return-value]  # open requests were accepted
        limit=lambda request: request.item.promised_days,
        paused=lambda request: request.paused_workdays,
    )
