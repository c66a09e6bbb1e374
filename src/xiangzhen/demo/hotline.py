"""A year of 12345 work orders from 七星关区's hotline: 生机镇 and three neighbouring towns, so the district's
monthly ranking has towns to rank. A believable mix (路灯、供水、噪音、土地、社保 …), most answered in time and
satisfied, a few 退单 (some upheld), a few 重办 after 不满意, this month's still open.

Bulk-inserted (a few hundred orders and their steps in a handful of statements) so the demo loads quickly; the
clock picks up the open ones at the sweep that follows."""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from xiangzhen.demo.clock import office_time, past_office_time, recorded_at, workday_on_or_before
from xiangzhen.hotline.models import (
    CountyRuleChoice,
    OrderKind,
    OrderStatus,
    Rating,
    ReturnReason,
    RuleSet,
    StepKind,
    Urgency,
    WorkOrder,
    WorkOrderStep,
)
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.services import unit_create
from xiangzhen.workdays.calendar import WorkdayCalendar

COUNTY = "七星关区"
TOWN = "生机镇"
NEIGHBOURS = ["海子街镇", "朱昌镇", "何官屯镇"]
PER_MONTH = {TOWN: 25, "海子街镇": 6, "朱昌镇": 6, "何官屯镇": 6}
# (category, kind, what the caller says, the town's reply)
MATTERS = [
    ("路灯", OrderKind.HELP, "{place}路灯不亮已一周,夜间出行不便", "已联系供电所更换灯具,路灯恢复照明"),
    ("供水", OrderKind.HELP, "{place}停水两天,请尽快恢复供水", "管道爆裂已抢修,当日恢复供水"),
    ("噪音", OrderKind.COMPLAINT, "{place}附近砂石场夜间施工噪音扰民", "已约谈业主,夜间22时后停止作业"),
    ("土地", OrderKind.COMPLAINT, "{place}承包地边界与邻居有争议", "镇村组织双方现场核实,按确权图界定"),
    (
        "社保",
        OrderKind.CONSULTATION,
        "咨询城乡居民养老保险缴费档次和补贴",
        "已电话解答缴费档次及政府补贴标准",
    ),
    ("道路", OrderKind.HELP, "{place}通组路塌方,车辆无法通行", "已组织清理塌方,设置警示标志"),
    ("环境卫生", OrderKind.SUGGESTION, "建议{place}增设垃圾收集点", "已增设垃圾箱两处,纳入清运路线"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗"
GIVEN = "明华强军平芳秀英建国德胜光荣志刚春梅海燕"


def _phone(generator: random.Random) -> str:
    return "1" + generator.choice("3578") + "".join(generator.choice("0123456789") for _ in range(9))


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for back in range(12, -1, -1):
        year, month = first.year, first.month - back
        while month < 1:
            year, month = year - 1, month + 12
        months.append(date(year, month, 1))
    return months


def hotline_load(*, today: date, now: datetime) -> int:
    """Load the year once; a second call finds 生机镇's orders and adds nothing. Answers how many orders."""
    county = Unit.objects.filter(name=COUNTY, level=UnitLevel.COUNTY).first()
    town = Unit.objects.filter(name=TOWN, level=UnitLevel.TOWN).first()
    if county is None or town is None or WorkOrder.objects.filter(town=town).exists():
        return 0
    rule_set = RuleSet.objects.filter(code="beijing").first()
    if rule_set is not None:
        CountyRuleChoice.objects.get_or_create(county=county, defaults={"rule_set": rule_set})
    towns = {TOWN: town}
    # The neighbouring towns entered before the year of orders, at the office on a working day.
    calendar = WorkdayCalendar()
    entered = past_office_time(
        workday_on_or_before(today - timedelta(days=400), calendar),
        now=now,
        calendar=calendar,
        generator=random.Random(400),
    )
    for name in NEIGHBOURS:
        existing = Unit.objects.filter(parent=county, name=name).first()
        if existing is None:
            with recorded_at(entered):
                existing = unit_create(actor=None, name=name, level=UnitLevel.TOWN, parent=county)
        towns[name] = existing
    villages = list(Unit.objects.within([town]).filter(level=UnitLevel.VILLAGE).order_by("path"))
    leader = Cadre.objects.filter(user__username="shuji").first()
    generator = random.Random(12345)
    orders: list[WorkOrder] = []
    plans: list[tuple[str, str, int]] = []  # (fate, reply, satisfaction) per order, in order
    serial = 0
    for month in _months(today):
        for name, count in PER_MONTH.items():
            # 生机镇 answers well; its neighbours a little less so, one of them clearly behind.
            quality = {TOWN: 0.93, "海子街镇": 0.9, "朱昌镇": 0.86, "何官屯镇": 0.78}[name]
            for _ in range(count):
                day = month + timedelta(days=generator.randint(0, 27))
                if day > today:
                    continue
                dispatched = office_time(day, generator)
                if dispatched > now:
                    dispatched = now - timedelta(hours=generator.randint(1, 5))
                serial += 1
                category, kind, content, reply = generator.choice(MATTERS)
                village = generator.choice(villages) if name == TOWN else None
                place = f"{village.name}{generator.randint(1, 6)}组" if village else f"{name}街上"
                urgent = generator.random() < 0.06
                orders.append(
                    WorkOrder(
                        county=county,
                        platform_number=f"QXG{dispatched:%Y%m}{serial:05d}",
                        town=towns[name],
                        handler_unit=village if village and generator.random() < 0.4 else towns[name],
                        handler=leader if name == TOWN else None,
                        caller_name=generator.choice(SURNAMES) + "".join(generator.sample(GIVEN, 2)),
                        caller_phone=_phone(generator),
                        content=content.format(place=place),
                        place=place,
                        village=village,
                        category=category,
                        kind=kind,
                        urgency=Urgency.URGENT if urgent else Urgency.GENERAL,
                        dispatched_at=dispatched,
                        respond_due_at=dispatched + timedelta(hours=2 if urgent else 24),
                        resolve_due_at=dispatched + timedelta(days=7),
                        due_date=timezone.localdate(dispatched + timedelta(days=7)),
                    )
                )
                roll = generator.random()
                age = (now - dispatched).days
                if age < 3:
                    fate = "open"
                elif roll < 0.03:
                    fate = "returned" if generator.random() < 0.6 else "return_refused"
                elif roll < 0.03 + (1 - quality) * 0.5:
                    fate = "redo"
                else:
                    fate = "done"
                plans.append((fate, reply, generator.randint(0, 99)))
    WorkOrder.objects.bulk_create(orders, batch_size=500)
    steps: list[WorkOrderStep] = []
    updates: list[WorkOrder] = []

    def step(order: WorkOrder, kind: str, at: datetime, note: str = "", actor_name: str = "张明华") -> None:
        steps.append(WorkOrderStep(order=order, kind=kind, at=at, note=note, actor_name=actor_name))

    for order, (fate, reply, roll) in zip(orders, plans, strict=True):
        start = order.dispatched_at
        step(order, StepKind.DISPATCH, start, actor_name="12345平台")
        if fate == "open":
            continue
        signed = start + timedelta(minutes=20 + roll * 3)
        late = roll >= 95  # about one in twenty answered after the limit
        contacted = order.respond_due_at + timedelta(hours=3) if late else signed + timedelta(minutes=30)
        order.signed_at, order.contacted_at, order.responded_on_time = signed, contacted, not late
        step(order, StepKind.SIGN, signed)
        step(order, StepKind.CONTACT, contacted, "已电话联系来电人,了解诉求")
        if fate == "returned" or fate == "return_refused":
            order.return_reason = ReturnReason.NOT_OUR_DUTY
            order.return_law = "《城市道路管理条例》第二十条" if fate == "returned" else "不属于乡镇职责"
            step(order, StepKind.RETURN_REQUEST, contacted + timedelta(hours=1), "非本乡镇职责,申请退单")
            if fate == "returned":
                order.status, order.return_upheld = OrderStatus.RETURNED, True
                step(order, StepKind.RETURN_UPHELD, contacted + timedelta(days=1), "属县城管局职责", "王建国")
                updates.append(order)
                continue
            order.return_upheld = False
            step(
                order, StepKind.RETURN_REFUSED, contacted + timedelta(days=1), "属乡镇属地管理职责", "王建国"
            )
        replied = contacted + timedelta(days=1 + roll % 4)
        order.replied_at, order.reply = replied, reply
        step(order, StepKind.REPLY, replied, reply)
        visited = replied + timedelta(days=1)
        if fate == "redo":
            step(order, StepKind.VISIT, visited, "不满意,未解决", "王建国")
            step(order, StepKind.REDO, visited + timedelta(hours=2), "来电人称问题仍未解决", "王建国")
            order.redo_count = 1
            replied = visited + timedelta(days=2)
            step(order, StepKind.REPLY, replied, reply + "(重办)")
            visited = replied + timedelta(days=1)
            order.rating, order.resolved = (Rating.BASIC, True) if roll < 60 else (Rating.UNSATISFIED, False)
        elif roll < 70:
            order.rating, order.resolved = Rating.SATISFIED, True
        elif roll < 88:
            order.rating, order.resolved = Rating.BASIC, True
        elif roll < 94:
            order.rating, order.resolved = Rating.UNSATISFIED, False
        else:
            order.rating, order.resolved = Rating.NOT_REACHED, None
        order.visited_at = visited
        step(order, StepKind.VISIT, visited, order.get_rating_display(), "王建国")
        if visited + timedelta(days=3) < now:
            order.status, order.assessed_at = OrderStatus.ARCHIVED, visited + timedelta(days=2)
            order.archived_at = visited + timedelta(days=3)
            step(order, StepKind.ASSESS, order.assessed_at, "", "王建国")
            step(order, StepKind.ARCHIVE, order.archived_at, "", "王建国")
        else:
            order.status = OrderStatus.VISITED
        updates.append(order)
    WorkOrder.objects.bulk_update(
        updates,
        [
            "status",
            "signed_at",
            "contacted_at",
            "responded_on_time",
            "replied_at",
            "reply",
            "visited_at",
            "rating",
            "resolved",
            "redo_count",
            "assessed_at",
            "archived_at",
            "return_reason",
            "return_law",
            "return_upheld",
        ],
        batch_size=500,
    )
    WorkOrderStep.objects.bulk_create(steps, batch_size=1000)
    return len(orders)
