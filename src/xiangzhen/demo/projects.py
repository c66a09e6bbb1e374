"""Key projects and campaigns from the field reports, dated back from the load day.

* 常山: 73 D-class buildings, 2,111 households, every one signed in 24 days and moved out in 27
  ("危旧房治理改造跑出常山速度"); the teams include the 定阳小区 5 幢 "铁娘子三人组". The 2,111 targets and
  their step history are written with bulk_create so `make run` stays quick.
* 常山 青石镇: 坟墓迁移 for a project, attacked the "班子领衔项目、分兵点将组团" way by 李瑞庚 and two other
  old cadres — a campaign still under way.
* 神山镇: 6 city-level key projects worth 4.2 亿元 in all (the report names the total, not the projects;
  the six here are the water and road works and the orchard the same report describes).
* 龙广镇: the central primary school moved to 赖山村 on 118 亩 for 8,854 万元, land and graves cleared,
  building started.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.demo.clock import office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.org.models import Cadre, CadreRole, Unit
from xiangzhen.org.services import cadre_create
from xiangzhen.projects.models import (
    Campaign,
    CampaignStepReached,
    CampaignTarget,
    CampaignTargetEvent,
    CampaignTeam,
    ProjectKind,
    ProjectStatus,
    TargetKind,
)
from xiangzhen.projects.services import (
    ProjectInput,
    TargetRow,
    campaign_create,
    campaign_target_record,
    campaign_targets_import,
    milestone_add,
    milestone_complete,
    project_create,
    project_problem_assign,
    project_problem_raise,
    project_update_progress,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

CHANGSHAN_BUILDINGS = 73
CHANGSHAN_HOUSEHOLDS = 2111
SIGNING_DAYS = 24
VACATING_DAYS = 27
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗徐汪余姜"
GIVEN = "建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌"


@dataclass(frozen=True)
class PlannedProject:
    name: str
    kind: str
    planned: int  # 万元
    done: int
    status: str
    villages: tuple[str, ...]
    # (milestone, days from the project's start to its date, done how many days late (None: not yet))
    milestones: tuple[tuple[str, int, int | None], ...]


# 6 city-level key projects, 4.2 亿元 = 42,000 万元 in all.
SHENSHAN_PROJECTS = [
    PlannedProject(
        "张家坝水厂扩建升级及供水管网改造",
        ProjectKind.WATER,
        877,
        877,
        ProjectStatus.COMPLETED,
        ("大桥村", "宋河村"),
        (("水厂主体扩建", 60, 0), ("偏远村组管网改造", 150, 8), ("通水验收", 200, 0)),
    ),
    PlannedProject(
        "杨西线道路改造升级(20 公里)",
        ProjectKind.INFRASTRUCTURE,
        9600,
        6200,
        ProjectStatus.UNDERWAY,
        ("杨家村", "西凉村"),
        (("路基拓宽", 90, 0), ("沥青路面铺设", 330, None), ("交工验收", 420, None)),
    ),
    PlannedProject(
        "西凉全线道路改造升级(18.7 公里)",
        ProjectKind.INFRASTRUCTURE,
        8900,
        5100,
        ProjectStatus.UNDERWAY,
        ("西凉村", "官塘村"),
        (("征地拆迁", 60, 12), ("路基工程", 240, None), ("交工验收", 460, None)),
    ),
    PlannedProject(
        "马嶂线道路改造升级(6.5 公里)",
        ProjectKind.INFRASTRUCTURE,
        3100,
        3100,
        ProjectStatus.COMPLETED,
        ("中伙村",),
        (("路基工程", 80, 0), ("路面工程", 160, 0), ("交工验收", 210, 3)),
    ),
    PlannedProject(
        "宋河流域上游段及陆水北干渠神山段综合整治",
        ProjectKind.WATER,
        7523,
        5800,
        ProjectStatus.UNDERWAY,
        ("宋河村", "刘家村", "白石村"),
        (("塘堰病险水库整治 26 处", 120, 0), ("沟渠维修 7 公里", 250, 0), ("堤防绿化 10 公里", 340, None)),
    ),
    PlannedProject(
        "金果源现代农业猕猴桃产业园",
        ProjectKind.INDUSTRY,
        12000,
        7400,
        ProjectStatus.UNDERWAY,
        ("神山社区", "新屋村"),
        (("土地流转 3000 亩", 45, 0), ("冷库及分拣中心", 280, None), ("首批挂果", 520, None)),
    ),
]


def _past_workday(day: date, today: date) -> date:
    """The working day on or before `day`, and before the load day: replayed work never happens today."""
    return workday_on_or_before(min(day, today - timedelta(days=1)), WorkdayCalendar())


def _office(day: date, today: date, generator: random.Random) -> datetime:
    return office_time(_past_workday(day, today), generator)


def _cadres_under(unit: Unit) -> list[Cadre]:
    return list(Cadre.objects.filter(posts__unit__in=Unit.objects.within([unit])).distinct().order_by("id"))


def _person(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=generator.choice([1, 2])))


def _phone(generator: random.Random) -> str:
    return "1" + generator.choice("3589") + "".join(generator.choices("0123456789", k=9))


def _daily_shares(days: int, total: int, generator: random.Random) -> list[int]:
    """`total` split over `days`: slow start, a rush in the middle, the hard cases at the end (an S-curve)."""
    weights = [(day + 1) * (days - day) + generator.randint(0, days) for day in range(days)]
    counts = [total * weight // sum(weights) for weight in weights]
    for day in range(total - sum(counts)):
        counts[days // 2 + day % (days // 2)] += 1
    return counts


def _changshan_campaign(administrator: User, today: date, generator: random.Random) -> Campaign:
    county = Unit.objects.get(name="常山县", parent__isnull=True)
    community = Unit.objects.get(name="紫港社区")
    start = today - timedelta(days=75)
    with recorded_at(_office(start, today, generator)):
        campaign = campaign_create(
            actor=administrator,
            name="常山城区危旧房治理改造攻坚",
            unit=county,
            start_on=start,
            goal_on=start + timedelta(days=SIGNING_DAYS - 1),
            summary="城区 73 幢 D 级危房,涉及 2111 户、1 万左右人口。党员干部“菜场办公”、老党员发挥余热。",
        )
    cadres = _cadres_under(county)
    team_names = ["铁娘子三人组", "老党员突击队", *[f"第{number}攻坚组" for number in range(1, 13)]]
    with recorded_at(_office(start, today, generator)):
        teams = [
            CampaignTeam.objects.create(campaign=campaign, name=name, leader=cadres[index % len(cadres)])
            for index, name in enumerate(team_names)
        ]
    # 73 buildings of 18 to 40 households, 2,111 in all; 定阳小区 5 幢 goes to the 铁娘子三人组.
    sizes = [CHANGSHAN_HOUSEHOLDS // CHANGSHAN_BUILDINGS] * CHANGSHAN_BUILDINGS
    for index in range(CHANGSHAN_HOUSEHOLDS - sum(sizes)):
        sizes[index] += 1
    rows = []
    for building, size in enumerate(sizes, start=1):
        estate = "定阳小区" if building <= 12 else ("金川小区" if building <= 40 else "柚香小区")
        number = building if building <= 12 else (building - 12 if building <= 40 else building - 40)
        team = teams[0] if (estate, number) == ("定阳小区", 5) else teams[1 + building % (len(teams) - 1)]
        for household in range(size):
            rows.append(
                TargetRow(
                    code=f"WF{building:02d}-{household + 1:03d}",
                    name=f"{estate}{number}幢{household // 6 + 1}单元{household % 6 + 1:02d}室",
                    kind=TargetKind.HOUSEHOLD,
                    unit=community,
                    building=f"{estate}{number}幢",
                    contact_name=_person(generator),
                    contact_phone=_phone(generator),
                    team_name=team.name,
                    cadre=team.leader,
                )
            )
    with recorded_at(_office(start, today, generator)):
        campaign_targets_import(actor=administrator, campaign=campaign, rows=rows)
    # The history as it happened: talked to within days, signed over 24 days, moved out within 27.
    targets = list(campaign.targets.order_by("id").values_list("id", flat=True))
    generator.shuffle(targets)
    signed_per_day = _daily_shares(SIGNING_DAYS, len(targets), generator)
    reached: list[CampaignStepReached] = []
    events: list[CampaignTargetEvent] = []
    position = 0
    for day, count in enumerate(signed_per_day):
        for target_id in targets[position : position + count]:
            signed_on = start + timedelta(days=day)
            talked_on = start + timedelta(days=generator.randint(0, day))
            vacated_on = min(
                start + timedelta(days=VACATING_DAYS - 1), signed_on + timedelta(days=generator.randint(1, 4))
            )
            for step, on in ((1, talked_on), (2, signed_on), (3, vacated_on)):
                reached.append(
                    CampaignStepReached(target_id=target_id, campaign=campaign, step=step, reached_on=on)
                )
            events.append(
                CampaignTargetEvent(
                    target_id=target_id,
                    from_step=0,
                    to_step=2,
                    note="签订搬迁协议",
                    actor=administrator,
                    recorded_at=office_time(signed_on, generator),
                )
            )
            events.append(
                CampaignTargetEvent(
                    target_id=target_id,
                    from_step=2,
                    to_step=3,
                    note="腾空交房",
                    actor=administrator,
                    recorded_at=office_time(vacated_on, generator),
                )
            )
        position += count
    CampaignStepReached.objects.bulk_create(reached, batch_size=2000)
    CampaignTargetEvent.objects.bulk_create(events, batch_size=2000)
    CampaignTarget.objects.filter(campaign=campaign).update(
        step=3, last_note="腾空交房", updated_on=start + timedelta(days=VACATING_DAYS - 1)
    )
    return campaign


def _qingshi_graves(administrator: User, today: date, generator: random.Random) -> Campaign:
    """A campaign still running: graves moved for a project, led by 李瑞庚 and two other old cadres."""
    town = Unit.objects.get(name="青石镇")
    villages = list(Unit.objects.filter(parent=town).order_by("path"))
    start = today - timedelta(days=12)
    with recorded_at(_office(start, today, generator)):
        campaign = campaign_create(
            actor=administrator,
            name="青石镇项目建设坟墓迁移攻坚",
            unit=town,
            start_on=start,
            goal_on=today + timedelta(days=10),
            steps=["未接触", "已沟通", "已签协议", "已迁移"],
            summary="项目建设涉及土地征迁,坟墓迁移是难啃的硬骨头:班子领衔项目、分兵点将组团。",
        )
        old_hands = CampaignTeam.objects.create(
            campaign=campaign, name="老干部攻坚组", leader=Cadre.objects.get(name="李瑞庚")
        )
        campaign_targets_import(
            actor=administrator,
            campaign=campaign,
            rows=[
                TargetRow(
                    code=f"FM{number:03d}",
                    name=f"{_person(generator)[0]}家坟({villages[number % len(villages)].name})",
                    kind=TargetKind.GRAVE,
                    unit=villages[number % len(villages)],
                    contact_name=_person(generator),
                    contact_phone=_phone(generator),
                    team_name=old_hands.name
                    if number % 3 == 0
                    else f"{villages[number % len(villages)].name}组",
                )
                for number in range(1, 61)
            ],
        )
    targets = list(campaign.targets.order_by("code"))
    generator.shuffle(targets)
    for index, target in enumerate(targets):
        day = start + timedelta(days=min(12, index * 13 // len(targets)))
        step = 3 if index < 22 else 2 if index < 36 else 1 if index < 52 else 0
        if step == 0:
            continue
        hard = index >= 52 - 6 and step < 2
        with recorded_at(_office(day, today, generator)):
            campaign_target_record(
                actor=administrator,
                target=target,
                step=step,
                note="亲属意见不一,需再做工作" if hard else "",
                is_hard=hard,
            )
    return campaign


def _project_history(
    administrator: User,
    planned: PlannedProject,
    town: Unit,
    lead: Cadre,
    team: list[Cadre],
    start: date,
    today: date,
) -> None:
    calendar = WorkdayCalendar()
    generator = random.Random(planned.name)
    villages = list(Unit.objects.filter(parent=town, name__in=planned.villages))
    with recorded_at(_office(start, today, generator)):
        project = project_create(
            actor=administrator,
            data=ProjectInput(
                name=planned.name,
                kind=planned.kind,
                unit=town,
                lead=lead,
                planned_investment=Decimal(planned.planned),
                units=villages,
                team=team,
                start_on=start,
                finish_on=start + timedelta(days=max(days for _, days, _ in planned.milestones)),
            ),
        )
    for title, days, late_by in planned.milestones:
        # A milestone past its date and not done stays so: it is red on the lists.
        due = workday_on_or_before(start + timedelta(days=days), calendar)
        with recorded_at(_office(start, today, generator)):
            milestone = milestone_add(
                actor=administrator, project=project, title=title, due_on=due, owner=lead
            )
        if late_by is not None:
            completed = _past_workday(due + timedelta(days=late_by), today)
            with recorded_at(_office(completed, today, generator)):
                milestone_complete(
                    actor=administrator,
                    milestone=milestone,
                    completed_on=completed,
                    note=f"{title}完成,资料已归档",
                )
    with recorded_at(_office(today - timedelta(days=generator.randint(1, 20)), today, generator)):
        project_update_progress(
            actor=administrator,
            project=project,
            done_investment=Decimal(planned.done),
            status=planned.status,
            version=project.version,
        )


def projects_load(*, today: date) -> tuple[int, int]:
    """The demo's projects and campaigns; returns (projects, campaign targets). Loaded once: a second call
    finds the 常山 campaign and changes nothing."""
    if Campaign.objects.filter(name="常山城区危旧房治理改造攻坚").exists():
        return 0, 0
    generator = random.Random(2111)
    administrator = User.objects.get(username="admin")
    calendar = WorkdayCalendar()
    _changshan_campaign(administrator, today, generator)
    _qingshi_graves(administrator, today, generator)

    shenshan = Unit.objects.get(name="神山镇")
    with recorded_at(_office(workday_on_or_before(today - timedelta(days=400), calendar), today, generator)):
        secretary = cadre_create(
            actor=administrator,
            name="杨赤明",
            role=CadreRole.TOWN_LEADER,
            unit=shenshan,
            title="党委书记",
            start_date=_past_workday(today - timedelta(days=900), today),
        )
    township_cadres = [cadre for cadre in _cadres_under(shenshan) if cadre.role == CadreRole.TOWNSHIP_CADRE]
    for index, planned in enumerate(SHENSHAN_PROJECTS):
        lead = secretary if index % 2 == 0 else township_cadres[index % len(township_cadres)]
        start = workday_on_or_after(today - timedelta(days=360 - 30 * index), calendar)
        team = township_cadres[index : index + 3]
        _project_history(administrator, planned, shenshan, lead, team, start, today)

    longguang = Unit.objects.get(name="龙广镇")
    lead = _cadres_under(longguang)[0]
    start = workday_on_or_after(today - timedelta(days=240), calendar)
    with recorded_at(_office(start, today, generator)):
        school = project_create(
            actor=administrator,
            data=ProjectInput(
                name="龙广镇中心小学迁建",
                kind=ProjectKind.EDUCATION,
                unit=longguang,
                lead=lead,
                planned_investment=Decimal(8854),
                land_mu=Decimal(118),
                units=list(Unit.objects.filter(parent=longguang, name="赖山村")),
                start_on=start,
                finish_on=start + timedelta(days=540),
                summary="占地 118 亩,以最快的速度完成征地、迁坟等工作,现已开工建设。",
            ),
        )
    for title, days in (("完成征地 118 亩", 40), ("完成迁坟", 70), ("开工建设", 100)):
        due = workday_on_or_before(start + timedelta(days=days), calendar)
        with recorded_at(_office(start, today, generator)):
            milestone = milestone_add(
                actor=administrator, project=school, title=title, due_on=due, owner=lead
            )
        completed = _past_workday(due - timedelta(days=3), today)
        with recorded_at(_office(completed, today, generator)):
            milestone_complete(actor=administrator, milestone=milestone, completed_on=completed, note=title)
    soon = workday_on_or_after(today + timedelta(days=2), calendar)
    with recorded_at(_office(start, today, generator)):
        milestone_add(actor=administrator, project=school, title="教学楼主体封顶", due_on=soon, owner=lead)
    with recorded_at(_office(today - timedelta(days=5), today, generator)):
        problem = project_problem_raise(
            actor=administrator, project=school, description="为教师公租房征地,2 户青苗补偿未谈妥"
        )
        project_problem_assign(
            actor=administrator,
            problem=problem,
            owner=lead,
            owner_unit=longguang,
            limit_workdays=10,
        )
    with recorded_at(_office(today - timedelta(days=2), today, generator)):
        project_update_progress(
            actor=administrator,
            project=school,
            done_investment=Decimal(3200),
            status="underway",
            version=school.version,
        )
    # The milestones' red and yellow come from the replayed sweeps (demo/sweeps.py), at morning hours.
    return len(SHENSHAN_PROJECTS) + 1, CampaignTarget.objects.count()
