"""Open disputes on the one clock: the 包保责任人 answers by the 化解时限."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import columns, source_link
from xiangzhen.disputes.models import Dispute, DisputeStatus


def _open(today: date) -> "QuerySet[Any]":
    return Dispute.objects.filter(status=DisputeStatus.OPEN).values(
        **columns(
            unit="handling_unit_id",
            owner="responsible__user_id",
            title="title",
            link=source_link("/disputes/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _colour(today: date, stamp: datetime) -> object:
    from xiangzhen.disputes.services import dispute_sweep_alerts

    return dispute_sweep_alerts(now=stamp)


register(
    ObligationKind(
        name="disputes.dispute",
        label="矛盾纠纷",
        source_model=Dispute,
        rows=_open,
        watch={Dispute: lambda dispute: [dispute.pk]},
        colour_source=_colour,
    )
)
