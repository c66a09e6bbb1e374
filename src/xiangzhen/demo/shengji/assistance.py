"""生机镇's 防返贫 monitoring: about 2.5 % of each village's households, at every step of the procedure.

Most households were identified during the year and are monitored with their measures, visits and income;
a few have had their risk removed; and on the load day some wait at each step: a 公示 ending in a day or two
(葛铺村's and 包村干部 赵德胜's villages), 公示 over and waiting for the town's review (`shuji`), reviewed by the
town and waiting for the county's confirmation (`ducha`), a risk-removal 公示 running. The pairing cadres
are the villages' own cadres and the town's 包村/驻村 cadres, at most five households each; `baocun` and
`cunganbu` each answer for a few, with a measure step coming due.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.assistance.models import Cause, Household, HouseholdCategory, MeasureKind, MonitoringLine
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
from xiangzhen.demo.clock import past_office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.demo.shengji import Shengji
from xiangzhen.org.models import Cadre
from xiangzhen.workdays.calendar import WorkdayCalendar

# 户数 of each village (the demo's figures for mountain villages of 七星关区), the denominator of the share.
VILLAGE_HOUSEHOLDS = {
    "镇江村": 612,
    "庆坪村": 538,
    "峨峰村": 471,
    "葛铺村": 586,
    "新街村": 433,
    "大水村": 395,
    "联合村": 507,
    "耿官村": 462,
    "双河村": 418,
    "镰刀湾村": 447,
    "高流村": 389,
    "石丫村": 356,
}
MONITORED_SHARE = 0.025
LINES = {0: Decimal("7600"), 1: Decimal("7300")}
SURNAMES = "王李张刘陈杨赵黄周吴罗何龙韦穆禄安"
GIVEN = "国建明华军平志文英秀兰芳海强德福荣光永庆昌盛正学兴宏云"
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
MEASURES: list[tuple[str, str, Decimal | None, list[str]]] = [
    (MeasureKind.INDUSTRY, "发展柑橘种植 5 亩", None, ["申请产业补助", "苗木到位栽种"]),
    (MeasureKind.INDUSTRY, "发展中药材种植", None, ["落实种苗", "首批采收"]),
    (MeasureKind.EMPLOYMENT, "介绍到镇江柑橘基地务工", None, ["岗位对接", "签订务工协议"]),
    (MeasureKind.TRAINING, "参加片区群众教育学校生猪养殖培训", None, ["报名", "结业"]),
    (MeasureKind.LOAN, "申请小额信贷发展生猪养殖", Decimal("50000"), ["提交申请", "贷款发放"]),
    (MeasureKind.MEDICAL, "落实大病医疗救助", None, ["资料上报", "救助金到账"]),
    (MeasureKind.EDUCATION, "落实雨露计划教育资助", Decimal("3000"), ["资格审核", "资助发放"]),
    (MeasureKind.HOUSING, "老旧住房修缮", Decimal("20000"), ["入户鉴定", "修缮完工验收"]),
]
VISIT_NOTES = [
    "了解家庭生产生活情况,宣讲防返贫政策",
    "查看柑橘长势,协调技术员指导修剪",
    "核实务工收入,家中两人在外务工",
    "了解看病就医情况,医疗报销已到位",
    "检查住房和饮水安全,均有保障",
    "子女上学资助已落实,家庭支出稳定",
]
# Households waiting at each step on the load day: (village, responsible login or "", what is waiting).
WAITING = [
    ("葛铺村", "cunganbu", "publicity"),
    ("葛铺村", "", "publicity"),
    ("庆坪村", "baocun", "publicity"),
    ("镇江村", "", "town_review"),
    ("峨峰村", "", "town_review"),
    ("联合村", "", "town_review"),
    ("高流村", "", "town_review"),
    ("双河村", "", "county"),
    ("新街村", "", "county"),
    ("镇江村", "", "county"),
    ("耿官村", "", "exit_publicity"),
    ("大水村", "", "refused"),
]
# Monitored households `baocun` and `cunganbu` answer for: (village, login, a measure step due in N days).
OWN = [
    ("镇江村", "baocun", 3),
    ("庆坪村", "baocun", 9),
    ("葛铺村", "cunganbu", 2),
    ("葛铺村", "cunganbu", 12),
]


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=2))


class _Households:
    def __init__(self, town: Shengji) -> None:
        self.town = town
        self.generator = random.Random(5614)
        self.calendar = WorkdayCalendar()
        self.causes = {cause.name: cause for cause in Cause.objects.all()}
        self.load: dict[int, int] = defaultdict(int)
        self.pools: dict[str, list[Cadre]] = {}
        for name in town.villages:
            district = town.district_of(name)
            village = town.villages[name]
            pool = [
                *Cadre.objects.filter(assignments__unit=village).order_by("id"),
                *Cadre.objects.filter(posts__unit=village).order_by("id"),
                *Cadre.objects.filter(posts__unit=district).order_by("id"),
            ]
            # The demo logins answer only for the households named for them below.
            self.pools[name] = [cadre for cadre in dict.fromkeys(pool) if cadre.user_id is None]

    def at(self, day: date) -> datetime:
        return past_office_time(day, now=self.town.now, calendar=self.calendar, generator=self.generator)

    def recorder(self, village: str) -> User:
        # The village's own people enter what they can; the town's 乡村振兴 office enters the rest.
        if village == "葛铺村":
            return self.town.users["cunganbu"]
        if village in {"镇江村", "庆坪村"}:
            return self.town.users["baocun"]
        return self.town.users["shuji"]

    def responsible(self, village: str, login: str) -> Cadre:
        if login:
            cadre = self.town.cadre(login)
        else:
            cadre = min(self.pools[village], key=lambda cadre: self.load[cadre.pk])
        self.load[cadre.pk] += 1
        assert self.load[cadre.pk] <= 5, cadre.name
        return cadre

    def register(self, village: str, login: str, registered: date, publicity_from: date) -> Household:
        generator = self.generator
        labour = generator.random() > 0.1
        head = _name(generator)
        members = [MemberInput(head, "户主", "", labour)]
        members += [
            MemberInput(_name(generator), relation, "", labour and relation == "配偶")
            for relation in generator.sample(
                ["配偶", "子女", "子女", "父亲", "母亲"], generator.randint(1, 4)
            )
        ]
        moment = self.at(registered)
        with recorded_at(moment):
            return household_register(
                actor=self.recorder(village),
                village=self.town.villages[village],
                head_name=head,
                head_id_number="",
                phone="",
                category=generator.choice([*HouseholdCategory.values, HouseholdCategory.MARGINAL]),
                channel=generator.choice(["application", "visit", "visit", "department"]),
                causes=[self.causes[name] for name in generator.choice(CAUSES)],
                responsible=self.responsible(village, login),
                members=members,
                reviewed_on=registered,
                publicity_from=publicity_from,
                now=moment,
            )

    def review(
        self, household: Household, day: date, user: str, approved: bool = True, note: str = ""
    ) -> None:
        moment = self.at(day)
        with recorded_at(moment):
            household_review(
                actor=self.town.users[user],
                household=household,
                approved=approved,
                note=note or ("符合纳入条件" if approved else ""),
                now=moment,
            )

    def identified(self, village: str, login: str, registered: date) -> tuple[Household, date]:
        publicity_from = workday_on_or_after(registered + timedelta(days=1), self.calendar)
        household = self.register(village, login, registered, publicity_from)
        town_day = workday_on_or_after(
            publicity_from + timedelta(days=5 + self.generator.randint(0, 3)), self.calendar
        )
        county_day = workday_on_or_after(
            town_day + timedelta(days=self.generator.randint(1, 5)), self.calendar
        )
        self.review(household, town_day, "shuji")
        self.review(household, county_day, "ducha")
        return household, county_day

    def history(
        self, household: Household, village: str, identified: date, step_due_in: int | None
    ) -> list[date]:
        """Measures with their steps, visits and income since the household was identified; answers the days
        its measures were done."""
        generator, today = self.generator, self.town.today
        labour = household.members.filter(is_labour=True).exists()
        plans = (
            generator.sample(MEASURES, generator.randint(1, 2))
            if labour
            else [(MeasureKind.SOCIAL, "纳入农村低保兜底保障", None, ["申请低保", "低保金发放"])]
        )
        recorder = self.recorder(village)
        done: list[date] = []
        for number, (kind, title, amount, step_titles) in enumerate(plans):
            created_on = workday_on_or_after(
                identified + timedelta(days=generator.randint(0, 10)), self.calendar
            )
            if created_on >= today:
                continue
            due, steps = created_on, []
            for step_title in step_titles:
                due = due + timedelta(days=generator.randint(25, 60))
                steps.append(StepInput(step_title, due))
            if step_due_in is not None and number == 0:
                # The cadre's own step comes due shortly after the load day.
                steps[-1] = StepInput(step_titles[-1], today + timedelta(days=step_due_in))
                if len(steps) > 1 and steps[0].due_date >= steps[-1].due_date:
                    steps[0] = StepInput(step_titles[0], created_on + timedelta(days=10))
            moment = self.at(created_on)
            with recorded_at(moment):
                measure = measure_add(
                    actor=recorder,
                    household=household,
                    kind=kind,
                    title=title,
                    amount=amount,
                    steps=steps,
                    now=moment,
                )
            for step in measure.steps.order_by("due_date"):
                if step.due_date >= today - timedelta(days=1):
                    break
                late = generator.random() < 0.12
                target = step.due_date + timedelta(
                    days=generator.randint(1, 12) if late else -generator.randint(0, 8)
                )
                done_on = max(
                    workday_on_or_before(min(target, today - timedelta(days=1)), self.calendar), created_on
                )
                moment = self.at(done_on)
                with recorded_at(moment):
                    measure_step_done(actor=recorder, step=step, done_on=done_on, now=moment)
            measure.refresh_from_db()
            if measure.done_on is not None:
                done.append(measure.done_on)
        visit_day = identified
        while True:
            visit_day = workday_on_or_after(
                visit_day + timedelta(days=generator.randint(50, 110)), self.calendar
            )
            if visit_day >= today:
                break
            moment = self.at(visit_day)
            with recorded_at(moment):
                visit_record(
                    actor=recorder,
                    household=household,
                    visited_on=visit_day,
                    notes=generator.choice(VISIT_NOTES),
                    now=moment,
                )
        return done

    def income(self, household: Household, village: str, year: int, per_capita: Decimal, day: date) -> None:
        people = household.members.count()
        moment = self.at(day)
        with recorded_at(moment):
            income_record(
                actor=self.recorder(village),
                household=household,
                year=year,
                total=per_capita * people,
                people=people,
                now=moment,
            )

    def exit(
        self, household: Household, village: str, exit_day: date, done: list[date], finish: bool
    ) -> bool:
        """入户核实 and 公示 of the risk removal; with `finish` also the town's and county's approval."""
        today = self.town.today
        if not done or min(done) >= exit_day or household.identified_on is None:
            return False
        if household.identified_on >= months_before(exit_day, 6):
            return False
        if not household.members.filter(is_labour=True).exists():
            return False
        self.income(
            household,
            village,
            today.year,
            Decimal(self.generator.randint(9000, 14000)),
            exit_day - timedelta(days=3),
        )
        moment = self.at(exit_day)
        with recorded_at(moment):
            household_exit_propose(
                actor=self.recorder(village),
                household=household,
                verified_on=exit_day,
                income_stable_since=months_before(exit_day, 7),
                expenditure_resolved=True,
                basic_needs_secure=True,
                note="入户核实:收入稳定超过监测标准,两不愁三保障及饮水安全有保障",
                publicity_from=exit_day,
                now=moment,
            )
        if finish:
            town_day = workday_on_or_after(exit_day + timedelta(days=6), self.calendar)
            county_day = workday_on_or_after(town_day + timedelta(days=2), self.calendar)
            if county_day < today:
                self.review(household, town_day, "shuji", note="同意风险消除")
                self.review(household, county_day, "ducha", note="同意风险消除")
        return True


def households_load(town: Shengji) -> int:
    """The households of the twelve villages; answers how many were registered."""
    loader = _Households(town)
    generator, today, calendar = loader.generator, town.today, loader.calendar
    for offset, amount in LINES.items():
        MonitoringLine.objects.get_or_create(
            province_code="", year=today.year - offset, defaults={"amount": amount, "note": "演示参考值"}
        )
    # The workbench went live a year ago: everything here was registered in it since.
    earliest = today - timedelta(days=350)
    created = 0
    waiting = defaultdict(list)
    for village, login, state in WAITING:
        waiting[village].append((login, state))
    own = defaultdict(list)
    for village, login, due_in in OWN:
        own[village].append((login, due_in))
    for village, households in VILLAGE_HOUSEHOLDS.items():
        count = round(households * generator.uniform(MONITORED_SHARE - 0.006, MONITORED_SHARE + 0.006))
        for login, state in waiting[village]:
            created += 1
            if state == "publicity":
                # Reviewed by the village three days ago: the 公示 ends in a day or two.
                reviewed = workday_on_or_before(today - timedelta(days=3), calendar)
                loader.register(village, login, reviewed, reviewed)
            elif state in {"town_review", "refused"}:
                reviewed = workday_on_or_before(today - timedelta(days=generator.randint(8, 12)), calendar)
                household = loader.register(village, login, reviewed, workday_on_or_after(reviewed, calendar))
                if state == "refused":
                    loader.review(
                        household,
                        workday_on_or_before(today - timedelta(days=1), calendar),
                        "shuji",
                        approved=False,
                        note="经核实家庭人均收入高于监测标准,且有稳定务工收入,不予纳入",
                    )
            elif state == "county":
                reviewed = workday_on_or_before(today - timedelta(days=generator.randint(12, 16)), calendar)
                household = loader.register(village, login, reviewed, workday_on_or_after(reviewed, calendar))
                loader.review(household, workday_on_or_before(today - timedelta(days=2), calendar), "shuji")
            else:  # exit_publicity: identified last winter, helped, now in its risk-removal 公示
                household, identified = loader.identified(
                    village, login, today - timedelta(days=generator.randint(300, 340))
                )
                done = loader.history(household, village, identified, None)
                household.refresh_from_db()
                exit_day = workday_on_or_before(today - timedelta(days=2), calendar)
                loader.exit(household, village, exit_day, done, finish=False)
        for login, due_in in own[village]:
            created += 1
            household, identified = loader.identified(
                village, login, today - timedelta(days=generator.randint(90, 200))
            )
            loader.history(household, village, identified, due_in)
        for _ in range(max(0, count - len(waiting[village]) - len(own[village]))):
            created += 1
            registered = workday_on_or_after(earliest + timedelta(days=generator.randint(0, 300)), calendar)
            household, identified = loader.identified(village, "", registered)
            done = loader.history(household, village, identified, None)
            household.refresh_from_db()
            per_capita = Decimal(generator.randint(7800, 13000))
            loader.income(
                household,
                village,
                today.year - 1,
                (per_capita * Decimal(generator.randint(80, 95)) / 100).quantize(Decimal("1")),
                max(identified + timedelta(days=2), date(today.year, 1, 12)),
            )
            if generator.random() < 0.2:
                exit_day = workday_on_or_before(today - timedelta(days=generator.randint(12, 30)), calendar)
                loader.exit(household, village, exit_day, done, finish=True)
    return created
