"""龙广镇's 217 households under 防返贫 monitoring and pairing assistance, recorded through the services.

The seed: "党员干部对217户帮扶对象进行结对帮扶 … 帮我协调到8万元的创业贷款,使我的小型养猪场办起来了" (果约村
养殖户敖银桃). Each household went through 村级评议公示 → 乡镇审核 → 县级确认, has one to three measures with
steps (most done on time, some late, some still running), visits every two or three months, last year's and this
year's income; about a fifth have had their risk removed after verification, a few are still in 公示.
"""

import random
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.assistance.models import (
    Cause,
    Household,
    HouseholdStatus,
    MeasureKind,
    MonitoringLine,
    PairingKind,
)
from xiangzhen.assistance.services import (
    MemberInput,
    StepInput,
    household_exit_propose,
    household_register,
    household_review,
    income_record,
    measure_add,
    measure_step_done,
    months_before,
    visit_record,
)
from xiangzhen.demo.clock import office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.org.models import Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.services import cadre_create
from xiangzhen.workdays.calendar import WorkdayCalendar

HOUSEHOLDS = {"小场坝村": 78, "赖山村": 70, "果约村": 69}
# Demo reference values for the national line (the province of 义龙新区 has no code in the demo tree).
LINES = {0: Decimal("7600"), 1: Decimal("7300")}
SURNAMES = "王李张刘陈杨赵黄周吴罗何敖龙韦班岑梁"
GIVEN = "国建明华军平志文英秀兰芳海强德福荣光永庆昌盛正学兴宏云桃"
Plan = tuple[MeasureKind, str, Decimal | None, list[str]]
MEASURES: list[Plan] = [
    (MeasureKind.INDUSTRY, "发展姬松茸大棚种植", None, ["申请产业补助", "大棚建成", "首批采收"]),
    (MeasureKind.EMPLOYMENT, "介绍到铁皮石斛种植基地务工", None, ["岗位对接", "签订务工协议"]),
    (MeasureKind.TRAINING, "参加养殖技术培训", None, ["报名", "结业"]),
    (MeasureKind.LOAN, "申请小额信贷发展养殖", Decimal("50000"), ["提交申请", "贷款发放"]),
    (MeasureKind.HOUSING, "危房改造", Decimal("35000"), ["入户鉴定", "改造完工验收"]),
    (MeasureKind.MEDICAL, "落实大病医疗救助", None, ["资料上报", "救助金到账"]),
    (MeasureKind.EDUCATION, "落实雨露计划教育资助", Decimal("3000"), ["资格审核", "资助发放"]),
]
SOCIAL: Plan = (MeasureKind.SOCIAL, "纳入农村低保兜底保障", None, ["申请低保", "低保金发放"])
VISIT_NOTES = [
    "了解家庭生产生活情况,宣讲防返贫政策",
    "查看大棚姬松茸长势,协调技术员指导",
    "核实务工收入,家中两人在外务工",
    "了解看病就医情况,医疗报销已到位",
    "检查住房和饮水安全,均有保障",
    "子女上学资助已落实,家庭支出稳定",
    "协调解决产业用电问题",
    "帮助联系农产品销路",
]
CAUSES = [
    ["因病"],
    ["因残"],
    ["因学"],
    ["缺资金"],
    ["缺技术"],
    ["缺劳力"],
    ["因病", "缺劳力"],
    ["缺资金", "缺技术"],
]


class _Clock:
    def __init__(self, generator: random.Random, calendar: WorkdayCalendar, today: date) -> None:
        self.generator = generator
        self.calendar = calendar
        self.last_workday = workday_on_or_before(today - timedelta(days=1), calendar)

    def at(self, day: date) -> datetime:
        """A moment in office hours of the workday on or before `day`, never today or later."""
        return office_time(min(workday_on_or_before(day, self.calendar), self.last_workday), self.generator)


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=2))


def _account(name: str, role: str, unit: Unit, title: str, username: str, start: date) -> User:
    # Accounts only the administrator can open (a random password, reset on request): the demo's
    # printed logins stay the seven roles of 生机镇.
    cadre = cadre_create(
        actor=None,
        name=name,
        role=role,
        unit=unit,
        title=title,
        start_date=start,
        username=username,
        password=secrets.token_urlsafe(24),
        check_password_strength=False,
    )
    assert cadre.user is not None
    return cadre.user


