"""Work orders for the tests: pushed by the county's dispatcher (王建国) to 生机镇."""

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from tests.factories import Township
from xiangzhen.hotline.models import CountyRuleChoice, RuleSet, WorkOrder
from xiangzhen.hotline.services import Intake, order_receive

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = count(1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def choose_profile(township: Township, code: str) -> RuleSet:
    rule_set = RuleSet.objects.get(code=code)
    CountyRuleChoice.objects.update_or_create(county=township.qixingguan, defaults={"rule_set": rule_set})
    return rule_set


def push(
    township: Township,
    *,
    dispatched: datetime,
    number: str = "",
    kind: str = "help",
    urgency: str = "general",
    category: str = "路灯",
    town=None,
    now: datetime | None = None,
) -> WorkOrder:
    order, _ = order_receive(
        actor=township.county_supervisor.user,
        town=town or township.shengji,
        intake=Intake(
            platform_number=number or f"GZ{next(_numbers):08d}",
            content="镇江村三组路灯不亮,晚上出行不便",
            dispatched_at=dispatched,
            caller_name="李大山",
            caller_phone="13812345678",
            place="镇江村三组",
            category=category,
            kind=kind,
            urgency=urgency,
        ),
        now=now or dispatched,
    )
    return order
