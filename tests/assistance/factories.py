"""Monitored households of the test township, made through the services."""

from datetime import date, timedelta

from django.utils import timezone

from xiangzhen.assistance.models import Cause, Household, Measure, PairingKind
from xiangzhen.assistance.services import MemberInput, StepInput, household_register, measure_add
from xiangzhen.org.models import Cadre, Unit


def causes(*names: str) -> list[Cause]:
    return [Cause.objects.get_or_create(name=name)[0] for name in names or ("因病",)]


def register(
    actor,
    village: Unit,
    responsible: Cadre,
    *,
    head: str = "敖银桃",
    labour: bool = True,
    pairing: str = PairingKind.CADRE,
    publicity_from: date | None = None,
    **changes,
) -> Household:
    today = timezone.localdate()
    start = publicity_from or today
    return household_register(
        actor=actor,
        village=village,
        head_name=head,
        head_id_number="",
        phone="",
        category=changes.pop("category", "marginal"),
        channel=changes.pop("channel", "visit"),
        causes=causes("缺资金", "缺技术"),
        responsible=responsible,
        pairing=pairing,
        members=[MemberInput(head, "户主", "", labour), MemberInput("敖某", "配偶", "", False)],
        reviewed_on=min(start, today),
        publicity_from=start,
        **changes,
    )


def add_measure(actor, household: Household, *, days: tuple[int, ...] = (10, 30)) -> Measure:
    today = timezone.localdate()
    return measure_add(
        actor=actor,
        household=household,
        kind="loan",
        title="协调创业贷款办生猪养殖场",
        amount=None,
        steps=[StepInput(f"第 {n} 步", today + timedelta(days=day)) for n, day in enumerate(days, start=1)],
    )
