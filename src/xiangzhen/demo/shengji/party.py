"""生机镇's village branches and its 机关支部, re-elected this spring, with the months since in 三会一课.

Each village branch's secretary is the village's 党支部书记 (葛铺村's is 吴秀英, the `cunganbu` login, who
records her branch's life herself). The branches keep their meetings, with the gaps real branches have:
葛铺村 has not held this quarter's 党课 and let this month's 主题党日 (fixed on the 3rd) pass; 石丫村 skipped
last month's 党小组会. The year's 组织生活会 and 民主评议 were held in January.
"""

import random
from datetime import date, datetime, timedelta

from xiangzhen.demo.clock import office_time, past_office_time, recorded_at, workday_on_or_after
from xiangzhen.demo.shengji import Shengji
from xiangzhen.org.models import Unit
from xiangzhen.party.models import ActivityKind, Branch, BranchKind, MemberStatus, PartyMember, PostTitle
from xiangzhen.party.services import activity_record, branch_create, branch_post_assign, member_add
from xiangzhen.workdays.calendar import WorkdayCalendar

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗龙韦"
GIVEN = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌盛正学兴宏云"
# Members per branch (a village branch of a mountain village has 15 to 35).
MEMBERS = {
    "镇江村": 34,
    "庆坪村": 27,
    "峨峰村": 22,
    "葛铺村": 29,
    "新街村": 21,
    "大水村": 18,
    "联合村": 26,
    "耿官村": 24,
    "双河村": 19,
    "镰刀湾村": 23,
    "高流村": 17,
    "石丫村": 16,
}
ORGAN_MEMBERS = 31
TOPICS = {
    ActivityKind.COMMITTEE_MEETING: ["研究本月党建和产业工作", "研究发展党员工作", "研究防返贫监测户帮扶"],
    ActivityKind.GROUP_MEETING: ["学习党章党规", "讨论柑橘和中药材产业发展", "交流联系服务群众情况"],
    ActivityKind.THEME_DAY: ["重温入党誓词", "人居环境整治志愿服务", "走访慰问困难党员", "学习身边榜样"],
    ActivityKind.GENERAL_ASSEMBLY: ["季度党员大会", "四议两公开:村集体经济项目"],
    ActivityKind.PARTY_LECTURE: ["书记讲党课:片区工委与群众路线", "党课:乡村振兴与产业发展"],
    ActivityKind.LIFE_MEETING: ["年度组织生活会"],
    ActivityKind.MEMBER_REVIEW: ["年度民主评议党员"],
}


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(
        generator.choice(GIVEN) for _ in range(generator.randint(1, 2))
    )


def _phone(generator: random.Random) -> str:
    return "1" + generator.choice("3589") + "".join(str(generator.randint(0, 9)) for _ in range(9))


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _schedule(
    unit_name: str, theme_day: int, today: date, calendar: WorkdayCalendar
) -> list[tuple[date, str]]:
    """What the branch held from four months back to today (and January's yearly meetings)."""
    planned: list[tuple[date, str]] = []
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for back in range(4, -1, -1):
        month = _month_start(today, back)
        planned.append((workday_on_or_after(month + timedelta(days=2 + back % 3), calendar), "committee"))
        if not (unit_name == "石丫村" and back == 1):
            planned.append((workday_on_or_after(month + timedelta(days=14), calendar), "group"))
        if not (unit_name == "葛铺村" and back == 0):
            planned.append((month.replace(day=theme_day), "theme"))
        if (month.month - 1) % 3 == 1 and not (unit_name == "葛铺村" and month >= quarter_start):
            planned.append((workday_on_or_after(month + timedelta(days=21), calendar), "lecture"))
        if (month.month - 1) % 3 == 2:
            planned.append((workday_on_or_after(month + timedelta(days=17), calendar), "assembly"))
    january = date(today.year, 1, 1)
    planned.append((workday_on_or_after(january + timedelta(days=14), calendar), "life"))
    planned.append((workday_on_or_after(january + timedelta(days=20), calendar), "review"))
    kinds = {
        "committee": ActivityKind.COMMITTEE_MEETING,
        "group": ActivityKind.GROUP_MEETING,
        "theme": ActivityKind.THEME_DAY,
        "lecture": ActivityKind.PARTY_LECTURE,
        "assembly": ActivityKind.GENERAL_ASSEMBLY,
        "life": ActivityKind.LIFE_MEETING,
        "review": ActivityKind.MEMBER_REVIEW,
    }
    return sorted((day, kinds[kind]) for day, kind in planned if day < today)


