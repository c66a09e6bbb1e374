"""Cadres at the front line, from the seeds.

生机镇: the two town leaders take turns as 带班领导 at the service hall over the last 30 working days and
the next two weeks; at the windows they served people 60 times and handled 12 urgent matters on the spot
(the figures 龙广镇 reported for its leaders' 坐班), with the day's 办不成事 in their logs, and one swap
waiting for approval. 龙广镇: every village's 包村 and 驻村 cadres sign in from the villages, most weeks
at least the town's 3 days ("每周在村组蹲点为民服务 3 天以上"), for the last four weeks; the 五进 visits of
the report (进部门、进企业、进学校、进村组、进农户), one problem of them handed on as a supervised task.

Sign-ins of the past are written as rows (the cadres of the demo have no accounts to sign in with); the
rota, the stays and the task go through the services.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from xiangzhen.demo.clock import recorded_at, workday_on_or_before
from xiangzhen.frontline.models import (
    CheckIn,
    DutyKind,
    DutyShift,
    DutySwap,
    UnresolvedMatter,
    Visit,
    VisitProblem,
)
from xiangzhen.frontline.selectors import stay_assignments, week_start_of
from xiangzhen.frontline.services import (
    duty_rota_generate,
    town_rule_set,
    village_stays_refresh,
    visit_problem_to_task,
)
from xiangzhen.org.models import AssignmentKind, Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.workdays.calendar import WorkdayCalendar

LEADER_DAYS = 30
SERVED = 60
URGENT = 12
STAY_WEEKS = 4
UNRESOLVED = [
    ("跨省异地就医备案", "参保地系统未开通线上备案", "联系参保地医保局邮寄材料"),
    ("宅基地确权证补办", "需县自然资源局测绘", "报县局,约定下周入村测绘"),
    ("企业职工养老保险转移", "原单位未出具缴费证明", "带班领导电话协调原单位"),
]
VISITS = [
    ("department", "小场坝村", "镇民政办窗口", "班子成员挂牌坐班,接办群众业务", ""),
    (
        "enterprise",
        "小场坝村",
        "铁皮石斛种植基地",
        "建成投产,每天解决当地 25 个劳动力就业,每年增加劳动收入 50 余万元",
        "",
    ),
    (
        "enterprise",
        "赖山村",
        "万鲁雨生猪养殖高产科技示范园区",
        "查看施工进度,了解建设中的困难",
        "园区施工用电容量不足,影响进度",
    ),
    (
        "school",
        "赖山村",
        "龙广镇中心小学迁建工地",
        "占地 118 亩、总投资 8854 万元,已完成征地、迁坟并开工",
        "",
    ),
    ("school", "小场坝村", "龙广二中", "为二中、三中修建教师公租房征地", "教师公租房用地尚缺 3 亩"),
    ("village", "小场坝村", "小场坝村姬松茸种植户", "新建大棚 97 个,预计新增收入 164.9 万元", ""),
    ("household", "果约村", "养殖户敖银桃家", "协调 8 万元创业贷款后办起小型养猪场,存栏 100 多头", ""),
]


def _moment(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _duty(today: date, calendar: WorkdayCalendar, generator: random.Random) -> int:
    shengji = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    leader = User.objects.get(username="shuji")
    leaders = list(Cadre.objects.filter(role=CadreRole.TOWN_LEADER, posts__unit=shengji).order_by("id"))
    first = today
    for _ in range(LEADER_DAYS):
        first = workday_on_or_before(first - timedelta(days=1), calendar)
    # Planned the working day before the rota starts, in office hours, like every replayed demo event.
    with recorded_at(_moment(workday_on_or_before(first - timedelta(days=1), calendar), 16, 0)):
        shifts = duty_rota_generate(
            actor=leader,
            town=shengji,
            kind=DutyKind.LEADER,
            cadres=leaders,
            start=first,
            end=today + timedelta(days=14),
        )
    past = [shift for shift in shifts if shift.on < today]
    served = [1] * len(past)
    for _ in range(SERVED - len(past)):
        served[generator.randrange(len(past))] += 1
    urgent_days = set(generator.sample(range(len(past)), URGENT))
    for number, shift in enumerate(past):
        shift.checked_in_at = _moment(shift.on, 8, generator.randint(30, 58))
        shift.served_count = served[number]
        shift.urgent_count = 1 if number in urgent_days else 0
        shift.log = "窗口秩序正常" + (",现场处理急难险重事件 1 件" if number in urgent_days else "")
    DutyShift.objects.bulk_update(past, ["checked_in_at", "served_count", "urgent_count", "log"])
    UnresolvedMatter.objects.bulk_create(
        UnresolvedMatter(
            shift=shift,
            summary=summary,
            reason=reason,
            follow_up=follow_up,
            recorded_by=leader,
            recorded_at=_moment(shift.on, 16, 30),
        )
        for shift, (summary, reason, follow_up) in zip(past[-len(UNRESOLVED) :], UNRESOLVED, strict=True)
    )
    upcoming = next(shift for shift in shifts if shift.on > today and shift.cadre.user_id == leader.pk)
    DutySwap.objects.create(
        shift=upcoming,
        requested_by=leader,
        replacement=next(person for person in leaders if person.pk != upcoming.cadre_id),
        reason="到区里参加党委书记例会",
        # Asked at the office on the last working day (the demo never dates anything after the load).
        requested_at=_moment(workday_on_or_before(today - timedelta(days=1), calendar), 15, 20),
    )
    return len(shifts)


def _stays(today: date, calendar: WorkdayCalendar, generator: random.Random) -> int:
    longguang = Unit.objects.get(name="龙广镇", level=UnitLevel.TOWN)
    this_week = week_start_of(today)
    weeks = [this_week - timedelta(days=7 * back) for back in range(STAY_WEEKS, 0, -1)]
    with recorded_at(_moment(workday_on_or_before(weeks[0] - timedelta(days=1), calendar), 10, 0)):
        town_rule_set(
            actor=User.objects.get(username="admin"),
            town=longguang,
            sign_in_by=time(9, 0),
            stay_days_per_week=3,
        )
    villages = Unit.objects.within([longguang]).filter(level=UnitLevel.VILLAGE)
    assignments = stay_assignments(weeks[0], villages)
    rows = []
    for assignment in assignments:
        for week in weeks:
            workdays = [
                week + timedelta(days=n) for n in range(7) if calendar.is_workday(week + timedelta(days=n))
            ]
            if assignment.kind == AssignmentKind.RESIDENT:
                # 驻村 cadres live in the village: every working day but now and then one in town.
                count = len(workdays) - generator.choice([0, 0, 1])
            else:
                # 包村 leaders: most weeks 3 or 4 days; now and then a week with too many meetings in town.
                count = min(len(workdays), generator.choice([3, 3, 4, 4, 5, 2]))
            for day in sorted(generator.sample(workdays, count)):
                rows.append(
                    CheckIn(
                        cadre_id=assignment.cadre_id,
                        at=_moment(day, 8, generator.randint(20, 59)),
                        on=day,
                        place=assignment.unit,
                        village=assignment.unit,
                        latitude=None,
                        longitude=None,
                        no_location=True,
                        device="demo",
                    )
                )
    CheckIn.objects.bulk_create(rows)
    for week in weeks:
        village_stays_refresh(week_start=week)
    return len(rows)


def _visits(today: date, calendar: WorkdayCalendar, generator: random.Random) -> int:
    longguang = Unit.objects.get(name="龙广镇", level=UnitLevel.TOWN)
    administrator = User.objects.get(username="admin")
    problems = []
    for number, (kind, village_name, target, findings, problem) in enumerate(VISITS):
        village = Unit.objects.get(name=village_name, parent=longguang)
        visitor = stay_assignments(week_start_of(today), Unit.objects.filter(pk=village.pk)).first()
        assert visitor is not None
        day = workday_on_or_before(today - timedelta(days=3 + 4 * number), calendar)
        visit = Visit.objects.create(
            cadre_id=visitor.cadre_id,
            kind=kind,
            unit=village,
            target=target,
            visited_on=day,
            findings=findings,
            recorded_by=administrator,
            recorded_at=_moment(day, 17, 0),
        )
        if problem:
            problems.append((VisitProblem.objects.create(visit=visit, description=problem), visitor.cadre))
    handed, owner = problems[0]
    handed_at = _moment(handed.visit.visited_on, 16, 0)
    with recorded_at(handed_at):
        visit_problem_to_task(
            actor=administrator,
            problem=handed,
            owner_unit=handed.visit.unit,
            owner=owner,
            limit_workdays=10,
            title="协调园区施工用电增容",
            now=handed_at,
        )
    return len(VISITS)


def frontline_load(*, today: date) -> str:
    """Load the frontline demo once; a second call creates nothing."""
    if DutyShift.objects.exists():
        return "干部在一线:已载入"
    calendar = WorkdayCalendar()
    generator = random.Random(20261125)
    shifts = _duty(today, calendar, generator)
    check_ins = _stays(today, calendar, generator)
    visits = _visits(today, calendar, generator)
    return f"干部在一线:坐班 {shifts} 班次,驻村签到 {check_ins} 次,五进走访 {visits} 次"
