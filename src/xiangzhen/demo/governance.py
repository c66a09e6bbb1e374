"""A year of disputes and three months of joint meetings, recorded through the services themselves.

生机镇 handles about 150 disputes a year (most settled in the village, as "小事不出村" asks); 神山镇's 11
police assistants take part in mediation; the four 片区 report to a joint meeting every two weeks and its
decisions become supervised tasks.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from xiangzhen.disputes.models import DisputeCategory, MediationResult
from xiangzhen.disputes.services import (
    Party,
    dispute_escalate,
    dispute_follow_up,
    dispute_register,
    mediation_record,
    screening_report_submit,
)
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import (
    decision_record,
    meeting_create,
    meeting_report_submit,
    task_create,
    task_progress_add,
    task_submit_for_verification,
    task_verify,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
TOPICS = {
    "婚姻家庭": ["赡养老人纠纷", "离婚财产分割纠纷"],
    "邻里": ["宅基地边界纠纷", "排水沟堵塞纠纷", "通行道路纠纷"],
    "土地山林": ["山林界址纠纷", "承包地调整纠纷"],
    "劳资": ["务工工资拖欠纠纷"],
    "征地拆迁": ["通村公路占地补偿纠纷"],
    "合同债务": ["农资赊购欠款纠纷", "借款纠纷"],
    "其他": ["牲畜损坏庄稼纠纷"],
}
DISTRICT_WORK = {
    "镇江片区": ("柑橘 2000 亩管护、庆坪村柑橘 1500 亩补植,峨峰村生猪出栏 1500 头", "柑橘基地灌溉渠损毁待修"),
    "葛铺片区": ("葛铺村中药材 500 亩、核桃 1000 亩长势良好", "核桃苗木缺口约 3000 株"),
    "耿官片区": ("联合村“高山金菊”深加工车间试产", "菊花烘干设备用电负荷不足"),
    "镰刀湾片区": ("高流村、镰刀湾村河鱼养殖基地选址完成", ""),
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _name(generator: random.Random) -> str:
    return generator.choice(SURNAMES) + "某" + generator.choice("某甲乙")


def governance_load(*, today: date) -> tuple[int, int]:
    generator = random.Random(150)
    calendar = WorkdayCalendar()
    leader = User.objects.get(username="shuji")
    administrator = User.objects.get(username="admin")
    disputes = 0
    for town_name, count, actor in (("生机镇", 150, leader), ("神山镇", 60, administrator)):
        town = Unit.objects.get(name=town_name, level=UnitLevel.TOWN)
        villages = list(Unit.objects.within([town]).filter(level=UnitLevel.VILLAGE))
        assistants = {
            cadre.posts.get().unit_id: cadre.name
            for cadre in Cadre.objects.filter(posts__title="农村警务助理", posts__unit__in=villages)
        }
        for _ in range(count):
            village = generator.choice(villages)
            category_name = generator.choice(list(TOPICS))
            category = DisputeCategory.objects.get(name=category_name)
            registered = today - timedelta(days=generator.randint(1, 360))
            while not calendar.is_workday(registered):
                registered -= timedelta(days=1)
            responsible = (
                Cadre.objects.filter(assignments__unit=village).first()
                or Cadre.objects.filter(posts__unit=village).first()
            )
            assert responsible is not None
            dispute = dispute_register(
                actor=actor,
                title=generator.choice(TOPICS[category_name]),
                summary="双方各执一词,经排查登记",
                place=village,
                category=category,
                risk_level=generator.choices(["general", "serious", "grave"], [85, 12, 3])[0],
                source=generator.choice(["screening", "visit", "referral"]),
                responsible=responsible,
                parties=[Party(_name(generator)), Party(_name(generator))],
                now=_at(registered),
            )
            disputes += 1
            mediators = "村调委会" + (
                f"、警务助理{assistants[village.pk]}" if village.pk in assistants else ""
            )
            roll = generator.random()
            # Recent disputes may still be open; older ones climb the ladder only as far as needed.
            steps = 0 if roll < 0.76 else 1 if roll < 0.90 else 2 if roll < 0.97 else 3
            held = registered + timedelta(days=generator.randint(1, 6))
            for _step in range(steps):
                if held >= today or dispute.handling_unit.parent is None:
                    break
                mediation_record(
                    actor=actor,
                    dispute=dispute,
                    held_on=held,
                    mediators=mediators,
                    actions="召集双方调解",
                    result=MediationResult.FAILED,
                    now=_at(held),
                )
                dispute_escalate(actor=actor, dispute=dispute, reason="本级调解未果", now=_at(held))
                mediators = f"{dispute.handling_unit.name}调处专班"
                held += timedelta(days=generator.randint(2, 6))
            if held < today - timedelta(days=3) and generator.random() < 0.96:
                mediation_record(
                    actor=actor,
                    dispute=dispute,
                    held_on=held,
                    mediators=mediators,
                    actions="释法明理、现场勘验",
                    result=MediationResult.SUCCESS,
                    agreement="双方自愿达成协议,互不追究",
                    now=_at(held),
                )
                if generator.random() < 0.7:
                    dispute_follow_up(
                        actor=actor,
                        dispute=dispute,
                        note="协议已履行,双方无异议",
                        now=_at(held + timedelta(days=15)),
                    )
        # Monthly screening: every village for the past five months, one still silent for last month.
        for months_back in range(1, 6):
            month = (today.replace(day=1) - timedelta(days=28 * months_back)).replace(day=1)
            for index, village in enumerate(villages):
                if months_back == 1 and index == len(villages) - 1:
                    continue
                screening_report_submit(
                    actor=actor,
                    village=village,
                    month=month,
                    dispute_count=generator.choice([0, 0, 0, 1, 2]),
                    now=_at(today),
                )
    return disputes, _joint_meetings(leader=leader, today=today, generator=generator)


def _joint_meetings(*, leader: User, today: date, generator: random.Random) -> int:
    town = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    districts = list(town.children.filter(level=UnitLevel.DISTRICT).order_by("path"))
    committee = list(
        Cadre.objects.filter(posts__unit__in=[town, *districts], posts__title__contains="书记").distinct()[:5]
    )
    held = today - timedelta(days=14 * 6)
    tasks = 0
    number = 1
    while held <= today + timedelta(days=14):
        meeting = meeting_create(
            actor=leader,
            kind=MeetingKind.JOINT,
            unit=town,
            title=f"片区工委联席会议(第 {number} 次)",
            held_on=held,
            attendees=committee,
        )
        if held <= today:
            for district in districts:
                work, problem = DISTRICT_WORK[district.name]
                meeting_report_submit(
                    actor=leader,
                    meeting=meeting,
                    unit=district,
                    recent_work=work,
                    urgent_problems=problem if generator.random() < 0.6 else "",
                    now=_at(held),
                )
            decision = decision_record(
                actor=leader,
                meeting=meeting,
                text=f"{districts[number % 4].name}两周内解决汇报的急需问题",
                now=_at(held),
            )
            owner = Cadre.objects.filter(posts__unit=districts[number % 4]).first()
            assert (owner is not None and owner.user is not None) or owner is not None
            task = task_create(
                actor=leader,
                title=f"{districts[number % 4].name}:{DISTRICT_WORK[districts[number % 4].name][1] or '推进产业项目'}",
                owner_unit=districts[number % 4],
                owner=owner,
                limit_workdays=10,
                decision=decision,
                now=_at(held),
            )
            tasks += 1
            progress_on = held + timedelta(days=5)
            if progress_on < today:
                task_progress_add(actor=leader, task=task, note="已落实资金和人员", now=_at(progress_on))
            if held + timedelta(days=12) < today and number % 3:
                task_submit_for_verification(
                    actor=leader, task=task, note="已完成", now=_at(held + timedelta(days=12))
                )
                task_verify(
                    actor=User.objects.get(username="admin"),
                    task=task,
                    approved=True,
                    now=_at(held + timedelta(days=13)),
                )
        held += timedelta(days=14)
        number += 1
    return tasks
