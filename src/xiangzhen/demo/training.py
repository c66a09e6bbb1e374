"""生机镇's four 片区工委群众教育学校, recorded through the services.

The report: "全镇各片区共组织各类教学和培训20次,教授各类专业技能21项,受教育群众600多人次", every class
kept under 30 people and the same content run again and again (轮训). The demo holds 20 sessions of 12
courses teaching 21 skills in the past year, each class full (30 × 20 = 600 attendances, the most 20 classes
of 30 allow), to residents of each 片区's villages; 镇江片区's citrus course is a 轮训 plan, three sessions
held and the fourth today; two classes ahead are open for enrollment, one full with people waiting.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User

from xiangzhen.demo.clock import office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.training.models import Course, School, TrainingSession
from xiangzhen.training.services import (
    attendance_record,
    course_create,
    enrollment_add,
    rotation_plan_create,
    school_create,
    training_session_schedule,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

SCHOOLS = {
    "镇江片区": "镇江村村委会二楼会议室",
    "葛铺片区": "葛铺村便民服务站",
    "耿官片区": "耿官村党群服务中心",
    "镰刀湾片区": "镰刀湾村文化活动室",
}
# (title, topic, skills): 12 courses, 21 skills in all.
COURSES = [
    ("惠农补贴政策宣讲", "policy", ["耕地地力保护补贴申领", "政策性农业保险投保"]),
    ("防止返贫监测政策解读", "policy", ["监测帮扶申请"]),
    ("防灾减灾科普", "science", ["地质灾害隐患识别", "应急避险"]),
    ("常见慢性病防治", "health", ["高血压自我管理", "心肺复苏"]),
    ("医保政策与家庭医生签约", "health", ["医保报销办理"]),
    ("柑橘栽培管理", "farming", ["柑橘修剪", "柑橘病虫害防治", "柑橘嫁接"]),
    ("中药材种植", "farming", ["中药材育苗", "中药材采收加工"]),
    ("核桃提质增效", "farming", ["核桃高接换种", "核桃病虫害防治"]),
    ("生猪科学养殖", "farming", ["生猪防疫", "饲料配制"]),
    ("高山金菊加工", "practical", ["菊花烘干"]),
    ("电商直播带货", "practical", ["网店开设", "短视频拍摄"]),
    ("河鱼生态养殖", "practical", ["水质调控"]),
]
# What each 片区's school teaches over the year (five sessions each, the plan's three included for 镇江片区).
SCHOOL_COURSES = {
    "镇江片区": ["惠农补贴政策宣讲", "生猪科学养殖"],
    "葛铺片区": ["中药材种植", "核桃提质增效", "防止返贫监测政策解读", "中药材种植", "常见慢性病防治"],
    "耿官片区": ["高山金菊加工", "电商直播带货", "防灾减灾科普", "高山金菊加工", "医保政策与家庭医生签约"],
    "镰刀湾片区": ["河鱼生态养殖", "电商直播带货", "惠农补贴政策宣讲", "河鱼生态养殖", "常见慢性病防治"],
}
TEACHERS = ["县农业农村局 技术员", "镇农业服务中心 农技员", "镇卫生院 医生", "片区工委 干部", "县人社局 讲师"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董"
GIVEN = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌盛正学兴宏云"
RESIDENTS_PER_DISTRICT = 110
CLASS = 30
EVENING = time(19, 30)


def _resident(generator: random.Random) -> tuple[str, str]:
    name = generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=generator.choice([1, 2])))
    phone = "1" + generator.choice("3589") + "".join(generator.choices("0123456789", k=9))
    return name, phone if generator.random() < 0.7 else ""


class _Office:
    """When the clerk typed it in: office hours of a working day before the load day (the classes themselves
    are evenings and weekends; the paperwork is not)."""

    def __init__(self, today: date, generator: random.Random) -> None:
        self.today = today
        self.generator = generator
        self.calendar = WorkdayCalendar()

    def on_or_before(self, day: date) -> datetime:
        latest = min(day, self.today - timedelta(days=1))
        return office_time(workday_on_or_before(latest, self.calendar), self.generator)

    def after(self, day: date) -> datetime:
        return office_time(workday_on_or_after(day + timedelta(days=1), self.calendar), self.generator)


def _fill(
    session: TrainingSession,
    people: list[tuple[str, str, Unit]],
    actor: User,
    office: _Office,
    attend: bool,
) -> None:
    """Enroll `people` over the week before the class, then (if it took place) enter the roster: all came."""
    seated = []
    for name, phone, village in people:
        moment = office.on_or_before(session.held_on - timedelta(days=office.generator.randint(1, 6)))
        with recorded_at(moment):
            result = enrollment_add(
                actor=actor, session=session, name=name, phone=phone, village=village, now=moment
            )
        seated.append(result.enrollment.pk)
    if attend:
        moment = office.after(session.held_on)
        with recorded_at(moment):
            attendance_record(actor=actor, session=session, attended=seated[:CLASS], now=moment)


def _schedule(
    actor: User, office: _Office, course: Course, school: School, held_on: date, teacher: str
) -> TrainingSession:
    moment = office.on_or_before(held_on - timedelta(days=10))
    with recorded_at(moment):
        return training_session_schedule(
            actor=actor,
            course=course,
            school=school,
            held_on=held_on,
            starts_at=EVENING,
            teacher=teacher,
            now=moment,
        )


def training_load(*, today: date) -> int:
    """生机镇's schools, courses, a year of sessions and the 轮训 plan; returns the sessions held."""
    town = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    if School.objects.filter(unit__parent=town).exists():
        return 0
    generator = random.Random(600)
    office = _Office(today, generator)
    actor = User.objects.get(username="shuji")
    start = today - timedelta(days=340)
    courses: dict[str, Course] = {}
    for title, topic, skills in COURSES:
        with recorded_at(office.on_or_before(start)):
            courses[title] = course_create(actor=actor, unit=town, title=title, topic=topic, skills=skills)
    held = 0
    for district_name, address in SCHOOLS.items():
        district = Unit.objects.get(name=district_name, parent=town)
        villages = list(district.children.filter(level=UnitLevel.VILLAGE).order_by("path"))
        with recorded_at(office.on_or_before(start)):
            school = school_create(
                actor=actor, unit=district, name=f"{district_name}工委群众教育学校", address=address
            )
        residents: dict[tuple[str, Unit], str] = {}
        while len(residents) < RESIDENTS_PER_DISTRICT:
            name, phone = _resident(generator)
            residents.setdefault((name, generator.choice(villages)), phone)
        people = [(name, phone, village) for (name, village), phone in residents.items()]
        days = sorted(generator.sample(range(60, 320), len(SCHOOL_COURSES[district_name])), reverse=True)
        for title, days_ago in zip(SCHOOL_COURSES[district_name], days, strict=True):
            session = _schedule(
                actor,
                office,
                courses[title],
                school,
                today - timedelta(days=days_ago),
                generator.choice(TEACHERS),
            )
            _fill(session, generator.sample(people, CLASS), actor, office, attend=True)
            held += 1
        if district_name == "镇江片区":
            held += _citrus_rotation(school, courses["柑橘栽培管理"], district, people, actor, office)
        if district_name == "葛铺片区":
            upcoming = _schedule(
                actor, office, courses["核桃提质增效"], school, today + timedelta(days=5), TEACHERS[1]
            )
            _fill(upcoming, generator.sample(people, CLASS + 3), actor, office, attend=False)
        if district_name == "耿官片区":
            upcoming = _schedule(
                actor, office, courses["电商直播带货"], school, today + timedelta(days=9), TEACHERS[4]
            )
            _fill(upcoming, generator.sample(people, 12), actor, office, attend=False)
    return held


def _citrus_rotation(
    school: School,
    course: Course,
    district: Unit,
    residents: list[tuple[str, str, Unit]],
    actor: User,
    office: _Office,
) -> int:
    """120 citrus growers, four classes of 30 every two weeks: three held, the last one today."""
    today = office.today
    starts_on = today - timedelta(days=42)
    moment = office.on_or_before(starts_on - timedelta(days=7))
    with recorded_at(moment):
        plan = rotation_plan_create(
            actor=actor,
            title="柑橘栽培管理轮训",
            course=course,
            school=school,
            target_unit=district,
            target_group="柑橘种植户",
            target_count=120,
            starts_on=starts_on,
            ends_on=today + timedelta(days=14),
            every_days=14,
            teacher="县农业农村局 技术员",
            now=moment,
        )
    growers = office.generator.sample(residents, 4 * CLASS - 15)
    sessions = list(plan.sessions.order_by("held_on"))
    for number, session in enumerate(sessions):
        _fill(
            session,
            growers[number * CLASS : (number + 1) * CLASS],
            actor,
            office,
            attend=session.held_on < today,
        )
    return sum(1 for session in sessions if session.held_on < today)
