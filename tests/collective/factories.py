"""Contracts and publications of the test township's villages."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from xiangzhen.collective.models import Contract, PaymentCycle
from xiangzhen.collective.services import ContractTerms, contract_create
from xiangzhen.org.models import Cadre, Unit


def terms(
    *,
    number: str = "HT-001",
    starts_on: date | None = None,
    ends_on: date | None = None,
    amount: str = "30000.00",
    cycle: str = PaymentCycle.YEARLY,
    counterparty: str = "王大山",
    counterparty_kind: str = "person",
) -> ContractTerms:
    start = starts_on or timezone.localdate().replace(month=1, day=1)
    return ContractTerms(
        number=number,
        title=f"{number} 水面承包合同",
        counterparty=counterparty,
        counterparty_kind=counterparty_kind,
        subject="三组山塘水面 40 亩",
        starts_on=start,
        ends_on=ends_on or start.replace(year=start.year + 3),
        amount=Decimal(amount),
        payment_cycle=cycle,
    )


def make_contract(actor: Cadre, village: Unit, **overrides: object) -> Contract:
    return contract_create(
        actor=actor.user,  # type: ignore[arg-type]
        village=village,
        terms=terms(**overrides),  # type: ignore[arg-type]
        responsible=actor,
    )
