"""生机镇's key projects and its land campaign, from the 片区 report's industries.

镇江片区's citrus (镇江村 2,000 亩, 庆坪村 1,500 亩) and 峨峰村's pigs (1,500 head a year), 葛铺片区's herbs and
walnuts, 联合村's 高山金菊 processing and the 河鱼 farm planned in 高流村 and 镰刀湾村 (5,000 斤 a year) are
the town's key projects, each led by a member of the leadership with the 片区 and 包村 cadres in its team.
Milestones were set as the projects started: most are done, a few come due within days (the 包村干部's
灌溉渠, 葛铺村's 晾晒场) and one is overdue (峨峰村's 堆粪棚, the 片区 secretary's). The campaign to sign the
land for the citrus and herb bases runs in four villages; each target is followed by the cadre of its village.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from xiangzhen.demo.clock import past_office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.demo.shengji import Shengji
from xiangzhen.org.models import Cadre, CadreRole
from xiangzhen.projects.models import ProjectKind, ProjectStatus, TargetKind
from xiangzhen.projects.services import (
    ProjectInput,
    TargetRow,
    campaign_create,
    campaign_target_record,
    campaign_targets_import,
    milestone_add,
    milestone_complete,
    project_create,
    project_update_progress,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

# (name, kind, lead: "shuji" or "zhenzhang", villages, 万元 planned, done, days since start,
#  milestones: (title, owner login or "", due: days from the load day (negative: past), done late by (None: open)))
Milestone = tuple[str, str, int, int | None]
PROJECTS: list[tuple[str, str, str, tuple[str, ...], int, int, int, list[Milestone]]] = [
    (
        "镇江片区柑橘提质增效示范园",
        ProjectKind.INDUSTRY,
        "shuji",
        ("镇江村", "庆坪村"),
        1850,
        1120,
        210,
        [
            ("庆坪村补植柑橘 1500 亩", "", -120, 0),
            ("镇江村柑橘基地灌溉渠修复", "baocun", 3, None),
            ("柑橘冷链分拣中心建成", "pianqu", 40, None),
        ],
    ),
    (
        "峨峰村生猪养殖小区粪污资源化利用",
        ProjectKind.INDUSTRY,
        "zhenzhang",
        ("峨峰村",),
        460,
        260,
        150,
        [("养殖户堆粪棚建设", "pianqu", -4, None), ("有机肥加工点投产", "", 45, None)],
    ),
    (
        "葛铺片区中药材和核桃产业基地",
        ProjectKind.INDUSTRY,
        "zhenzhang",
        ("葛铺村", "新街村", "大水村"),
        980,
        540,
        260,
        [
            ("核桃苗补植 3000 株", "", -90, 6),
            ("葛铺村中药材晾晒场建成", "cunganbu", 5, None),
            ("新街村产业路塌方修复", "", 12, None),
        ],
    ),
    (
        "联合村高山金菊深加工车间",
        ProjectKind.INDUSTRY,
        "shuji",
        ("联合村",),
        720,
        690,
        300,
        [("车间主体完工", "", -150, 0), ("烘干设备增容变压器", "", -40, 3), ("包装设计定稿", "", 9, None)],
    ),
    (
        "镰刀湾片区河鱼养殖基地(年产 5000 斤)",
        ProjectKind.INDUSTRY,
        "zhenzhang",
        ("高流村", "镰刀湾村"),
        380,
        95,
        90,
        [("设施农用地备案", "", -30, 2), ("鱼塘开挖", "", 16, None)],
    ),
]
# Land parcels to sign: village → (count, login following them, team).
PARCELS = {
    "镇江村": (18, "baocun"),
    "庆坪村": (14, "baocun"),
    "峨峰村": (8, "pianqu"),
    "葛铺村": (14, "cunganbu"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌"


def projects_load(town: Shengji) -> int:
    """The five projects and the land campaign; returns the projects created."""
    generator = random.Random(1500)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    shuji = town.users["shuji"]
    zhenzhang = Cadre.objects.filter(
        role=CadreRole.TOWN_LEADER, posts__unit=town.town, posts__title="镇长"
    ).first()
    assert zhenzhang is not None
    leads = {"shuji": town.cadre("shuji"), "zhenzhang": zhenzhang}

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    for name, kind, lead, village_names, planned, done, age, milestones in PROJECTS:
        start = workday_on_or_after(today - timedelta(days=age), calendar)
        villages = [town.villages[village] for village in village_names]
        team = list(
            dict.fromkeys(
                [
                    *[
                        Cadre.objects.filter(
                            posts__unit=town.district_of(v), posts__title__contains="书记"
                        ).first()
                        for v in village_names
                    ],
                    *[town.contacts.get(v) or town.residents.get(v) for v in village_names],
                ]
            )
        )
        moment = at(start)
        with recorded_at(moment):
            project = project_create(
                actor=shuji,
                data=ProjectInput(
                    name=name,
                    kind=kind,
                    unit=town.town,
                    lead=leads[lead],
                    planned_investment=Decimal(planned),
                    units=villages,
                    team=[cadre for cadre in team if cadre is not None],
                    start_on=start,
                    finish_on=start + timedelta(days=540),
                ),
            )
        for title, owner, due_in, late_by in milestones:
            due = workday_on_or_before(today + timedelta(days=due_in), calendar)
            if due_in < 0 and late_by is None:
                # Overdue by a few working days: it was set in good time and has slipped.
                due = today
                for _ in range(-due_in):
                    due = workday_on_or_before(due - timedelta(days=1), calendar)
            set_on = at(min(start + timedelta(days=3), due - timedelta(days=20)))
            with recorded_at(set_on):
                milestone = milestone_add(
                    actor=shuji,
                    project=project,
                    title=title,
                    due_on=due,
                    owner=town.cadre(owner) if owner else leads[lead],
                    now=set_on,
                )
            if late_by is not None:
                completed = workday_on_or_before(
                    min(due + timedelta(days=late_by), today - timedelta(days=1)), calendar
                )
                moment = at(completed)
                with recorded_at(moment):
                    milestone_complete(
                        actor=shuji,
                        milestone=milestone,
                        completed_on=moment.date(),
                        note=f"{title},资料已归档",
                        now=moment,
                    )
        moment = at(today - timedelta(days=generator.randint(2, 12)))
        with recorded_at(moment):
            project_update_progress(
                actor=shuji,
                project=project,
                done_investment=Decimal(done),
                status=ProjectStatus.UNDERWAY,
                version=project.version,
            )
    _land_campaign(town, generator, calendar)
    return len(PROJECTS)


def _land_campaign(town: Shengji, generator: random.Random, calendar: WorkdayCalendar) -> None:
    today, now = town.today, town.now
    shuji = town.users["shuji"]
    start = workday_on_or_before(today - timedelta(days=24), calendar)
    moment = past_office_time(start, now=now, calendar=calendar, generator=generator)
    with recorded_at(moment):
        campaign = campaign_create(
            actor=shuji,
            name="柑橘和中药材基地土地流转攻坚",
            unit=town.town,
            start_on=start,
            goal_on=today + timedelta(days=16),
            steps=["未接触", "已沟通", "已签流转协议", "已交地"],
            goal_step=2,
            summary="镇江片区柑橘基地扩面、葛铺村中药材基地连片,逐块签订土地流转协议,包村干部和村干部包保到块。",
        )
        rows = []
        for village, (count, login) in PARCELS.items():
            for number in range(1, count + 1):
                rows.append(
                    TargetRow(
                        code=f"TD-{village[:2]}-{number:02d}",
                        name=f"{village}{'一二三四五六'[number % 6]}组{generator.randint(1, 9)}号地块"
                        f"({generator.randint(2, 14)} 亩)",
                        kind=TargetKind.PARCEL,
                        unit=town.villages[village],
                        contact_name=generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=2)),
                        contact_phone="1"
                        + generator.choice("3589")
                        + "".join(generator.choices("0123456789", k=9)),
                        team_name=f"{village}攻坚组",
                        cadre=town.cadre(login),
                    )
                )
        campaign_targets_import(actor=shuji, campaign=campaign, rows=rows)
    # Each cadre records their parcels' visits from the phone, day by day since the start.
    for target in campaign.targets.select_related("cadre").order_by("code"):
        login = next(
            name for name, user in town.users.items() if target.cadre and user.pk == target.cadre.user_id
        )
        luck = generator.random()
        reached = 2 if luck < 0.55 else 1 if luck < 0.85 else 0
        if reached == 0:
            continue
        steps = [1] if reached == 1 else ([1, 2] if generator.random() < 0.6 else [2])
        day = start
        for step in steps:
            day = workday_on_or_after(day + timedelta(days=generator.randint(1, 9)), calendar)
            if day >= today:
                break
            hard = reached == 1 and generator.random() < 0.3
            moment = past_office_time(day, now=now, calendar=calendar, generator=generator)
            with recorded_at(moment):
                target = campaign_target_record(
                    actor=town.users[login],
                    target=target,
                    step=step,
                    note="户主在外务工,已电话沟通,待回乡签字"
                    if hard
                    else ("已签协议" if step == 2 else "入户宣讲流转政策"),
                    is_hard=hard,
                    now=moment,
                )
