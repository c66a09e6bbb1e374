"""A year of disputes and three months of joint meetings, recorded through the services themselves.

生机镇 handles about 150 disputes a year (most settled in the village, as "小事不出村" asks); 神山镇's 11
police assistants take part in mediation; the four 片区 report to a joint meeting every two weeks, and
each urgent problem reported there gets a decision that answers it and becomes a supervised task. Every
step happens on a working day in office hours, and its audit event is recorded at that moment.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from xiangzhen.demo.clock import office_time, recorded_at, workday_on_or_after, workday_on_or_before
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
    TaskOrder,
    decision_record,
    meeting_create,
    meeting_report_submit,
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
# What each 片区 reports as its recent work, and the urgent problems it may raise with what the meeting
# decides about each: (problem as reported, the meeting's answer).
DISTRICT_WORK = {
    "镇江片区": "柑橘 2000 亩管护、庆坪村柑橘 1500 亩补植,峨峰村生猪出栏 1500 头",
    "葛铺片区": "葛铺村中药材 500 亩、核桃 1000 亩长势良好",
    "耿官片区": "联合村“高山金菊”深加工车间试产",
    "镰刀湾片区": "高流村、镰刀湾村河鱼养殖基地选址完成",
}
DISTRICT_PROBLEMS = {
    "镇江片区": [
        ("柑橘基地灌溉渠损毁待修", "由镇水利站牵头,统筹小型水利项目资金修复灌溉渠"),
        ("庆坪村补植柑橘苗木到位不足", "镇农业服务中心协调县苗圃调拨苗木,片区组织补植"),
        ("峨峰村生猪养殖粪污处理设施不足", "镇生态环境工作站指导建设堆粪棚,片区督促养殖户落实"),
        ("柑橘销售旺季冷链运力不足", "镇经发办对接县物流园,开通柑橘冷链专线"),
        ("镇江村留守老人助餐点缺少厨师", "镇民政办协调公益岗位,聘请本村厨师"),
    ],
    "葛铺片区": [
        ("核桃苗木缺口约 3000 株", "镇林业站向县林业局申请调剂苗木,片区组织群众栽种"),
        ("中药材收购渠道不稳定", "镇经发办对接县内药企签订保底收购协议"),
        ("新街村产业路雨后塌方", "镇村镇建设服务中心组织抢修,片区做好群众出行安全提示"),
        ("大水村核桃病虫害防治药剂短缺", "镇林业站调配防治药剂,组织统防统治"),
        ("葛铺村中药材晾晒场地不足", "片区协调村集体闲置场地改建晾晒场"),
    ],
    "耿官片区": [
        ("菊花烘干设备用电负荷不足", "镇经发办协调供电所为加工车间增容变压器"),
        ("金菊加工车间缺少熟练工人", "镇人社服务中心组织技能培训,优先吸纳本地脱贫劳动力"),
        ("双河村饮水管网老化漏水", "镇水利站核查管网,纳入饮水安全维修计划"),
        ("高山金菊包装设计未定稿", "镇经发办组织企业与设计单位对接,两周内定稿"),
        ("耿官村易地搬迁户就业登记不全", "镇人社服务中心逐户核实,补齐就业台账"),
    ],
    "镰刀湾片区": [
        ("河鱼养殖基地设施农用地备案未办结", "镇自然资源所加快办理设施农用地备案"),
        ("石丫村通组路护栏缺失", "镇交通运输站排查隐患路段,限期安装护栏"),
        ("高流村养殖技术员缺乏", "镇农业服务中心联系县水产站派驻技术员"),
        ("镰刀湾村河道垃圾清理不及时", "镇河长办督促村级河长落实巡河,增设保洁员"),
        ("鱼苗采购资金缺口 8 万元", "镇财政所协调衔接资金,片区做好公示"),
    ],
}


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
            registered = workday_on_or_before(today - timedelta(days=generator.randint(1, 360)), calendar)
            responsible = (
                Cadre.objects.filter(assignments__unit=village).first()
                or Cadre.objects.filter(posts__unit=village).first()
            )
            assert responsible is not None
            moment = office_time(registered, generator)
            with recorded_at(moment):
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
                    now=moment,
                )
            disputes += 1
            mediators = "村调委会" + (
                f"、警务助理{assistants[village.pk]}" if village.pk in assistants else ""
            )
            roll = generator.random()
            # Recent disputes may still be open; older ones climb the ladder only as far as needed.
            steps = 0 if roll < 0.76 else 1 if roll < 0.90 else 2 if roll < 0.97 else 3
            held = workday_on_or_after(registered + timedelta(days=generator.randint(1, 6)), calendar)
            for _step in range(steps):
                if held >= today or dispute.handling_unit.parent is None:
                    break
                moment = office_time(held, generator)
                with recorded_at(moment):
                    mediation_record(
                        actor=actor,
                        dispute=dispute,
                        held_on=held,
                        mediators=mediators,
                        actions="召集双方调解",
                        result=MediationResult.FAILED,
                        now=moment,
                    )
                    dispute_escalate(actor=actor, dispute=dispute, reason="本级调解未果", now=moment)
                mediators = f"{dispute.handling_unit.name}调处专班"
                held = workday_on_or_after(held + timedelta(days=generator.randint(2, 6)), calendar)
            if held < today - timedelta(days=3) and generator.random() < 0.96:
                moment = office_time(held, generator)
                with recorded_at(moment):
                    mediation_record(
                        actor=actor,
                        dispute=dispute,
                        held_on=held,
                        mediators=mediators,
                        actions="释法明理、现场勘验",
                        result=MediationResult.SUCCESS,
                        agreement="双方自愿达成协议,互不追究",
                        now=moment,
                    )
                # A visit about two weeks later checks that the agreement is kept.
                visited = workday_on_or_after(held + timedelta(days=generator.randint(12, 18)), calendar)
                if visited < today and generator.random() < 0.7:
                    moment = office_time(visited, generator)
                    with recorded_at(moment):
                        dispute_follow_up(
                            actor=actor, dispute=dispute, note="协议已履行,双方无异议", now=moment
                        )
        # Monthly screening: every village reports in the first days of the next month, for the past five
        # months; one village is still silent about last month, and reports not yet due are not there.
        for months_back in range(1, 6):
            month = (today.replace(day=1) - timedelta(days=28 * months_back)).replace(day=1)
            next_month = (month + timedelta(days=32)).replace(day=1)
            for index, village in enumerate(villages):
                if months_back == 1 and index == len(villages) - 1:
                    continue
                submitted = workday_on_or_after(
                    next_month + timedelta(days=generator.randint(0, 6)), calendar
                )
                if submitted >= today:
                    continue
                moment = office_time(submitted, generator)
                with recorded_at(moment):
                    screening_report_submit(
                        actor=actor,
                        village=village,
                        month=month,
                        dispute_count=generator.choice([0, 0, 0, 1, 2]),
                        now=moment,
                    )
    return disputes, _joint_meetings(leader=leader, today=today, calendar=calendar, generator=generator)


def _joint_meetings(*, leader: User, today: date, calendar: WorkdayCalendar, generator: random.Random) -> int:
    """Biweekly joint meetings on Tuesdays over the last twelve weeks, and the next one already called.

    Each 片区 reports the day before; every urgent problem reported gets a decision that answers it, with a
    task for that 片区 to carry it out.
    """
    town = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    districts = list(town.children.filter(level=UnitLevel.DISTRICT).order_by("path"))
    committee = list(
        Cadre.objects.filter(posts__unit__in=[town, *districts], posts__title__contains="书记").distinct()[:5]
    )
    verifier = User.objects.get(username="admin")
    first = today - timedelta(days=14 * 6)
    first -= timedelta(days=(first.weekday() - 1) % 7)
    raised: set[str] = set()
    tasks = 0
    for number in range(1, 9):
        scheduled = first + timedelta(days=14 * (number - 1))
        if scheduled > today + timedelta(days=14):
            break
        held = workday_on_or_after(scheduled, calendar)
        # Called a week ahead; the next meeting, not yet held, was called on the last working day at most.
        called = workday_on_or_before(min(held - timedelta(days=7), today - timedelta(days=1)), calendar)
        with recorded_at(office_time(called, generator)):
            meeting = meeting_create(
                actor=leader,
                kind=MeetingKind.JOINT,
                unit=town,
                title=f"片区工委联席会议(第 {number} 次)",
                held_on=held,
                attendees=committee,
            )
        if held >= today:
            continue
        # At least one 片区 raises a problem at every meeting; a problem once decided is not raised again.
        fresh = {
            district.name: [pair for pair in DISTRICT_PROBLEMS[district.name] if pair[0] not in raised]
            for district in districts
        }
        raising = {name for name, pairs in fresh.items() if pairs and generator.random() < 0.45}
        raising = raising or {generator.choice(sorted(name for name, pairs in fresh.items() if pairs))}
        reported_on = workday_on_or_before(held - timedelta(days=1), calendar)
        problems: list[tuple[Unit, str, str]] = []
        for district in districts:
            problem, answer = "", ""
            if district.name in raising:
                problem, answer = generator.choice(fresh[district.name])
                raised.add(problem)
                problems.append((district, problem, answer))
            moment = office_time(reported_on, generator)
            with recorded_at(moment):
                meeting_report_submit(
                    actor=leader,
                    meeting=meeting,
                    unit=district,
                    recent_work=DISTRICT_WORK[district.name],
                    urgent_problems=problem,
                    now=moment,
                )
        decided = office_time(held, generator)
        for offset, (district, problem, answer) in enumerate(problems):
            owner = Cadre.objects.filter(posts__unit=district, posts__title="片区党工委书记").first()
            assert owner is not None
            moment = decided + timedelta(minutes=10 * offset)
            with recorded_at(moment):
                decision = decision_record(
                    actor=leader,
                    meeting=meeting,
                    text=f"关于{district.name}反映的“{problem}”:{answer},10 个工作日内办结并报会议。",
                    task=TaskOrder(
                        title=f"{district.name}:{problem}",
                        owner_unit=district,
                        owner=owner,
                        limit_workdays=10,
                        detail=answer,
                    ),
                    now=moment,
                )
            task = decision.tasks.get()
            tasks += 1
            progress_on = workday_on_or_after(held + timedelta(days=generator.randint(3, 6)), calendar)
            if progress_on < today:
                moment = office_time(progress_on, generator)
                with recorded_at(moment):
                    task_progress_add(actor=leader, task=task, note="已落实资金和人员", now=moment)
            submitted_on = workday_on_or_after(held + timedelta(days=generator.randint(9, 13)), calendar)
            verified_on = workday_on_or_after(submitted_on + timedelta(days=1), calendar)
            if submitted_on < today <= verified_on + timedelta(days=5) and generator.random() < 0.5:
                # Reported done a few days ago: waiting for the 党委书记's verification.
                moment = office_time(submitted_on, generator)
                with recorded_at(moment):
                    task_submit_for_verification(actor=leader, task=task, note=f"{answer}:已完成", now=moment)
                continue
            # Work of earlier meetings is done and verified; only the last weeks' tasks may still run late.
            if verified_on < today and (generator.random() < 0.7 or verified_on < today - timedelta(days=21)):
                moment = office_time(submitted_on, generator)
                with recorded_at(moment):
                    task_submit_for_verification(actor=leader, task=task, note=f"{answer}:已完成", now=moment)
                moment = office_time(verified_on, generator)
                with recorded_at(moment):
                    task_verify(actor=verifier, task=task, approved=True, now=moment)
    return tasks
