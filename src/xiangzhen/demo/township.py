"""The demo township: places and people from the field reports the product is built on.

Places named in the reports are used as named; where a 片区 needs three villages and the reports
name fewer, the remaining villages carry plausible local names.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from xiangzhen.demo.assessment import assessment_load
from xiangzhen.demo.assistance import assistance_load
from xiangzhen.demo.catalogue import catalogue_load
from xiangzhen.demo.clock import WorkClock, recorded_at, workday_on_or_after
from xiangzhen.demo.collective import collective_load
from xiangzhen.demo.frontline import frontline_load
from xiangzhen.demo.governance import governance_load
from xiangzhen.demo.hotline import hotline_load
from xiangzhen.demo.party import party_load
from xiangzhen.demo.projects import projects_load
from xiangzhen.demo.secret import demo_secret
from xiangzhen.demo.service_requests import service_requests_load
from xiangzhen.demo.shengji import shengji_load
from xiangzhen.demo.sweeps import sweeps_replay
from xiangzhen.demo.training import training_load
from xiangzhen.demo.windows import service_windows_load
from xiangzhen.org.models import AssignmentKind, Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.selectors import jurisdiction_remembered
from xiangzhen.org.services import assignment_create, cadre_create, unit_create
from xiangzhen.services.models import ServiceRequest
from xiangzhen.workdays.calendar import WorkdayCalendar

DEMO_PASSWORD = "Xiangzhen@2026"
# The workbench went live a little over a year before the load day: the units and people were entered in
# its first days, before the first request of the demo year.
LIVE_DAYS_BEFORE_LOAD = 380

# county: (statistical code, {town: [villages] or {district: [villages]}})
PLACES: dict[str, tuple[str, dict[str, list[str] | dict[str, list[str]]]]] = {
    "渠县": ("511725000000", {"流溪乡": ["千秋村", "燕岩村", "流溪社区", "白鹤村"]}),
    "七星关区": (
        "520502000000",
        {
            "生机镇": {
                "镇江片区": ["镇江村", "庆坪村", "峨峰村"],
                "葛铺片区": ["葛铺村", "新街村", "大水村"],
                "耿官片区": ["联合村", "耿官村", "双河村"],
                "镰刀湾片区": ["镰刀湾村", "高流村", "石丫村"],
            },
        },
    ),
    "赤壁市": (
        "421281000000",
        {
            "神山镇": [
                "神山社区",
                "大桥村",
                "宋河村",
                "西凉村",
                "官塘村",
                "新屋村",
                "羊楼村",
                "中伙村",
                "刘家村",
                "白石村",
                "杨家村",
            ],
        },
    ),
    "常山县": (
        "330822000000",
        {
            "青石镇": ["青石村", "江家村", "砚瓦山村"],
            "紫港街道": ["渣濑湾村", "紫港社区", "东鲁村"],
            "大桥头乡": ["濛桥村", "客弄村", "大桥头村", "尚家村", "徐村村", "杨林村", "宋畈村", "黄泥塘村"],
            "新昌乡": ["达塘村", "新昌村", "郭塘村"],
            "球川镇": ["球川村", "红旗岗村", "九都村"],
        },
    ),
    "义龙新区": ("", {"龙广镇": ["小场坝村", "赖山村", "果约村"]}),
}
GROUPED_VILLAGES = {"镇江村": 6, "葛铺村": 5, "千秋村": 4}
CHINESE_NUMERALS = "一二三四五六七八九十"

# People named in the reports, at the units where the reports place them.
NAMED_CADRES = [
    ("李峰", CadreRole.TOWN_LEADER, "流溪乡", "党委书记"),
    ("应华锋", CadreRole.WINDOW_STAFF, "球川镇", "党委组织委员(四个平台综合受理窗口坐班)"),
    ("李瑞庚", CadreRole.TOWNSHIP_CADRE, "青石镇", "水利员"),
    ("陈重良", CadreRole.VILLAGE_CADRE, "达塘村", "党支部书记"),
    ("姜小平", CadreRole.VILLAGE_CADRE, "濛桥村", "党支部书记"),
    ("陈小龙", CadreRole.VILLAGE_CADRE, "渣濑湾村", "村监会主任"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    name: str
    scope: str


DEMO_LOGINS = [
    DemoLogin("ducha", "县级督查", "王建国", "七星关区"),
    DemoLogin("shuji", "乡镇领导", "张明华", "生机镇(党委书记)"),
    DemoLogin("chuangkou", "窗口人员", "刘晓燕", "生机镇便民服务中心"),
    DemoLogin("pianqu", "片区工委", "杨光荣", "镇江片区(镇江村、庆坪村、峨峰村)"),
    DemoLogin("baocun", "包村干部", "赵德胜", "包镇江村、驻庆坪村"),
    DemoLogin("cunganbu", "村干部", "吴秀英", "葛铺村(党支部书记)"),
    DemoLogin("admin", "系统管理员", "系统管理员", "全部单位"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN_CHARACTERS = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌盛正学兴宏云"


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    units: int
    cadres: int
    service_requests: int = 0
    sweep: str = ""


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "".join(
        generator.choices(GIVEN_CHARACTERS, k=generator.choice([1, 2]))
    )


def _phone(generator: random.Random) -> str:
    return "1" + generator.choice("3589") + "".join(generator.choices("0123456789", k=9))


@transaction.atomic
def demo_load() -> DemoSummary:
    """Create the demo township once; a second call changes nothing.

    The whole load is one command, like one HTTP request: each user's jurisdiction is looked up once and
    remembered (and forgotten whenever a post or an assignment is created), not once per service call."""
    now = timezone.now()
    with jurisdiction_remembered():
        if Unit.objects.filter(parent__isnull=True, name="渠县").exists():
            # A demo loaded before 生机镇 had every module gets its 生机镇 part now, once.
            shengji_load(today=timezone.localdate(now), now=now)
            hotline_load(today=timezone.localdate(now), now=now)
            return DemoSummary(
                False, Unit.objects.count(), Cadre.objects.count(), ServiceRequest.objects.count()
            )
        return _demo_create(now)


def _demo_create(now: datetime) -> DemoSummary:
    units: dict[str, Unit] = {}

    today = timezone.localdate(now)
    calendar = WorkdayCalendar()
    generator = random.Random(20261124)
    live_on = workday_on_or_after(today - timedelta(days=LIVE_DAYS_BEFORE_LOAD), calendar)
    # One administrator entering the tree and then the people, a minute or a few apart, in office hours.
    clock = WorkClock(live_on, calendar, generator)

    def add(name: str, level: str, parent: Unit | None, code: str = "") -> Unit:
        with recorded_at(clock.next(least=1, most=2)):
            unit = unit_create(actor=None, name=name, level=level, parent=parent, division_code=code)
        units.setdefault(name, unit)
        return unit

    for county_name, (code, towns) in PLACES.items():
        county = add(county_name, UnitLevel.COUNTY, None, code)
        for town_name, content in towns.items():
            town = add(town_name, UnitLevel.TOWN, county)
            districts = content if isinstance(content, dict) else {"": content}
            for district_name, villages in districts.items():
                parent = add(district_name, UnitLevel.DISTRICT, town) if district_name else town
                for village_name in villages:
                    village = add(village_name, UnitLevel.VILLAGE, parent)
                    for number in range(GROUPED_VILLAGES.get(village_name, 0)):
                        add(f"{CHINESE_NUMERALS[number]}组", UnitLevel.GROUP, village)

    def took_office() -> date:
        # Appointments of the last five years, on working days; township terms do not all start together.
        return workday_on_or_after(live_on - timedelta(days=generator.randint(20, 5 * 365)), calendar)

    def cadre(name: str, role: str, unit_name: str, title: str, username: str = "") -> Cadre:
        with recorded_at(clock.next(least=1, most=4)):
            return cadre_create(
                actor=None,
                name=name,
                role=role,
                unit=units[unit_name],
                title=title,
                start_date=took_office(),
                phone=_phone(generator),
                username=username,
                password=DEMO_PASSWORD if username else "",
                check_password_strength=False,
            )

    def assign(person: Cadre, village: Unit, kind: str) -> None:
        # 包村/驻村 duties are handed out after the appointment, often at the start of a year.
        post_start = person.posts.get().start_date
        start = workday_on_or_after(
            post_start + timedelta(days=generator.randint(0, max(0, (live_on - post_start).days))), calendar
        )
        with recorded_at(clock.next(least=1, most=3)):
            assignment_create(actor=None, cadre=person, unit=village, kind=kind, start_date=start)

    logins = {login.username: login for login in DEMO_LOGINS}
    cadre(logins["ducha"].name, CadreRole.COUNTY_SUPERVISOR, "七星关区", "区委督查室督查专员", "ducha")
    cadre(logins["shuji"].name, CadreRole.TOWN_LEADER, "生机镇", "党委书记", "shuji")
    cadre(_name(generator), CadreRole.TOWN_LEADER, "生机镇", "镇长")
    cadre(logins["chuangkou"].name, CadreRole.WINDOW_STAFF, "生机镇", "便民服务中心窗口工作人员", "chuangkou")
    cadre(logins["pianqu"].name, CadreRole.DISTRICT_COMMITTEE, "镇江片区", "片区党工委书记", "pianqu")
    township_cadre = cadre(logins["baocun"].name, CadreRole.TOWNSHIP_CADRE, "生机镇", "党政办干部", "baocun")
    assign(township_cadre, units["镇江村"], AssignmentKind.CONTACT_VILLAGE)
    assign(township_cadre, units["庆坪村"], AssignmentKind.RESIDENT)
    cadre(logins["cunganbu"].name, CadreRole.VILLAGE_CADRE, "葛铺村", "党支部书记", "cunganbu")

    # 生机镇: every 片区 has a secretary and a deputy; every village a secretary, a director,
    # a 包村 leader and a 驻村 cadre from the town.
    for district in Unit.objects.filter(level=UnitLevel.DISTRICT, parent=units["生机镇"]).order_by("path"):
        if district.name != "镇江片区":
            cadre(_name(generator), CadreRole.DISTRICT_COMMITTEE, district.name, "片区党工委书记")
        cadre(_name(generator), CadreRole.DISTRICT_COMMITTEE, district.name, "片区党工委副书记")
    for village in Unit.objects.filter(level=UnitLevel.VILLAGE).order_by("path"):
        if village.name != "葛铺村":
            cadre(_name(generator), CadreRole.VILLAGE_CADRE, village.name, "党支部书记")
        cadre(_name(generator), CadreRole.VILLAGE_CADRE, village.name, "村委会主任")
        town = next(unit for unit in Unit.objects.filter(pk__in=village.ancestor_ids(), level=UnitLevel.TOWN))
        for kind, title in (
            (AssignmentKind.CONTACT_VILLAGE, "包村领导"),
            (AssignmentKind.RESIDENT, "驻村干部"),
        ):
            if village.name in {"镇江村", "庆坪村"} and kind == AssignmentKind.CONTACT_VILLAGE:
                continue
            person = cadre(_name(generator), CadreRole.TOWNSHIP_CADRE, town.name, title)
            assign(person, village, kind)
    # 神山镇: one police assistant per village ("一村一警一警务助理", 11 in all).
    for village in Unit.objects.filter(parent=units["神山镇"]).order_by("path"):
        cadre(_name(generator), CadreRole.VILLAGE_CADRE, village.name, "农村警务助理")
    for name, role, unit_name, title in NAMED_CADRES:
        cadre(name, role, unit_name, title)

    user_model = get_user_model()
    administrator = user_model(username="admin", first_name="系统管理员", is_staff=True, is_superuser=True)
    administrator.set_password(DEMO_PASSWORD)
    administrator.save()
    collective_load(actor=administrator, today=today)
    items = catalogue_load()
    service_windows_load()
    requests = service_requests_load(items=items, today=today, secret=demo_secret())
    governance_load(today=today)
    frontline_load(today=today)
    training_load(today=today)
    projects_load(today=today)
    assistance_load(today=today)
    assessment_load(actor=administrator, today=today)
    party_load(today=today)
    shengji_load(today=today, now=now)
    hotline_load(today=today, now=now)
    sweep = sweeps_replay(today=today, now=now)
    return DemoSummary(True, Unit.objects.count(), Cadre.objects.count(), requests, sweep)
