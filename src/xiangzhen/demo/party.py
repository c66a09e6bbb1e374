"""流溪乡's party branches with a year of 三会一课, recorded through the services.

The seed tells how 流溪乡's party secretary "督促各村支部按规开展三会一课" and took every major matter to the
党委会 (千秋村's 5 km village road, 燕岩村's new settlement after the "9.18" flood). The branches keep their
meetings mostly on time, with the gaps real branches have: 白鹤村 skipped a committee meeting, has held
neither this month's committee meeting nor its 主题党日, and the first of its assemblies lacked a quorum
(members away at work); 燕岩村 owes this quarter's 党课. Every record is entered on a working day in
office hours, on or after the day it happened.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from xiangzhen.demo.clock import office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.party.models import (
    ActivityKind,
    AssessmentGrade,
    Branch,
    BranchActivity,
    BranchKind,
    MemberStatus,
    PartyMember,
    PostTitle,
    ReserveCadre,
    ReserveStepKind,
)
from xiangzhen.party.services import (
    activity_record,
    branch_create,
    branch_post_assign,
    branch_update,
    member_add,
    reserve_add,
    reserve_appoint,
    reserve_remove,
    reserve_step_record,
    vote_record,
)
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import decision_record, meeting_create
from xiangzhen.workdays.calendar import WorkdayCalendar

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗唐蒋邓"
GIVEN = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌盛正学兴宏云"


@dataclass(frozen=True)
class BranchPlan:
    unit: str
    name: str
    kind: str
    members: int
    theme_day: int


BRANCHES = [
    BranchPlan("千秋村", "千秋村党支部", BranchKind.VILLAGE, 38, 10),
    BranchPlan("燕岩村", "燕岩村党支部", BranchKind.VILLAGE, 31, 10),
    BranchPlan("流溪社区", "流溪社区党支部", BranchKind.COMMUNITY, 44, 15),
    BranchPlan("白鹤村", "白鹤村党支部", BranchKind.VILLAGE, 26, 10),
    BranchPlan("流溪乡", "流溪乡机关支部", BranchKind.ORGAN, 22, 5),
]
TOPICS = {
    ActivityKind.COMMITTEE_MEETING: ["研究本月党建和中心工作", "研究发展党员工作", "研究通组公路建设推进"],
    ActivityKind.GROUP_MEETING: ["学习党章党规", "讨论产业发展意见", "交流联系服务群众情况"],
    ActivityKind.THEME_DAY: ["重温入党誓词", "环境整治志愿服务", "走访慰问困难党员", "学习身边榜样"],
    ActivityKind.GENERAL_ASSEMBLY: ["季度党员大会", "村级重大事项表决", "发展党员表决"],
    ActivityKind.PARTY_LECTURE: ["书记讲党课:做流溪人、说流溪话、办流溪事", "党课:新村建设与群众路线"],
    ActivityKind.LIFE_MEETING: ["年度组织生活会"],
    ActivityKind.MEMBER_REVIEW: ["年度民主评议党员"],
}
VOTE_SUBJECTS = [
    "接收预备党员",
    "预备党员按期转正",
    "四议两公开:村集体经济项目实施方案",
    "推荐村级后备干部人选",
]
COMMITTEE_DECISIONS = [
    "千秋村通村公路 5 公里水泥路建设:统筹争取项目资金,乡党委班子成员分段包干",
    "燕岩村新村聚居点选址按“一避、二让、三高”原则确定,首批 40 套住房年前交付",
]


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(
        generator.choice(GIVEN) for _ in range(generator.randint(1, 2))
    )


def _phone(generator: random.Random) -> str:
    return "1" + generator.choice("3589") + "".join(str(generator.randint(0, 9)) for _ in range(9))


def party_load(*, today: date) -> int:
    """Create 流溪乡's branches and their year once; returns how many activities were recorded."""
    town = Unit.objects.get(name="流溪乡", level=UnitLevel.TOWN)
    if Branch.objects.filter(unit__in=Unit.objects.within([town])).exists():
        return 0
    generator = random.Random(2011)
    calendar = WorkdayCalendar()
    actor = User.objects.get(username="admin")
    units = {unit.name: unit for unit in Unit.objects.within([town])}
    re_elected_on = workday_on_or_before(today - timedelta(days=240), calendar)

    def at(day: date) -> date:
        """The working day a record of `day` is entered: that day, or the next working day."""
        return workday_on_or_after(day, calendar)

    branches: dict[str, Branch] = {}
    setup_day = at(today - timedelta(days=380))
    for plan in BRANCHES:
        years = 3 if plan.kind == BranchKind.ORGAN else 5
        term_start = workday_on_or_before(re_elected_on - timedelta(days=365 * years), calendar)
        with recorded_at(office_time(setup_day, generator)):
            branch = branch_create(
                actor=actor,
                unit=units[plan.unit],
                name=plan.name,
                kind=plan.kind,
                term_started_on=term_start,
                theme_day=plan.theme_day,
                now=office_time(setup_day, generator),
            )
        for number in range(plan.members):
            with recorded_at(office_time(setup_day, generator)):
                member_add(
                    actor=actor,
                    branch=branch,
                    name=_name(generator),
                    status=MemberStatus.PROBATIONARY if number % 12 == 11 else MemberStatus.FULL,
                    joined_on=date(1975 + generator.randint(0, 48), generator.randint(1, 12), 1),
                    phone=_phone(generator),
                    group=f"第{'一二三'[number % (3 if plan.members > 30 else 2)]}党小组",
                    now=office_time(setup_day, generator),
                )
        roll = list(PartyMember.objects.filter(branch=branch).current().order_by("id"))
        titles = [
            PostTitle.SECRETARY,
            PostTitle.DEPUTY,
            PostTitle.COMMITTEE,
            PostTitle.COMMITTEE,
            PostTitle.COMMITTEE,
        ]
        for member, title in zip(roll, titles, strict=False):
            with recorded_at(office_time(setup_day, generator)):
                branch_post_assign(
                    actor=actor,
                    branch=branch,
                    member=member,
                    title=title,
                    started_on=term_start,
                    now=office_time(setup_day, generator),
                )
        branches[plan.unit] = branch
        setup_day = at(setup_day + timedelta(days=1))

    # The village and community committees were re-elected (换届) this spring; the organ branch too.
    for branch in branches.values():
        with recorded_at(office_time(re_elected_on, generator)):
            branch_update(
                actor=actor,
                branch=branch,
                version=branch.version,
                term_started_on=re_elected_on,
                theme_day=branch.theme_day,
                now=office_time(re_elected_on, generator),
            )

    recorded = 0
    for plan in BRANCHES:
        branch = branches[plan.unit]
        for held_on, kind in _schedule(plan, today, calendar, generator):
            entry_day = at(held_on)
            if entry_day >= today:
                continue  # not yet written up
            roll = list(PartyMember.objects.filter(branch=branch).current().order_by("id"))
            share = generator.uniform(0.72, 0.95)
            quorum_fails = (
                plan.unit == "白鹤村"
                and kind == ActivityKind.GENERAL_ASSEMBLY
                and recorded_first(branch, kind)
            )
            if quorum_fails:
                share = 0.4
            present = [member for member in roll if generator.random() < share] or roll[:1]
            moment = office_time(entry_day, generator)
            with recorded_at(moment):
                activity = activity_record(
                    actor=actor,
                    branch=branch,
                    kind=kind,
                    held_on=held_on,
                    topic=generator.choice(TOPICS[ActivityKind(kind)]),
                    minutes=(
                        "外出务工党员较多,到会有表决权党员未过半数,表决事项延至下次党员大会。"
                        if quorum_fails
                        else "传达学习上级精神,通报本支部工作,党员逐一发言,形成会议意见。"
                    ),
                    attendee_ids=[member.pk for member in present],
                    absence_note=f"外出务工 {len(roll) - len(present)} 人"
                    if len(present) < len(roll)
                    else "",
                    now=moment,
                )
            recorded += 1
            if kind == ActivityKind.GENERAL_ASSEMBLY and activity.has_quorum:
                abstaining = generator.randint(0, 1)
                with recorded_at(moment):
                    vote_record(
                        actor=actor,
                        activity=activity,
                        subject=generator.choice(VOTE_SUBJECTS),
                        ayes=activity.voting_present - abstaining,
                        noes=0,
                        abstentions=abstaining,
                        now=moment,
                    )
    _reserves_load(actor=actor, units=units, today=today, re_elected_on=re_elected_on, generator=generator)
    _party_committee_load(actor=actor, town=town, today=today, calendar=calendar, generator=generator)
    return recorded


