from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from xiangzhen.projects.models import TargetKind
from xiangzhen.projects.services import (
    ProjectInput,
    TargetRow,
    campaign_create,
    campaign_targets_import,
    project_create,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def make_project(township, unit=None, actor_is_cadre=False, **changes):
    actor = township.township_cadre.user if actor_is_cadre else township.town_leader.user
    data = {
        "name": "龙广镇中心小学迁建",
        "kind": "education",
        "unit": unit or township.zhenjiang,
        "lead": township.town_leader,
        "planned_investment": Decimal("8854"),
        "land_mu": Decimal("118"),
    } | changes
    return project_create(actor=actor, data=ProjectInput(**data))


def make_campaign(
    township, *, unit=None, targets=4, start_on=date(2026, 3, 2), goal_on=date(2026, 3, 25), **changes
):
    campaign = campaign_create(
        actor=township.town_leader.user,
        name="定阳小区危旧房改造",
        unit=unit or township.shengji,
        start_on=start_on,
        goal_on=goal_on,
        **changes,
    )
    if targets:
        campaign_targets_import(
            actor=township.town_leader.user,
            campaign=campaign,
            rows=[
                TargetRow(
                    code=f"{number:04d}",
                    name=f"5幢{number}号",
                    kind=TargetKind.HOUSEHOLD,
                    unit=township.zhenjiang if number % 2 else township.gepu,
                    building="5幢",
                    contact_name="王小明",
                    contact_phone="13985011111",
                    team_name="铁娘子三人组" if number <= 2 else "老党员组",
                )
                for number in range(1, targets + 1)
            ],
        )
    return campaign
