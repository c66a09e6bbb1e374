"""生机镇 in every module: what each of its demo logins finds in its own jurisdiction.

The other loaders put each seed's story where the seed tells it (党建 in 流溪乡, 三资 in 神山镇, 监测帮扶 in
龙广镇 …). The six printed logins all work in 生机镇 or above it, so this package gives 生机镇's twelve villages
the same modules, in the state a real town is in on an ordinary working day: branches that mostly keep their
三会一课, a few per cent of households under 防返贫 monitoring at every step of their procedure, ledgers of
三资 and 村务公开, key projects with milestones coming due, a land campaign under way, village night schools,
sign-ins that agree with the rota, and for each login a handful of things of its own still to do.

Everything goes through the services (so it is audited and checked as a user's action would be) at office
hours of working days, never later than the moment of the load.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.contrib.auth.models import User
from django.db.models import QuerySet

from xiangzhen.org.models import Assignment, AssignmentKind, Cadre, Post, Unit, UnitLevel
from xiangzhen.party.models import Branch


@dataclass
class Shengji:
    """The town's places and the people the loaders act as, looked up once."""

    today: date
    now: datetime
    town: Unit
    districts: dict[str, Unit]
    villages: dict[str, Unit]
    users: dict[str, User]
    # Per village: its 党支部书记 and 村委会主任 (posts), its 包村 and 驻村 cadres (assignments).
    secretaries: dict[str, Cadre] = field(default_factory=dict)
    directors: dict[str, Cadre] = field(default_factory=dict)
    contacts: dict[str, Cadre] = field(default_factory=dict)
    residents: dict[str, Cadre] = field(default_factory=dict)

    def cadre(self, username: str) -> Cadre:
        return Cadre.objects.get(user=self.users[username])

    def district_of(self, village: str) -> Unit:
        unit = self.villages[village]
        return next(district for district in self.districts.values() if district.pk == unit.parent_id)


def shengji_people(*, today: date, now: datetime) -> Shengji:
    town = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    districts = {unit.name: unit for unit in town.children.filter(level=UnitLevel.DISTRICT).order_by("path")}
    villages = {
        unit.name: unit
        for unit in Unit.objects.within([town]).filter(level=UnitLevel.VILLAGE).order_by("path")
    }
    usernames = ["admin", "ducha", "shuji", "chuangkou", "pianqu", "baocun", "cunganbu"]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    town_data = Shengji(today=today, now=now, town=town, districts=districts, villages=villages, users=users)
    posts = Post.objects.filter(unit__in=villages.values()).select_related("cadre", "unit")
    for post in cast("QuerySet[Post]", posts):
        if post.title == "党支部书记":
            town_data.secretaries[post.unit.name] = post.cadre
        elif post.title == "村委会主任":
            town_data.directors[post.unit.name] = post.cadre
    # The first cadre given each duty (the demo logins were given theirs first).
    assignments = Assignment.objects.filter(unit__in=villages.values()).select_related("cadre", "unit")
    for assignment in cast("QuerySet[Assignment]", assignments.order_by("cadre_id")):
        if assignment.kind == AssignmentKind.RESIDENT:
            town_data.residents.setdefault(assignment.unit.name, assignment.cadre)
        elif assignment.kind == AssignmentKind.CONTACT_VILLAGE:
            town_data.contacts.setdefault(assignment.unit.name, assignment.cadre)
    return town_data


def shengji_load(*, today: date, now: datetime) -> dict[str, int]:
    """Load every module's 生机镇 part once; a second call finds the town's branches and adds nothing.
    Answers what it created, per module."""
    town = Unit.objects.filter(name="生机镇", level=UnitLevel.TOWN).first()
    if town is None or Branch.objects.filter(unit__in=Unit.objects.within([town])).exists():
        return {}
    from xiangzhen.demo.shengji.assistance import households_load
    from xiangzhen.demo.shengji.collective import ledgers_load
    from xiangzhen.demo.shengji.duties import duty_list_load
    from xiangzhen.demo.shengji.frontline import attendance_load
    from xiangzhen.demo.shengji.party import branches_load
    from xiangzhen.demo.shengji.projects import projects_load
    from xiangzhen.demo.shengji.training import night_schools_load
    from xiangzhen.demo.shengji.work import open_work_load

    people = shengji_people(today=today, now=now)
    return {
        "党支部": branches_load(people),
        "监测户": households_load(people),
        "三资合同": ledgers_load(people),
        "重点项目": projects_load(people),
        "村夜校场次": night_schools_load(people),
        "签到": attendance_load(people),
        "待办": open_work_load(people),
        "履职事项和区级交办": duty_list_load(people),
    }
