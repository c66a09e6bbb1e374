"""What each 生机镇 login still has to do on the load day, besides what the other modules left open.

* 督办事项 handed out this fortnight: the 包村干部 (`baocun`) follows the 镇江村 irrigation repair and a
  庆坪村 seedling count, the 片区 secretary (`pianqu`) the 峨峰村 manure sheds, 葛铺村's secretary
  (`cunganbu`) the drying yard's site, the window clerk (`chuangkou`) a poor rating's rectification; two
  done ones wait for the 党委书记's (`shuji`) verification.
* Disputes registered in 镇江村, 庆坪村 and 葛铺村 this month, with `baocun` or `cunganbu` as 包保责任人.
* Meetings called for the coming days: 葛铺村's 村两委会, 镇江片区's citrus 专题会, the service hall's monthly
  meeting, the district's 督查 meeting.
* Open requests of 生机镇's hall handed to the window clerk as 承办人.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from xiangzhen.demo.clock import past_office_time, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.demo.shengji import Shengji
from xiangzhen.disputes.models import DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.org.models import Cadre, Unit
from xiangzhen.services.models import RequestStatus, ServiceRequest
from xiangzhen.services.services import service_request_assign
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import (
    meeting_create,
    task_create,
    task_progress_add,
    task_submit_for_verification,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

# (title, owner login, owner unit: a village, 片区 or the town, working days given, handed out N working days ago,
#  what is done: "" nothing yet, "progress", "submitted" (awaiting the 党委书记's verification))
TASKS = [
    ("镇江村柑橘基地灌溉渠修复进度核查", "baocun", "镇江村", 10, 8, "progress"),
    ("庆坪村补植柑橘苗木成活率清点", "baocun", "庆坪村", 10, 3, ""),
    ("峨峰村养殖户堆粪棚建设督促", "pianqu", "镇江片区", 10, 7, "progress"),
    ("镇江片区冬季森林防火巡查排班", "pianqu", "镇江片区", 5, 6, "submitted"),
    ("葛铺村中药材晾晒场选址和用地协调", "cunganbu", "葛铺村", 10, 4, "progress"),
    ("葛铺村防返贫监测户信息核对", "cunganbu", "葛铺村", 5, 1, ""),
    ("差评整改:户籍证明办理时间过长的回复", "chuangkou", "生机镇", 5, 2, "progress"),
    ("便民服务中心办事指南上墙更新", "chuangkou", "生机镇", 10, 9, "submitted"),
]
# (village, 包保责任人 login, category, title, registered N working days ago)
DISPUTES = [
    ("镇江村", "baocun", "邻里", "柑橘园灌溉用水纠纷", 6),
    ("庆坪村", "baocun", "土地山林", "承包地界址纠纷", 2),
    ("镇江村", "baocun", "劳资", "柑橘采摘务工工资纠纷", 11),
    ("葛铺村", "cunganbu", "邻里", "宅基地排水沟纠纷", 4),
]


def open_work_load(town: Shengji) -> int:
    """Tasks, disputes, meetings and assigned requests; returns how many items were created."""
    generator = random.Random(1217)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    shuji = town.users["shuji"]
    units: dict[str, Unit] = {**town.villages, **town.districts, "生机镇": town.town}

    def working_days_ago(count: int) -> date:
        day = today
        for _ in range(count):
            day = workday_on_or_before(day - timedelta(days=1), calendar)
        return day

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    created = 0
    for title, login, unit_name, limit, ago, done in TASKS:
        handed = at(working_days_ago(ago))
        with recorded_at(handed):
            task = task_create(
                actor=shuji,
                title=title,
                owner_unit=units[unit_name],
                owner=town.cadre(login),
                limit_workdays=limit,
                source="领导交办",
                now=handed,
            )
        created += 1
        owner = town.users[login]
        if done:
            moment = at(workday_on_or_after(handed.date() + timedelta(days=2), calendar))
            if moment > handed:
                with recorded_at(moment):
                    task_progress_add(actor=owner, task=task, note="已安排专人落实,正在推进", now=moment)
        if done == "submitted":
            moment = at(working_days_ago(1))
            if moment > handed:
                with recorded_at(moment):
                    task_submit_for_verification(
                        actor=owner, task=task, note="已按要求完成,请核验", now=moment
                    )

    categories = {category.name: category for category in DisputeCategory.objects.all()}
    for village, login, category, title, ago in DISPUTES:
        moment = at(working_days_ago(ago))
        with recorded_at(moment):
            dispute_register(
                actor=town.users[login],
                title=title,
                summary="双方各执一词,包保责任人已到现场了解情况,约定调解时间",
                place=town.villages[village],
                category=categories[category],
                risk_level="general",
                source=generator.choice(["screening", "visit"]),
                responsible=town.cadre(login),
                parties=[
                    Party(generator.choice("王李张刘陈杨") + "某" + generator.choice("甲乙"))
                    for _ in range(2)
                ],
                now=moment,
            )
        created += 1

    created += _meetings(town, at, calendar)

    # Open requests of the town hall and its stations handed to the window clerk.
    open_requests = list(
        ServiceRequest.objects.filter(
            status=RequestStatus.ACCEPTED,
            handling_unit__in=Unit.objects.within([town.town]),
            assigned_officer__isnull=True,
        )
        .select_related("handling_unit", "item")
        .order_by("-accepted_on", "id")[:40]
    )
    chuangkou = town.users["chuangkou"]
    for request in generator.sample(open_requests, min(10, len(open_requests))):
        assert request.accepted_on is not None and request.accepted_at is not None
        # Handed over on the next working day after acceptance, in office hours, before the load.
        moment = at(workday_on_or_after(request.accepted_on + timedelta(days=1), calendar))
        if moment <= request.accepted_at:
            continue
        with recorded_at(moment):
            service_request_assign(actor=shuji, request=request, officer=chuangkou, now=moment)
        created += 1
    return created


def _meetings(town: Shengji, at: Callable[[date], datetime], calendar: WorkdayCalendar) -> int:
    today = town.today

    def ahead(days: int) -> date:
        return workday_on_or_after(today + timedelta(days=days), calendar)

    village_people = [town.secretaries["葛铺村"], town.directors["葛铺村"]]
    district_people = [
        town.cadre("pianqu"),
        town.cadre("baocun"),
        *[town.secretaries[name] for name in ("镇江村", "庆坪村", "峨峰村")],
    ]
    hall_people = [town.cadre("shuji"), town.cadre("chuangkou"), *Cadre.objects.filter(name="罗晓梅")]
    county = town.town.parent
    assert county is not None
    meetings = [
        (
            "cunganbu",
            MeetingKind.VILLAGE_COMMITTEES,
            town.villages["葛铺村"],
            "葛铺村两委会:中药材基地土地流转",
            ahead(3),
            village_people,
        ),
        (
            "pianqu",
            MeetingKind.TOPICAL,
            town.districts["镇江片区"],
            "镇江片区柑橘产业专题会",
            ahead(2),
            district_people,
        ),
        ("shuji", MeetingKind.TOPICAL, town.town, "便民服务中心月度工作例会", ahead(4), hall_people),
        (
            "ducha",
            MeetingKind.TOPICAL,
            county,
            "七星关区乡镇督查工作推进会",
            ahead(5),
            [town.cadre("ducha"), town.cadre("shuji")],
        ),
    ]
    for login, kind, unit, title, held_on, attendees in meetings:
        called = at(today - timedelta(days=3))
        with recorded_at(called):
            meeting_create(
                actor=town.users[login],
                kind=kind,
                unit=unit,
                title=title,
                held_on=held_on,
                attendees=attendees,
            )
    return len(meetings)
