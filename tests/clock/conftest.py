"""Helpers of the clock's tests: a moment in Beijing time, the township's personas and what a sweep left."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import Township, make_cadre
from xiangzhen.clock.models import Obligation
from xiangzhen.clock.selectors import todo_list
from xiangzhen.org.models import Cadre, CadreRole

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def outsider(township: Township) -> Cadre:
    """青石镇's leader: an overseer, but of another county's town."""
    return make_cadre("钱江", CadreRole.TOWN_LEADER, township.qingshi_town, "qingshi")


def persona(township: Township, outsider: Cadre, name: str):
    return outsider.user if name == "outsider" else getattr(township, name).user


def todo_ids(user, today: date) -> dict[int, str]:
    """The viewer's 待办 on `today`: obligation id → colour."""
    return {item.id: item.colour for item in todo_list(viewer=user, today=today, limit=500).items}


def the_obligation(kind: str, **lookup) -> Obligation:
    return Obligation.objects.get(kind=kind, **lookup)