def recorded_first(branch: Branch, kind: str) -> bool:
    return not BranchActivity.objects.filter(branch=branch, kind=kind).exists()


def _schedule(
    plan: BranchPlan, today: date, calendar: WorkdayCalendar, generator: random.Random
) -> list[tuple[date, str]]:
    """The branch's year, month by month, from twelve months back to this month."""
    planned: list[tuple[date, str]] = []
    first = date(today.year - 1, today.month, 1)
    months = [
        date(first.year + (first.month - 1 + offset) // 12, (first.month - 1 + offset) % 12 + 1, 1)
        for offset in range(13)
    ]
    # 白鹤村 skipped committee meetings and this month's 主题党日; 燕岩村 has not held this quarter's 党课.
    lagging = plan.unit == "白鹤村"
    skipped_committees = {months[3], months[-1]} if lagging else set()
    current_quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for month in months:
        if month not in skipped_committees:
            planned.append(
                (
                    workday_on_or_after(month + timedelta(days=3 + generator.randint(0, 3)), calendar),
                    ActivityKind.COMMITTEE_MEETING,
                )
            )
        for group in range(2):
            planned.append(
                (
                    workday_on_or_after(month + timedelta(days=13 + 4 * group), calendar),
                    ActivityKind.GROUP_MEETING,
                )
            )
        if not (lagging and month == months[-1]):
            planned.append((month.replace(day=plan.theme_day), ActivityKind.THEME_DAY))
        quarter_month = (month.month - 1) % 3
        if quarter_month == 1 and not (plan.unit == "燕岩村" and month >= current_quarter_start):
            planned.append(
                (workday_on_or_after(month + timedelta(days=22), calendar), ActivityKind.PARTY_LECTURE)
            )
        if quarter_month == 2:
            planned.append(
                (workday_on_or_after(month + timedelta(days=18), calendar), ActivityKind.GENERAL_ASSEMBLY)
            )
            if plan.unit == "白鹤村" and month == next(m for m in months if (m.month - 1) % 3 == 2):
                # The assembly without a quorum is held again a week later.
                planned.append(
                    (workday_on_or_after(month + timedelta(days=25), calendar), ActivityKind.GENERAL_ASSEMBLY)
                )
        if month.month == 1:
            planned.append(
                (workday_on_or_after(month + timedelta(days=14), calendar), ActivityKind.LIFE_MEETING)
            )
            planned.append(
                (workday_on_or_after(month + timedelta(days=20), calendar), ActivityKind.MEMBER_REVIEW)
            )
    return sorted((day, kind) for day, kind in planned if first <= day < today)


def _reserves_load(
    *, actor: User, units: dict[str, Unit], today: date, re_elected_on: date, generator: random.Random
) -> None:
    """选、育、管、用 in each village: most in training or on trial, one appointed at the 换届, one out."""
    calendar = WorkdayCalendar()

    def day(days_ago: int) -> date:
        return workday_on_or_after(today - timedelta(days=days_ago), calendar)

    def step(
        reserve: ReserveCadre,
        kind: str,
        days_ago: int,
        content: str,
        grade: str = "",
        ended: int | None = None,
    ) -> None:
        on = day(days_ago)
        moment = office_time(on, generator)
        with recorded_at(moment):
            reserve_step_record(
                actor=actor,
                reserve=reserve,
                kind=kind,
                started_on=on,
                ended_on=day(ended) if ended is not None else None,
                content=content,
                grade=grade,
                now=moment,
            )

    for village_name in ("千秋村", "燕岩村", "流溪社区", "白鹤村"):
        village = units[village_name]
        for index in range(3):
            selected_days_ago = 700 if index == 0 else (330 if index == 1 else 60)
            on = day(selected_days_ago)
            moment = office_time(on, generator)
            with recorded_at(moment):
                reserve = reserve_add(
                    actor=actor,
                    village=village,
                    name=_name(generator),
                    source=generator.choice(["members", "villagers", "organisation", "self"]),
                    selected_on=on,
                    phone=_phone(generator),
                    is_party_member=generator.random() < 0.6,
                    education=generator.choice(["高中", "大专", "本科"]),
                    current_work=generator.choice(["返乡创业青年", "种养殖大户", "村民小组长", "退役军人"]),
                    now=moment,
                )
            step(reserve, ReserveStepKind.TRAINING, selected_days_ago - 25, "渠县村级后备干部培训班")
            if index == 2:
                continue
            step(
                reserve,
                ReserveStepKind.TRIAL_POST,
                selected_days_ago - 50,
                "跟岗村便民服务室代办员",
                ended=selected_days_ago - 170,
            )
            step(
                reserve,
                ReserveStepKind.ASSESSMENT,
                selected_days_ago - 200,
                "乡党委跟踪考察",
                grade=generator.choice([AssessmentGrade.EXCELLENT, AssessmentGrade.COMPETENT]),
            )
            if index == 0 and village_name != "燕岩村":
                moment = office_time(re_elected_on, generator)
                with recorded_at(moment):
                    reserve_appoint(
                        actor=actor,
                        reserve=reserve,
                        post="村委会委员",
                        appointed_on=re_elected_on,
                        now=moment,
                    )
            elif index == 0:
                on = day(90)
                moment = office_time(on, generator)
                with recorded_at(moment):
                    reserve_remove(
                        actor=actor,
                        reserve=reserve,
                        reason="外出务工,本人申请退出",
                        removed_on=on,
                        now=moment,
                    )


def _party_committee_load(
    *, actor: User, town: Unit, today: date, calendar: WorkdayCalendar, generator: random.Random
) -> None:
    """The 党委会 decides major matters collectively (kept in supervision; the party pages link them)."""
    attendees = list(Cadre.objects.filter(posts__unit=town).order_by("id")[:5])
    for days_ago, text in zip((200, 60), COMMITTEE_DECISIONS, strict=True):
        held_on = workday_on_or_before(today - timedelta(days=days_ago), calendar)
        with recorded_at(office_time(held_on, generator)):
            meeting = meeting_create(
                actor=actor,
                kind=MeetingKind.PARTY_COMMITTEE,
                unit=town,
                title="流溪乡党委会",
                held_on=held_on,
                attendees=attendees,
            )
            decision_record(
                actor=actor,
                meeting=meeting,
                text=text,
                is_major=True,
                opinions={cadre.pk: "同意" for cadre in attendees},
            )
