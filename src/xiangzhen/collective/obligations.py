"""三资 on the one clock: contract terms ending, rent instalments due, 村务公开 owed."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import NO_OWNER, columns, source_link
from xiangzhen.collective.models import Contract, ContractPayment, ContractStatus, PaymentStatus, Publication
from xiangzhen.org.models import CadreRole
from xiangzhen.org.permissions import Action


def _active_contracts(today: date) -> "QuerySet[Any]":
    return Contract.objects.filter(status=ContractStatus.ACTIVE).values(
        **columns(
            unit="village_id",
            owner="responsible__user_id",
            title="title",
            link=source_link("/collective/contracts/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _payments_due(today: date) -> "QuerySet[Any]":
    return ContractPayment.objects.filter(status=PaymentStatus.DUE).values(
        **columns(
            unit="contract__village_id",
            owner="responsible__user_id",
            title="title",
            link=source_link("/collective/payments/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _publications_owed(today: date) -> "QuerySet[Any]":
    return Publication.objects.filter(published_on__isnull=True).values(
        **columns(
            unit="village_id",
            owner=NO_OWNER,
            title="title",
            link=source_link("/collective/publications/#publication-", suffix=""),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _colour(today: date, stamp: datetime) -> object:
    from xiangzhen.collective.services import collective_sweep_alerts

    return collective_sweep_alerts(now=stamp)


register(
    ObligationKind(
        name="collective.contract",
        label="三资合同到期",
        source_model=Contract,
        rows=_active_contracts,
        watch={Contract: lambda contract: [contract.pk]},
        colour_source=_colour,
        counted_in="自然日",
    )
)
register(
    ObligationKind(
        name="collective.payment",
        label="合同租金",
        source_model=ContractPayment,
        rows=_payments_due,
        # Closing a contract cancels its instalments not yet due in one UPDATE: the contract's write refreshes them.
        watch={
            ContractPayment: lambda payment: [payment.pk],
            Contract: lambda contract: contract.payments.values_list("pk", flat=True),
        },
        counted_in="自然日",
    )
)
register(
    ObligationKind(
        name="collective.publication",
        label="村务公开",
        source_model=Publication,
        rows=_publications_owed,
        watch={Publication: lambda publication: [publication.pk]},
        action=Action.MANAGE_COLLECTIVE,
        roles=frozenset({CadreRole.VILLAGE_CADRE, CadreRole.TOWNSHIP_CADRE}),
        counted_in="自然日",
    )
)
