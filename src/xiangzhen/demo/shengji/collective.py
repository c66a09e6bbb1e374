"""生机镇's village 三资 and a year of 村务公开.

Each village entered its 清产核资 ledgers when the workbench went live: the 村委会 building and the 党群服务中心,
roads and water works, the citrus, walnut and herb land the 片区 report names (镇江村 2,000 亩 of citrus,
庆坪村 1,500, 葛铺村 500 亩 of herbs and 1,000 of walnut), and the contracts letting that land to growers and
cooperatives. Rent comes in mostly on time, a few instalments are owed, a few contracts end within the
quarter. 葛铺村's contracts are 吴秀英's (`cunganbu`) to follow; she enters her village's ledgers herself, and
last month's 财务公开 is still to go up.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.collective.models import (
    AssetKind,
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
    contract_create,
    payment_receive,
    publication_publish,
    publication_schedule_open,
    resource_create,
)
from xiangzhen.demo.clock import WorkClock, past_office_time, recorded_at, workday_on_or_after
from xiangzhen.demo.shengji import Shengji
from xiangzhen.workdays.calendar import WorkdayCalendar

ASSETS = [
    ("村委会办公楼", AssetKind.BUILDING, 60, 180),
    ("党群服务中心", AssetKind.BUILDING, 80, 220),
    ("通组公路", AssetKind.INFRASTRUCTURE, 120, 480),
    ("人饮工程管网", AssetKind.INFRASTRUCTURE, 30, 90),
    ("产业路", AssetKind.INFRASTRUCTURE, 40, 160),
    ("光伏电站", AssetKind.EQUIPMENT, 25, 60),
]
# Village → (what it lets, resource kind, 亩 of the resource, yearly rent per 亩 in 元, how many contracts).
LAND = {
    "镇江村": ("柑橘园", ResourceKind.ORCHARD, Decimal("2000"), (350, 600), 8),
    "庆坪村": ("柑橘园", ResourceKind.ORCHARD, Decimal("1500"), (350, 600), 7),
    "峨峰村": ("生猪养殖用地", ResourceKind.CONSTRUCTION, Decimal("42"), (800, 1500), 4),
    "葛铺村": ("中药材和核桃基地", ResourceKind.FARMLAND, Decimal("1500"), (300, 500), 6),
    "新街村": ("机动耕地", ResourceKind.FARMLAND, Decimal("320"), (300, 450), 3),
    "大水村": ("核桃林地", ResourceKind.FOREST, Decimal("860"), (60, 120), 3),
    "联合村": ("高山金菊基地", ResourceKind.FARMLAND, Decimal("600"), (300, 500), 5),
    "耿官村": ("集体林地", ResourceKind.FOREST, Decimal("1200"), (50, 110), 3),
    "双河村": ("山塘水面", ResourceKind.WATER, Decimal("85"), (400, 900), 3),
    "镰刀湾村": ("河鱼养殖水面", ResourceKind.WATER, Decimal("120"), (500, 1000), 4),
    "高流村": ("河鱼养殖水面", ResourceKind.WATER, Decimal("96"), (500, 1000), 3),
    "石丫村": ("荒山草地", ResourceKind.GRASSLAND, Decimal("430"), (40, 80), 2),
}
ORGANISATIONS = [
    "生机镇柑橘专业合作社",
    "七星关区黔果农业",
    "葛铺中药材种植合作社",
    "金菊食品",
    "高流渔业合作社",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗龙"
GIVEN = "德明华建国春秀英志强文平海军红兰桂芳永福"


def _person(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(
        generator.choice(GIVEN) for _ in range(generator.choice((1, 2)))
    )


def ledgers_load(town: Shengji) -> int:
    """Assets, resources, contracts with their rent, and a year of 村务公开; returns the contracts created."""
    generator = random.Random(2000)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    # The ledgers were entered over the first fortnight after the workbench went live.
    clock = WorkClock(today - timedelta(days=360), calendar, generator)
    cunganbu = town.cadre("cunganbu")
    contracts = 0

    def actor(village: str) -> User:
        return town.users["cunganbu"] if village == "葛铺村" else town.users["shuji"]

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    for name, village in town.villages.items():
        for asset_name, kind, low, high in generator.sample(ASSETS, 4):
            with recorded_at(clock.next(least=2, most=6)):
                asset_create(
                    actor=actor(name),
                    village=village,
                    name=asset_name,
                    kind=kind,
                    value=Decimal(generator.randint(low * 100, high * 100)) / 100,
                    acquired_on=date(generator.randint(2008, 2023), generator.randint(1, 12), 1),
                )
        land, land_kind, area, (low, high), count = LAND[name]
        with recorded_at(clock.next(least=2, most=6)):
            resource = resource_create(
                actor=actor(name),
                village=village,
                name=land,
                kind=land_kind,
                area_mu=area,
                location=f"{name}境内",
            )
        with recorded_at(clock.next(least=2, most=6)):
            resource_create(
                actor=actor(name),
                village=village,
                name="集体林地" if land_kind != ResourceKind.FOREST else "机动耕地",
                kind=ResourceKind.FARMLAND if land_kind == ResourceKind.FOREST else ResourceKind.FOREST,
                area_mu=Decimal(generator.randint(80, 900)),
                location=f"{name}境内",
            )
        shares = [generator.uniform(0.5, 1.5) for _ in range(count)]
        for number in range(count):
            let_mu = (area * Decimal(shares[number] / sum(shares))).quantize(Decimal("1")) or Decimal(1)
            started = workday_on_or_after(today - timedelta(days=generator.randint(200, 4 * 365)), calendar)
            years = generator.choice((3, 5, 5, 10))
            ends_on = add_months(started, 12 * years) - timedelta(days=1)
            if number == 1 and name in {"镇江村", "葛铺村", "联合村"}:
                ends_on = today + timedelta(days=generator.randint(20, 75))  # renewal due this quarter
            if ends_on <= today:
                ends_on = add_months(started, 12 * (years + 5)) - timedelta(days=1)
            organisation = generator.random() < 0.4
            yearly = let_mu * generator.randint(low, high)
            cycle = PaymentCycle.YEARLY if generator.random() < 0.8 else PaymentCycle.HALF_YEARLY
            contracts += 1
            # A contract signed after the ledgers went in was entered the day it was signed.
            entry = clock.next(least=2, most=8) if started <= clock.day else at(started)
            with recorded_at(entry):
                contract = contract_create(
                    actor=actor(name),
                    village=village,
                    terms=ContractTerms(
                        number=f"SJ-{name[:2]}-{started.year}-{number + 1:02d}",
                        title=f"{name}{land}承包合同({let_mu} 亩)",
                        counterparty=generator.choice(ORGANISATIONS) if organisation else _person(generator),
                        counterparty_kind=CounterpartyKind.ORGANISATION
                        if organisation
                        else CounterpartyKind.PERSON,
                        subject=f"{land} {let_mu} 亩",
                        starts_on=started,
                        ends_on=ends_on,
                        amount=(yearly * years).quantize(Decimal("1")),
                        payment_cycle=cycle,
                    ),
                    responsible=cunganbu if name == "葛铺村" else town.directors.get(name),
                    resource=resource,
                )
            entered = entry.date()
            for payment in contract.payments.filter(status=PaymentStatus.DUE, due_date__lt=today).order_by(
                "due_date"
            ):
                assert payment.due_date is not None
                luck = generator.random()
                recent = payment.due_date > today - timedelta(days=60)
                if luck < 0.06 and recent:
                    continue  # 欠缴: still owed, turning red
                late = luck < 0.12
                paid_on = payment.due_date + timedelta(
                    days=generator.randint(5, 40) if late else -generator.randint(0, 10)
                )
                paid_on = min(max(paid_on, contract.starts_on), today - timedelta(days=1))
                # Rent received before the ledgers were entered was typed in with them.
                moment = at(max(paid_on, entered))
                with recorded_at(moment):
                    payment_receive(
                        actor=actor(name),
                        payment=payment,
                        amount=payment.amount,
                        received_on=min(paid_on, moment.date()),
                        version=payment.version,
                    )

    # A year of 村务公开: each month's 财务 and each quarter's 村务, mostly a few days after the period.
    villages = list(town.villages.values())
    month = add_months(date(today.year, today.month, 1), -12)
    while month <= today:
        publication_schedule_open(today=month, villages=villages)
        month = add_months(month, 1)
    last_month = add_months(date(today.year, today.month, 1), -1)
    for publication in Publication.objects.filter(village__in=villages, period_end__lt=today).order_by("id"):
        assert publication.due_date is not None
        name = publication.village.name
        if name == "葛铺村" and publication.period_start == last_month:
            continue  # cunganbu's to-do: the month's accounts are still being closed
        luck = generator.random()
        if publication.due_date >= today and luck < 0.4:
            continue  # not due yet, not up yet
        if luck < 0.03 and publication.due_date < today - timedelta(days=20):
            continue  # never put up: red on the board
        late = luck < 0.1
        published_on = (
            publication.due_date + timedelta(days=generator.randint(2, 15))
            if late
            else publication.period_end + timedelta(days=generator.randint(1, 7))
        )
        moment = at(published_on)
        with recorded_at(moment):
            publication_publish(
                actor=actor(name),
                publication=publication,
                published_on=moment.date(),
                place=generator.choice(("村务公开栏", "村务公开栏和村民微信群", "党群服务中心公开栏")),
                content="收入、支出、往来款项及债权债务明细"
                if publication.kind == "finance"
                else "集体资产资源发包、项目建设、惠农补贴发放情况",
            )
    return contracts