def branches_load(town: Shengji) -> int:
    """The thirteen branches, their members and committees, and their months of 三会一课; returns the number
    of activities recorded."""
    generator = random.Random(2013)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    shuji = town.users["shuji"]
    re_elected_on = workday_on_or_after(date(today.year, 4, 8), calendar)
    if re_elected_on >= today - timedelta(days=60):
        re_elected_on = workday_on_or_after(today - timedelta(days=240), calendar)
    setup_day = workday_on_or_after(re_elected_on + timedelta(days=3), calendar)

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    plans: list[tuple[Unit, str, str, int, int]] = [
        (village, f"{name}党支部", BranchKind.VILLAGE, MEMBERS[name], 3 if name == "葛铺村" else 10)
        for name, village in town.villages.items()
    ]
    plans.append((town.town, "生机镇机关支部", BranchKind.ORGAN, ORGAN_MEMBERS, 15))
    recorded = 0
    for unit, name, kind, size, theme_day in plans:
        moment = at(setup_day)
        with recorded_at(moment):
            branch = branch_create(
                actor=shuji,
                unit=unit,
                name=name,
                kind=kind,
                term_started_on=re_elected_on,
                theme_day=theme_day,
                now=moment,
            )
        # The village's 党支部书记 heads the roll; the town organ branch's secretary is the 党委书记's deputy.
        secretary = town.secretaries.get(unit.name)
        names = [secretary.name if secretary else _name(generator)]
        names += [_name(generator) for _ in range(size - 1)]
        members: list[PartyMember] = []
        for number, member_name in enumerate(names):
            moment = at(setup_day)
            with recorded_at(moment):
                members.append(
                    member_add(
                        actor=shuji,
                        branch=branch,
                        name=member_name,
                        status=MemberStatus.PROBATIONARY if number % 11 == 10 else MemberStatus.FULL,
                        joined_on=date(1978 + generator.randint(0, 44), generator.randint(1, 12), 1),
                        phone=_phone(generator),
                        group=f"第{'一二三'[number % (3 if size > 25 else 2)]}党小组",
                        now=moment,
                    )
                )
        titles = [PostTitle.SECRETARY, PostTitle.DEPUTY, PostTitle.COMMITTEE, PostTitle.COMMITTEE]
        if size >= 25:
            titles.append(PostTitle.COMMITTEE)
        for member, title in zip(members, titles, strict=False):
            moment = at(setup_day)
            with recorded_at(moment):
                branch_post_assign(
                    actor=shuji,
                    branch=branch,
                    member=member,
                    title=title,
                    started_on=re_elected_on,
                    now=moment,
                )
        recorded += _activities(branch, members, theme_day, setup_day, calendar, generator, town)
        setup_day = workday_on_or_after(setup_day + timedelta(days=1), calendar)
    return recorded


def _activities(
    branch: Branch,
    members: list[PartyMember],
    theme_day: int,
    setup_day: date,
    calendar: WorkdayCalendar,
    generator: random.Random,
    town: Shengji,
) -> int:
    # 葛铺村's secretary writes up her own branch's meetings; the town's 组织办 enters the others.
    recorder = town.users["cunganbu"] if branch.unit_id == town.villages["葛铺村"].pk else town.users["shuji"]
    count = 0
    today = town.today
    for held_on, kind in _schedule(branch.unit.name, theme_day, today, calendar):
        # January's meetings were on paper before the branch was entered: typed in on the day it was.
        entry_day = max(workday_on_or_after(held_on, calendar), setup_day)
        if entry_day >= today:
            continue
        moment = office_time(entry_day, generator)
        if moment > town.now:
            continue
        present = [member for member in members if generator.random() < generator.uniform(0.75, 0.95)]
        present = present or members[:1]
        with recorded_at(moment):
            activity_record(
                actor=recorder,
                branch=branch,
                kind=kind,
                held_on=held_on,
                topic=generator.choice(TOPICS[ActivityKind(kind)]),
                minutes="传达学习上级精神,通报本支部工作,党员逐一发言,形成会议意见。",
                attendee_ids=[member.pk for member in present],
                absence_note=f"外出务工 {len(members) - len(present)} 人"
                if len(present) < len(members)
                else "",
                now=moment,
            )
        count += 1
    return count
