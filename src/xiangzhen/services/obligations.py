"""The service hall's dated obligations on the one clock: accepted requests and 差评整改."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, Concat

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import columns, source_link
from xiangzhen.services.models import RequestStatus, ServiceRequest


def _accepted(today: date) -> "QuerySet[Any]":
    return ServiceRequest.objects.filter(status=RequestStatus.ACCEPTED).values(
        **columns(
            unit="handling_unit_id",
            owner=Coalesce("assigned_officer_id", "first_officer_id"),
            title=Concat("tracking_code", Value(" "), "item__name"),
            link=source_link("/services/requests/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _colour(today: date, stamp: datetime) -> object:
    from xiangzhen.services.services import service_request_sweep_alerts

    return service_request_sweep_alerts(now=stamp)


register(
    ObligationKind(
        name="services.request",
        label="办件",
        source_model=ServiceRequest,
        rows=_accepted,
        watch={ServiceRequest: lambda request: [request.pk]},
        colour_source=_colour,
    )
)
