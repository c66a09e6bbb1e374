"""A small race for the tests: 生机镇's three villages, scored monthly on service figures and a manual one."""

from decimal import Decimal

from django.db.models import F

from tests.factories import Township
from tests.services.factories import at, intake, make_item
from xiangzhen.assessment.models import Indicator, Normalization, Scheme
from xiangzhen.assessment.periods import Period, PeriodKind, period_containing
from xiangzhen.assessment.services import ItemSpec, indicator_create, indicators_sync, scheme_create
from xiangzhen.services.models import RequestStatus, ServiceRequest

MARCH = period_containing(PeriodKind.MONTH, at(2026, 3, 2).date())


def indicator(code: str) -> Indicator:
    indicators_sync()
    return Indicator.objects.get(code=code)


def party_building(township: Township) -> Indicator:
    return Indicator.objects.filter(code="party_building").first() or indicator_create(
        actor=township.town_leader.user,
        code="party_building",
        name="党建工作",
        category="党建",
        direction="higher",
    )


def village_race(township: Township, items: list[ItemSpec] | None = None, **options) -> Scheme:
    return scheme_create(
        actor=township.town_leader.user,
        name=options.pop("name", "生机镇村级月评比"),
        owner_unit=township.shengji,
        level="village",
        period_kind=options.pop("period_kind", PeriodKind.MONTH),
        items=items
        or [
            ItemSpec(indicator("services.accepted"), Decimal(10), Normalization.CAP, per_item=Decimal(2)),
            ItemSpec(indicator("services.completion_rate"), Decimal(20), Normalization.RATE),
            ItemSpec(party_building(township), Decimal(70), Normalization.DIRECT),
        ],
        **options,
    )


def requests_in(township: Township, unit, accepted: int, completed: int, period: Period = MARCH) -> None:
    """`accepted` requests accepted at `unit` in `period`, the first `completed` of them finished on time."""
    item = make_item() if not hasattr(township, "_item") else township._item
    township._item = item  # type: ignore[attr-defined]
    window = township.window_staff.user
    created = [
        intake(window, item, unit, now=at(period.start.year, period.start.month, period.start.day + 1))
        for _ in range(accepted)
    ]
    ServiceRequest.objects.filter(pk__in=[r.pk for r in created[:completed]]).update(
        status=RequestStatus.COMPLETED, completed_on=F("accepted_on"), completed_on_time=True
    )