def assistance_load(*, today: date) -> int:
    """Load the households once; a second call finds them and adds nothing. Answers how many it created."""
    town = Unit.objects.filter(name="龙广镇", level=UnitLevel.TOWN).first()
    if town is None or Household.objects.filter(village__parent=town).exists():
        return 0
    generator = random.Random(217)
    calendar = WorkdayCalendar()
    moment = _Clock(generator, calendar, today).at
    county = town.parent
    assert county is not None

    def took_office() -> date:
        # Appointments of the years before the households' stories, on working days, not all on one day.
        return workday_on_or_after(today - timedelta(days=generator.randint(600, 5 * 365)), calendar)

    start = took_office()
    with recorded_at(moment(start)):
        leader_user = _account(
            _name(generator), CadreRole.TOWN_LEADER, town, "党委书记", "longguang_shuji", start
        )
    start = took_office()
    with recorded_at(moment(start)):
        county_user = _account(
            _name(generator), CadreRole.COUNTY_SUPERVISOR, county, "乡村振兴局督查专员", "yilong_ducha", start
        )
    leader = Cadre.objects.get(user=leader_user)
    helpers = []
    for _ in range(44):
        start = took_office()
        with recorded_at(moment(start)):
            helpers.append(
                cadre_create(
                    actor=None,
                    name=_name(generator),
                    role=CadreRole.TOWNSHIP_CADRE,
                    unit=town,
                    title="帮扶干部",
                    start_date=start,
                )
            )
    for offset, amount in LINES.items():
        MonitoringLine.objects.get_or_create(
            province_code="", year=today.year - offset, defaults={"amount": amount, "note": "演示参考值"}
        )
    causes = {cause.name: cause for cause in Cause.objects.all()}
    villages = {
        village.name: village for village in Unit.objects.filter(parent=town, level=UnitLevel.VILLAGE)
    }
    slots = [helper for helper in helpers for _ in range(5)]
    generator.shuffle(slots)
    created = 0
    for village_name, count in HOUSEHOLDS.items():
        village = villages[village_name]
        for index in range(count):
            seed = village_name == "果约村" and index == 0
            responsible = leader if seed else slots.pop()
            recent = index >= count - 3
            _one_household(
                generator=generator,
                calendar=calendar,
                moment=moment,
                today=today,
                village=village,
                head="敖银桃" if seed else _name(generator),
                responsible=responsible,
                pairing=PairingKind.FIRST_RESPONSIBLE if seed else PairingKind.CADRE,
                causes=[
                    causes[name] for name in (["缺资金", "缺技术"] if seed else generator.choice(CAUSES))
                ],
                recorder=leader_user,
                county_user=county_user,
                seed=seed,
                recent=recent,
            )
            created += 1
    return created


