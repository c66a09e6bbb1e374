"""神山镇's 三资 after 农村集体产权制度改革, as its party secretary counts them: "完成全镇18个村资产清理总计
1480.83万元、“三资”资源10.57万亩,清理三资合同230份".

The demo tree names 11 of 神山镇's villages; the other 7 carry plausible local names (莲塘 and 张家坝 are
named in the same report). Assets and resources are split over the 18 villages so that the town's totals are
exactly the report's; the 230 contracts started over the last six years, their rent was mostly paid on time,
and a year of monthly 财务公开 and quarterly 村务公开 went up, a few late and a few not at all.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.collective.models import (
    AssetKind,
    CollectiveResource,
    Contract,
    CounterpartyKind,
    PaymentCycle,
    PaymentStatus,
    Publication,
    ResourceKind,
)
from xiangzhen.collective.services import (
    ContractTerms,
    add_months,
    asset_create,
    collective_sweep_alerts,
    contract_create,
    payment_receive,
    publication_publish,
    publication_schedule_open,
    resource_create,
)
from xiangzhen.demo.clock import (
    WorkClock,
    office_time,
    recorded_at,
    workday_on_or_after,
    workday_on_or_before,
)
from xiangzhen.org.models import CadreRole, Unit, UnitLevel
from xiangzhen.org.services import cadre_create, unit_create
from xiangzhen.workdays.calendar import WorkdayCalendar

TOWN = "神山镇"
MORE_VILLAGES = ["莲塘村", "张家坝村", "董塘村", "马嶂村", "港口村", "枫树村", "石门村"]
ASSETS_WAN = Decimal("1480.83")  # 万元
RESOURCES_MU = Decimal("105700.00")  # 10.57 万亩
CONTRACTS = 230
ASSET_NAMES = [
    ("村委会办公楼", AssetKind.BUILDING),
    ("党群服务中心", AssetKind.BUILDING),
    ("村级便民服务室", AssetKind.BUILDING),
    ("集体仓库", AssetKind.BUILDING),
    ("通组公路", AssetKind.INFRASTRUCTURE),
    ("灌溉泵站", AssetKind.INFRASTRUCTURE),
    ("人饮工程管网", AssetKind.INFRASTRUCTURE),
    ("光伏电站", AssetKind.EQUIPMENT),
    ("茶叶加工设备", AssetKind.EQUIPMENT),
    ("集体油茶林", AssetKind.FOREST),
    ("入股猕猴桃合作社", AssetKind.INVESTMENT),
]
RESOURCE_NAMES = [
    ("集体林地", ResourceKind.FOREST),
    ("机动耕地", ResourceKind.FARMLAND),
    ("茶园", ResourceKind.ORCHARD),
    ("山塘水面", ResourceKind.WATER),
    ("荒山草地", ResourceKind.GRASSLAND),
    ("闲置校舍用地", ResourceKind.CONSTRUCTION),
]
# What the villages let, to whom (the report's enterprises and cooperatives, and local households).
SUBJECTS = [
    ("小龙虾养殖水面承包", ResourceKind.WATER, 400, 1200),
    ("油茶种植林地流转", ResourceKind.FOREST, 60, 150),
    ("猕猴桃种植土地流转", ResourceKind.FARMLAND, 500, 800),
    ("有机茶园租赁", ResourceKind.ORCHARD, 300, 600),
    ("野藕种植水面承包", ResourceKind.WATER, 300, 700),
    ("集体仓库租赁", ResourceKind.CONSTRUCTION, 6000, 20000),
]
ORGANISATIONS = ["恒昇农业", "金果源现代农业", "荣禾农业", "华创优博", "正农果业专业合作社", "神山兴农科技"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "德明华建国春秀英志强文平海军红兰桂芳永福"


def _split(total: Decimal, parts: int, generator: random.Random) -> list[Decimal]:
    """`total` in `parts` uneven shares of whole cents that add up exactly."""
    cents = int(total * 100)
    weights = [generator.uniform(0.4, 1.6) for _ in range(parts)]
    shares = [int(cents * weight / sum(weights)) for weight in weights]
    shares[-1] += cents - sum(shares)
    return [Decimal(share) / 100 for share in shares]


def _person(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(
        generator.choice(GIVEN) for _ in range(generator.choice((1, 2)))
    )


def collective_load(*, actor: User, today: date) -> int:
    """神山镇's 18 villages' 三资; nothing is created twice. Returns the number of contracts created."""
    town = Unit.objects.filter(name=TOWN, level=UnitLevel.TOWN).first()
    if town is None or Contract.objects.filter(village__parent=town).exists():
        return 0
    generator = random.Random(20250501)  # 农村集体经济组织法 in force 2025-05-01
    calendar = WorkdayCalendar()
    cleared_on = workday_on_or_after(today - timedelta(days=700), calendar)
    # The 清产核资 ledgers were entered one row every few minutes over the working days of a fortnight.
    clock = WorkClock(cleared_on, calendar, generator)
    existing = set(Unit.objects.filter(parent=town).values_list("name", flat=True))
    for name in MORE_VILLAGES:
        if name not in existing:
            with recorded_at(clock.next(least=1, most=3)):
                village = unit_create(actor=None, name=name, level=UnitLevel.VILLAGE, parent=town)
            # Every village has its 两委 heads, who answer for its disputes and its ledgers.
            for title in ("党支部书记", "村委会主任"):
                with recorded_at(clock.next(least=1, most=3)):
                    cadre_create(
                        actor=None,
                        name=_person(generator),
                        role=CadreRole.VILLAGE_CADRE,
                        unit=village,
                        title=title,
                        start_date=workday_on_or_before(
                            cleared_on - timedelta(days=generator.randint(30, 900)), calendar
                        ),
                    )
    villages = list(Unit.objects.filter(parent=town, level=UnitLevel.VILLAGE).order_by("path"))

    def office_day(day: date) -> date:
        """Work recorded on `day`, or on the working day before it; never later than yesterday."""
        return workday_on_or_before(min(day, today - timedelta(days=1)), calendar)

    for village, value in zip(villages, _split(ASSETS_WAN, len(villages), generator), strict=True):
        chosen = generator.sample(ASSET_NAMES, generator.randint(3, 6))
        for (name, kind), share in zip(chosen, _split(value, len(chosen), generator), strict=True):
            with recorded_at(clock.next(least=1, most=5)):
                asset_create(
                    actor=actor,
                    village=village,
                    name=name,
                    kind=kind,
                    value=share,
                    acquired_on=date(generator.randint(1985, 2022), generator.randint(1, 12), 1),
                )
    resources: dict[tuple[int, str], CollectiveResource] = {}
    for village, area in zip(villages, _split(RESOURCES_MU, len(villages), generator), strict=True):
        lands = generator.sample(RESOURCE_NAMES, 4)
        for (land, land_kind), share in zip(lands, _split(area, len(lands), generator), strict=True):
            with recorded_at(clock.next(least=1, most=5)):
                resources[(village.pk, land_kind)] = resource_create(
                    actor=actor,
                    village=village,
                    name=land,
                    kind=land_kind,
                    area_mu=share,
                    location=f"{village.name}境内",
                )

    for number in range(1, CONTRACTS + 1):
        village = villages[number % len(villages)]
        subject, land_kind, low, high = generator.choice(SUBJECTS)
        started = workday_on_or_after(today - timedelta(days=generator.randint(30, 6 * 365)), calendar)
        years = generator.choice((3, 5, 5, 8, 10))
        ends_on = add_months(started, 12 * years) - timedelta(days=1)
        if number % 23 == 0:
            # A few terms run out within the quarter: renewal or a new tender is due.
            ends_on = today + timedelta(days=generator.randint(5, 80))
        elif number % 37 == 0:
            ends_on = today - timedelta(days=generator.randint(3, 40))
        if ends_on <= started:
            started = ends_on - timedelta(days=365 * 3)
        organisation = land_kind != ResourceKind.CONSTRUCTION and generator.random() < 0.35
        yearly = Decimal(generator.randint(low, high)) * (1 if land_kind == ResourceKind.CONSTRUCTION else 20)
        cycle = generator.choice(
            (PaymentCycle.YEARLY, PaymentCycle.YEARLY, PaymentCycle.HALF_YEARLY, PaymentCycle.ONCE)
        )
        with recorded_at(office_time(started, generator)):
            contract = contract_create(
                actor=actor,
                village=village,
                terms=ContractTerms(
                    number=f"SS-{started.year}-{number:03d}",
                    title=f"{village.name}{subject}合同",
                    counterparty=generator.choice(ORGANISATIONS) if organisation else _person(generator),
                    counterparty_kind=CounterpartyKind.ORGANISATION
                    if organisation
                    else CounterpartyKind.PERSON,
                    subject=subject,
                    starts_on=started,
                    ends_on=ends_on,
                    amount=yearly * years,
                    payment_cycle=cycle,
                ),
                resource=resources.get((village.pk, land_kind)),
            )
        for payment in contract.payments.filter(status=PaymentStatus.DUE, due_date__lte=today).select_related(
            "contract__village"
        ):
            luck = generator.random()
            if luck < 0.07:
                continue  # 欠缴: still owed
            assert payment.due_date is not None
            late = luck < 0.15
            paid_on = office_day(
                max(
                    contract.starts_on,
                    payment.due_date
                    + timedelta(days=generator.randint(10, 60) if late else -generator.randint(0, 10)),
                )
            )
            with recorded_at(office_time(paid_on, generator)):
                payment_receive(
                    actor=actor,
                    payment=payment,
                    amount=payment.amount,
                    received_on=paid_on,
                    version=payment.version,
                )

    # A year of 村务公开: the obligations each month opened, and what each village put up.
    month = date(today.year - 1, today.month, 1)
    while month <= today:
        publication_schedule_open(today=month, villages=villages)
        month = add_months(month, 1)
    for publication in Publication.objects.filter(village__in=villages, period_end__lt=today).order_by("id"):
        assert publication.due_date is not None
        luck = generator.random()
        if luck < 0.05 or (publication.due_date >= today and luck < 0.4):
            continue
        if luck < 0.15:
            published_on = publication.due_date + timedelta(days=generator.randint(3, 25))
        else:
            published_on = publication.period_end + timedelta(days=generator.randint(1, 8))
        published_on = office_day(published_on)
        with recorded_at(office_time(published_on, generator)):
            publication_publish(
                actor=actor,
                publication=publication,
                published_on=published_on,
                place=generator.choice(("村务公开栏", "村务公开栏和村民微信群", "党群服务中心公开栏")),
                content="收入、支出、往来款项及债权债务明细"
                if publication.kind == "finance"
                else "集体资产资源发包、项目建设、惠农补贴发放情况",
            )
    # The last sweep before the load ran on the last working day; huey's nightly sweep takes over from there.
    last_sweep = office_time(office_day(today), generator)
    with recorded_at(last_sweep):
        collective_sweep_alerts(now=last_sweep)
    return CONTRACTS