def _one_household(
    *,
    generator: random.Random,
    calendar: WorkdayCalendar,
    moment: Callable[[date], datetime],
    today: date,
    village: Unit,
    head: str,
    responsible: Cadre,
    pairing: str,
    causes: list[Cause],
    recorder: User,
    county_user: User,
    seed: bool,
    recent: bool,
) -> None:
    labour = seed or generator.random() > 0.08
    registered = workday_on_or_before(
        today - timedelta(days=generator.randint(2, 12) if recent else generator.randint(230, 560)), calendar
    )
    publicity_from = workday_on_or_after(registered + timedelta(days=1), calendar)
    members = [MemberInput(head, "户主", "", labour)]
    members += [
        MemberInput(_name(generator), relation, "", labour and relation == "配偶")
        for relation in generator.sample(["配偶", "子女", "子女", "父亲", "母亲"], generator.randint(1, 4))
    ]
    at = moment(registered)
    with recorded_at(at):
        household = household_register(
            actor=recorder,
            village=village,
            head_name=head,
            head_id_number="",
            phone="",
            category="marginal" if seed else generator.choice(["unstable", "marginal", "marginal", "sudden"]),
            channel="visit" if seed else generator.choice(["application", "visit", "visit", "department"]),
            causes=causes,
            responsible=responsible,
            pairing=pairing,
            members=members,
            reviewed_on=registered,
            publicity_from=publicity_from,
            now=at,
        )
    town_day = workday_on_or_after(publicity_from + timedelta(days=5 + generator.randint(0, 3)), calendar)
    county_day = workday_on_or_after(town_day + timedelta(days=generator.randint(1, 5)), calendar)
    for day, user in ((town_day, recorder), (county_day, county_user)):
        if day >= today:
            return
        at = moment(day)
        with recorded_at(at):
            household_review(actor=user, household=household, approved=True, note="符合纳入条件", now=at)
    identified = county_day
    plans: list[Plan] = [
        (
            MeasureKind.LOAN,
            "协调创业贷款办小型养猪场",
            Decimal("80000"),
            ["提交贷款申请", "贷款发放", "养猪场建成投产"],
        )
    ]
    if not seed:
        plans = generator.sample(MEASURES, generator.randint(1, 3)) if labour else [SOCIAL]
    done_before: list[date] = []
    for kind, title, amount, step_titles in plans:
        created_on = workday_on_or_after(identified + timedelta(days=generator.randint(0, 15)), calendar)
        if created_on >= today:
            continue
        due = created_on
        steps = []
        for step_title in step_titles:
            due = due + timedelta(days=generator.randint(20, 70))
            steps.append(StepInput(step_title, due))
        at = moment(created_on)
        with recorded_at(at):
            measure = measure_add(
                actor=recorder,
                household=household,
                kind=kind,
                title=title,
                amount=amount,
                steps=steps,
                now=at,
            )
        for step in measure.steps.order_by("due_date"):
            if step.due_date >= today - timedelta(days=2) or generator.random() < 0.1:
                break
            late = generator.random() < 0.15
            shift = generator.randint(1, 20) if late else -generator.randint(0, 10)
            # A workday between the measure's start and yesterday, near the plan's date.
            target = min(step.due_date + timedelta(days=shift), today - timedelta(days=1))
            done_on = max(workday_on_or_before(target, calendar), created_on)
            at = moment(done_on)
            with recorded_at(at):
                measure_step_done(actor=recorder, step=step, done_on=done_on, now=at)
        measure.refresh_from_db()
        if measure.done_on is not None:
            done_before.append(measure.done_on)
    visit_day = identified
    while True:
        visit_day = workday_on_or_after(visit_day + timedelta(days=generator.randint(45, 100)), calendar)
        if visit_day >= today:
            break
        at = moment(visit_day)
        note = "镇领导入户,了解养猪场进展,100 多头猪长势良好" if seed else generator.choice(VISIT_NOTES)
        with recorded_at(at):
            visit_record(actor=recorder, household=household, visited_on=visit_day, notes=note, now=at)
    people = len(members)
    this_year = Decimal(generator.randint(7800, 15000) if labour else generator.randint(5200, 7000))
    last_year = (this_year * Decimal(generator.randint(78, 96)) / 100).quantize(Decimal("1"))
    exit_day = workday_on_or_before(today - timedelta(days=generator.randint(15, 50)), calendar)
    for year, per_capita, day in (
        (today.year - 1, last_year, max(date(today.year, 1, 15), registered + timedelta(days=3))),
        (today.year, this_year, exit_day - timedelta(days=5)),
    ):
        if day >= today or day < registered:
            continue
        at = moment(day)
        with recorded_at(at):
            income_record(
                actor=recorder,
                household=household,
                year=year,
                total=per_capita * people,
                people=people,
                now=at,
            )
    eligible = (
        labour
        and not seed
        and generator.random() < 0.25
        and identified < months_before(exit_day, 6)
        and any(done < exit_day for done in done_before)
        and this_year > LINES[0]
    )
    if not eligible:
        return
    at = moment(exit_day)
    with recorded_at(at):
        household_exit_propose(
            actor=recorder,
            household=household,
            verified_on=exit_day,
            income_stable_since=months_before(exit_day, 7),
            expenditure_resolved=True,
            basic_needs_secure=True,
            note="入户核实:收入稳定超过监测标准,两不愁三保障及饮水安全有保障",
            publicity_from=exit_day,
            now=at,
        )
    town_day = workday_on_or_after(exit_day + timedelta(days=5 + generator.randint(0, 2)), calendar)
    county_day = workday_on_or_after(town_day + timedelta(days=generator.randint(1, 3)), calendar)
    for day, user in ((town_day, recorder), (county_day, county_user)):
        if day >= today:
            return
        at = moment(day)
        with recorded_at(at):
            household_review(actor=user, household=household, approved=True, note="同意风险消除", now=at)
    assert household.status == HouseholdStatus.CLEARED
