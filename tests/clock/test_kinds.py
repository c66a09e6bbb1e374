"""One test per kind of dated obligation: it turns yellow and red on the right (working) day, lands in the right
person's 待办 and digest and in nobody else's, notifies its owner once when red, and leaves the clock the moment
its source is closed.

The dates are chosen around the 2026 清明 (4–6 April), 国庆 (1–7 October, 10 October worked) and 中秋 (25–27
September, 20 September worked) holidays, so a kind that counted calendar days instead of working days would
turn colour on another day."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import time_machine

from tests.clock.conftest import at, persona, the_obligation, todo_ids
from tests.collective.factories import make_contract
from tests.factories import Township
from tests.party.factories import hold, make_branch
from tests.projects.helpers import make_project
from tests.services.factories import intake, make_item
from tests.training.factories import make_course, make_school
from xiangzhen.assistance.models import Household, HouseholdStatus
from xiangzhen.assistance.services import household_review
from xiangzhen.clock.models import Obligation
from xiangzhen.clock.selectors import todo_counts
from xiangzhen.clock.services import clock_sweep, digest_send
from xiangzhen.collective.models import ContractPayment, PaymentCycle, Publication, PublicationKind
from xiangzhen.collective.services import contract_close, payment_receive, publication_publish
from xiangzhen.disputes.models import DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register, mediation_record
from xiangzhen.party.models import ActivityKind
from xiangzhen.projects.models import TargetKind
from xiangzhen.projects.services import (
    TargetRow,
    campaign_create,
    campaign_target_record,
    campaign_targets_import,
    milestone_add,
    milestone_complete,
)
from xiangzhen.services.models import DIGEST_LINK_PREFIX, Notification
from xiangzhen.services.services import service_request_complete
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import (
    meeting_create,
    task_admission_review,
    task_create,
    task_submit_for_verification,
    task_verify,
)
from xiangzhen.training.services import attendance_record, training_session_schedule
from xiangzhen.workdays.alerts import AlertLevel

d = date


@dataclass
class Case:
    kind: str
    lookup: dict[str, object]  # finds the obligation among the kind's rows
    unit: str  # a township attribute
    owner: str | None  # a persona, or None when the row waits for a role only
    title: str
    link: str
    due: date
    quiet: date  # the last day before it turns yellow
    yellow: date  # the day it turns yellow (a working day: the digest goes out)
    red: date  # the day it turns red
    sees_yellow: list[str]  # who finds it in their 待办 and digest once yellow
    sees_red: list[str]  # who finds it only once red (overseers)
    never: list[str]  # never in their 待办: outside the jurisdiction, or a role it does not wait for
    close: Callable[[], object]
    still: list[date] = field(default_factory=list)  # days between yellow and red on which it stays yellow
    closed_by: str = ""  # what the close does, for the failure message


def _household(township: Township, publicity_from: date) -> Household:
    from tests.assistance.factories import register

    with time_machine.travel(at(publicity_from), tick=False):
        return register(
            township.town_leader.user,
            township.zhenjiang,
            township.township_cadre,
            publicity_from=publicity_from,
        )


def request_case(township: Township) -> Case:
    # Accepted Monday 30 March with 5 working days: 31 Mar, 1, 2, 3 and — after 清明 — Tuesday 7 April.
    # The last working day (20 %, at least 1) before it is Friday 3 April: yellow; red from Wednesday 8 April.
    clerk = township.window_staff.user
    request = intake(clerk, make_item(promised_days=5), township.zhenjiang, now=at(d(2026, 3, 30)))
    return Case(
        kind="services.request",
        lookup={"source_id": request.pk},
        unit="zhenjiang",
        owner="window_staff",
        title=f"{request.tracking_code} 最低生活保障申请",
        link=f"/services/requests/{request.pk}/",
        due=d(2026, 4, 7),
        quiet=d(2026, 4, 2),
        yellow=d(2026, 4, 3),
        still=[d(2026, 4, 4), d(2026, 4, 6), d(2026, 4, 7)],
        red=d(2026, 4, 8),
        sees_yellow=["window_staff"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["township_cadre", "village_cadre", "outsider"],
        close=lambda: service_request_complete(
            actor=clerk, request=request, result="已发放", now=at(d(2026, 4, 8), 11)
        ),
        closed_by="办结",
    )


def task_case(township: Township) -> Case:
    # The same 5 working days from Monday 30 March as the request.
    task = task_create(
        actor=township.town_leader.user,
        title="修复镇江村水毁道路",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
        now=at(d(2026, 3, 30)),
    )

    def close():
        task_submit_for_verification(
            actor=township.township_cadre.user, task=task, note="已修复", now=at(d(2026, 4, 8), 11)
        )

    return Case(
        kind="supervision.task",
        lookup={"source_id": task.pk},
        unit="zhenjiang",
        owner="township_cadre",
        title="修复镇江村水毁道路",
        link=f"/supervision/tasks/{task.pk}/",
        due=d(2026, 4, 7),
        quiet=d(2026, 4, 2),
        yellow=d(2026, 4, 3),
        still=[d(2026, 4, 6), d(2026, 4, 7)],
        red=d(2026, 4, 8),
        sees_yellow=["township_cadre"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=close,
        closed_by="报请核验",
    )


def verification_case(township: Township) -> Case:
    # Reported done Monday 23 March: the supervisor verifies within 3 calendar days, by Thursday 26 March.
    leader = township.town_leader.user
    task = task_create(
        actor=leader,
        title="镇江村人居环境整治",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
        now=at(d(2026, 3, 16)),
    )
    task_submit_for_verification(
        actor=township.township_cadre.user, task=task, note="已整治", now=at(d(2026, 3, 23))
    )
    return Case(
        kind="supervision.verification",
        lookup={"source_id": task.pk},
        unit="zhenjiang",
        owner="town_leader",
        title="核验:镇江村人居环境整治",
        link=f"/supervision/tasks/{task.pk}/",
        due=d(2026, 3, 26),
        quiet=d(2026, 3, 24),
        yellow=d(2026, 3, 25),
        still=[d(2026, 3, 26)],
        red=d(2026, 3, 27),
        # The supervisor (a town leader); the 片区工委 may not verify, and sees it as an overseer once red.
        sees_yellow=["town_leader"],
        sees_red=["county_supervisor", "district_committee"],
        never=["township_cadre", "window_staff", "village_cadre", "outsider"],
        close=lambda: task_verify(actor=leader, task=task, approved=True, now=at(d(2026, 3, 27), 11)),
        closed_by="核验通过",
    )


def admission_case(township: Township) -> Case:
    # The county hands 镇江村 a task on Monday 23 March citing no item of the town's 履职事项清单: the county
    # reviews its 准入 within 7 calendar days, by Monday 30 March.
    task = task_create(
        actor=township.county_supervisor.user,
        title="镇江村填报农业普查台账",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
        now=at(d(2026, 3, 23)),
    )
    return Case(
        kind="supervision.admission",
        lookup={"source_id": task.pk},
        unit="zhenjiang",
        owner=None,
        title="准入审核:镇江村填报农业普查台账",
        link=f"/supervision/tasks/{task.pk}/",
        due=d(2026, 3, 30),
        quiet=d(2026, 3, 26),
        yellow=d(2026, 3, 27),
        still=[d(2026, 3, 30)],
        red=d(2026, 3, 31),
        # Only the county reviews; the town's overseers see it once it is late.
        sees_yellow=["county_supervisor"],
        sees_red=["town_leader", "district_committee"],
        never=["township_cadre", "window_staff", "village_cadre", "outsider"],
        close=lambda: task_admission_review(
            actor=township.county_supervisor.user,
            task=task,
            admit=True,
            note="属乡镇配合事项",
            now=at(d(2026, 3, 31), 11),
        ),
        closed_by="准入",
    )


def joint_meeting_case(township: Township) -> Case:
    # 镇江片区 met on Monday 2 March: the next is due two weeks later, Monday 16 March (calendar days).
    committee = township.district_committee.user
    with time_machine.travel(at(d(2026, 3, 2)), tick=False):
        meeting_create(
            actor=committee,
            kind=MeetingKind.JOINT,
            unit=township.zhenjiang_district,
            title="镇江片区第 5 次联席会议",
            held_on=d(2026, 3, 2),
        )

    def close():
        meeting_create(
            actor=committee,
            kind=MeetingKind.JOINT,
            unit=township.zhenjiang_district,
            title="镇江片区第 6 次联席会议",
            held_on=d(2026, 3, 17),
        )

    return Case(
        kind="supervision.joint_meeting",
        lookup={"source_id": township.zhenjiang_district.pk},
        unit="zhenjiang_district",
        owner=None,
        title="镇江片区联席会议(上次 03月02日)",
        link=f"/supervision/agenda/{township.zhenjiang_district.pk}/",
        due=d(2026, 3, 16),
        quiet=d(2026, 3, 12),
        yellow=d(2026, 3, 13),
        still=[d(2026, 3, 16)],
        red=d(2026, 3, 17),
        # The 片区 convenes it; the town's leaders, who convene the town's, see the 片区's coming too.
        sees_yellow=["district_committee", "town_leader"],
        sees_red=["county_supervisor"],
        never=["township_cadre", "window_staff", "village_cadre", "outsider"],
        close=close,
        closed_by="召开下一次联席会议",
    )


def dispute_case(township: Township) -> Case:
    # Registered Monday 30 March with 5 working days: due Tuesday 7 April, after 清明.
    dispute = dispute_register(
        actor=township.town_leader.user,
        title="宅基地边界纠纷",
        summary="两户因院墙位置争执",
        place=township.zhenjiang_group_one,
        category=DisputeCategory.objects.get(name="邻里"),
        risk_level="general",
        source="screening",
        responsible=township.township_cadre,
        parties=[Party("王某某")],
        limit_workdays=5,
        now=at(d(2026, 3, 30)),
    )
    return Case(
        kind="disputes.dispute",
        lookup={"source_id": dispute.pk},
        unit="zhenjiang",  # a group's dispute is handled by its village
        owner="township_cadre",
        title="宅基地边界纠纷",
        link=f"/disputes/{dispute.pk}/",
        due=d(2026, 4, 7),
        quiet=d(2026, 4, 2),
        yellow=d(2026, 4, 3),
        still=[d(2026, 4, 6), d(2026, 4, 7)],
        red=d(2026, 4, 8),
        sees_yellow=["township_cadre"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: mediation_record(
            actor=township.township_cadre.user,
            dispute=dispute,
            held_on=d(2026, 4, 8),
            mediators="赵德胜",
            actions="现场丈量,双方认可",
            result="success",
            agreement="院墙以界桩为准",
            now=at(d(2026, 4, 8), 11),
        ),
        closed_by="调解成功",
    )


def review_case(township: Township) -> Case:
    # 公示 from Monday 2 March for the default 5 days: the town reviews from Saturday 7 March on.
    household = _household(township, d(2026, 3, 2))
    return Case(
        kind="assistance.review",
        lookup={"source_id": household.pk},
        unit="zhenjiang",
        owner="township_cadre",  # the 帮扶责任人 prepares the file
        title="镇江村 敖**户 · 公示期满待乡镇审核",
        link=f"/assistance/{household.pk}/",
        due=d(2026, 3, 7),
        quiet=d(2026, 3, 5),
        yellow=d(2026, 3, 6),
        still=[d(2026, 3, 7)],
        red=d(2026, 3, 8),
        sees_yellow=["township_cadre", "town_leader"],
        sees_red=["county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: household_review(
            actor=township.town_leader.user, household=household, approved=True, now=at(d(2026, 3, 9))
        ),
        closed_by="乡镇审核",
    )


def confirmation_case(township: Township) -> Case:
    # The town approved on Monday 9 March: the county confirms within 10 days, by Thursday 19 March.
    household = _household(township, d(2026, 3, 2))
    household_review(
        actor=township.town_leader.user, household=household, approved=True, now=at(d(2026, 3, 9))
    )
    assert household.status == HouseholdStatus.TOWN_APPROVED
    return Case(
        kind="assistance.confirmation",
        lookup={"source_id": household.pk},
        unit="zhenjiang",
        owner="township_cadre",
        title="镇江村 敖**户 · 待县级确认纳入",
        link=f"/assistance/{household.pk}/",
        due=d(2026, 3, 19),
        quiet=d(2026, 3, 17),
        yellow=d(2026, 3, 18),
        still=[d(2026, 3, 19)],
        red=d(2026, 3, 20),
        sees_yellow=["township_cadre", "county_supervisor"],
        sees_red=["town_leader", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: household_review(
            actor=township.county_supervisor.user,
            household=household,
            approved=True,
            now=at(d(2026, 3, 20), 11),
        ),
        closed_by="县级确认",
    )


def session_case(township: Township) -> Case:
    # A class on Thursday 26 March: yellow two days before, red the day after if nobody recorded it held.
    leader = township.town_leader.user
    with time_machine.travel(at(d(2026, 3, 2)), tick=False):
        school = make_school(township, township.zhenjiang)
        course = make_course(township)
        session = training_session_schedule(
            actor=leader, course=course, school=school, held_on=d(2026, 3, 26), teacher="县农技站 李老师"
        )
    return Case(
        kind="training.session",
        lookup={"source_id": session.pk},
        unit="zhenjiang",
        owner="town_leader",
        title="柑橘栽培管理 · 镇江村群众教育学校",
        link=f"/training/{session.pk}/",
        due=d(2026, 3, 26),
        quiet=d(2026, 3, 23),
        yellow=d(2026, 3, 24),
        still=[d(2026, 3, 26)],
        red=d(2026, 3, 27),
        sees_yellow=["town_leader", "district_committee"],
        sees_red=["county_supervisor"],
        # 包村干部 may organise training too, but the session waits for the leaders and the 片区.
        never=["township_cadre", "window_staff", "village_cadre", "outsider"],
        close=lambda: attendance_record(actor=leader, session=session, attended=[], now=at(d(2026, 3, 27))),
        closed_by="记录出勤",
    )


def milestone_case(township: Township) -> Case:
    # Set Monday 30 March for Tuesday 7 April: 5 working days, yellow on the last but one (Friday 3 April).
    with time_machine.travel(at(d(2026, 3, 30)), tick=False):
        project = make_project(township)
        milestone = milestone_add(
            actor=township.town_leader.user,
            project=project,
            title="主体封顶",
            due_on=d(2026, 4, 7),
            owner=township.township_cadre,
        )
    return Case(
        kind="projects.milestone",
        lookup={"source_id": milestone.pk},
        unit="zhenjiang",
        owner="township_cadre",
        title="龙广镇中心小学迁建 · 主体封顶",
        link=f"/projects/milestones/{milestone.pk}/",
        due=d(2026, 4, 7),
        quiet=d(2026, 4, 2),
        yellow=d(2026, 4, 3),
        still=[d(2026, 4, 6), d(2026, 4, 7)],
        red=d(2026, 4, 8),
        sees_yellow=["township_cadre"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: milestone_complete(
            actor=township.town_leader.user,
            milestone=milestone,
            completed_on=d(2026, 4, 8),
            note="已封顶",
            now=at(d(2026, 4, 8), 11),
        ),
        closed_by="节点完成",
    )


def target_case(township: Township) -> Case:
    # The campaign plans every target 已签约 by Wednesday 25 March: its cadre is warned 5 days before.
    leader = township.town_leader.user
    with time_machine.travel(at(d(2026, 3, 2)), tick=False):
        campaign = campaign_create(
            actor=leader,
            name="定阳小区危旧房改造",
            unit=township.shengji,
            start_on=d(2026, 3, 2),
            goal_on=d(2026, 3, 25),
        )
        campaign_targets_import(
            actor=leader,
            campaign=campaign,
            rows=[
                TargetRow(
                    code="0001",
                    name="5幢1号",
                    kind=TargetKind.HOUSEHOLD,
                    unit=township.zhenjiang,
                    cadre=township.township_cadre,
                )
            ],
        )
    target = campaign.targets.get()
    return Case(
        kind="projects.campaign_target",
        lookup={"source_id": target.pk},
        unit="zhenjiang",
        owner="township_cadre",
        title="定阳小区危旧房改造 · 5幢1号",
        link=f"/projects/targets/{target.pk}/",
        due=d(2026, 3, 25),
        quiet=d(2026, 3, 19),
        yellow=d(2026, 3, 20),
        still=[d(2026, 3, 25)],
        red=d(2026, 3, 26),
        sees_yellow=["township_cadre"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: campaign_target_record(
            actor=township.township_cadre.user,
            target=target,
            step=campaign.goal_step,
            note="已签约",
            now=at(d(2026, 3, 26), 11),
        ),
        closed_by="达到目标步骤",
    )


def activity_case(township: Township) -> Case:
    # 葛铺村党支部 has held no 支部委员会 in September 2026. Yellow with 5 working days left after the day, red
    # with 2 (the party board's rule): 23, 24, 28, 29, 30 September are the last five (中秋 25–27), so it is
    # yellow from Tuesday 22 September; 29 and 30 are the last two, so red from Monday 28 September.
    leader = township.town_leader.user
    with time_machine.travel(at(d(2026, 9, 1)), tick=False):
        branch = make_branch(leader, township.gepu)
    start = d(2026, 9, 1)
    return Case(
        kind="party.activity",
        lookup={"key": f"{branch.pk}/{ActivityKind.COMMITTEE_MEETING}/{start.isoformat()}"},
        unit="gepu",
        owner=None,
        title="葛铺村党支部 · 支部委员会会议(本月应 1 次,已 0 次)",
        link=f"/party/branches/{branch.pk}/",
        due=d(2026, 9, 27),
        quiet=d(2026, 9, 21),
        yellow=d(2026, 9, 22),
        still=[d(2026, 9, 25), d(2026, 9, 27)],
        red=d(2026, 9, 28),
        sees_yellow=["village_cadre"],
        sees_red=["town_leader", "county_supervisor"],
        never=["township_cadre", "district_committee", "window_staff", "outsider"],
        close=lambda: hold(township.village_cadre.user, branch, held_on=d(2026, 9, 28)),
        closed_by="召开支部委员会",
    )


def contract_case(township: Township) -> Case:
    # A contract ending Wednesday 30 September: its cadre is warned 90 days before, from Friday 2 July.
    with time_machine.travel(at(d(2026, 6, 1)), tick=False):
        contract = make_contract(
            township.village_cadre,
            township.gepu,
            starts_on=d(2026, 1, 1),
            ends_on=d(2026, 9, 30),
            cycle=PaymentCycle.YEARLY,
        )
    return Case(
        kind="collective.contract",
        lookup={"source_id": contract.pk},
        unit="gepu",
        owner="village_cadre",
        title="HT-001 水面承包合同",
        link=f"/collective/contracts/{contract.pk}/",
        due=d(2026, 9, 30),
        quiet=d(2026, 7, 1),
        yellow=d(2026, 7, 2),
        still=[d(2026, 9, 30)],
        red=d(2026, 10, 1),
        sees_yellow=["village_cadre"],
        sees_red=["town_leader", "county_supervisor"],
        never=["township_cadre", "district_committee", "window_staff", "outsider"],
        close=lambda: contract_close(
            actor=township.village_cadre.user,
            contract=contract,
            note="到期收回",
            version=contract.version,
            today=d(2026, 10, 1),
        ),
        closed_by="合同终止",
    )


def payment_case(township: Township) -> Case:
    # A quarterly rent from Wednesday 3 June: the second instalment is due Thursday 3 September, warned 30
    # calendar days before, on Tuesday 4 August.
    with time_machine.travel(at(d(2026, 6, 3)), tick=False):
        contract = make_contract(
            township.village_cadre,
            township.gepu,
            starts_on=d(2026, 6, 3),
            ends_on=d(2029, 6, 2),
            cycle=PaymentCycle.QUARTERLY,
            amount="4000.00",
        )
    payment = ContractPayment.objects.get(contract=contract, due_date=d(2026, 9, 3))

    def close():
        payment.refresh_from_db()
        payment_receive(
            actor=township.village_cadre.user,
            payment=payment,
            amount=payment.amount - payment.received,
            received_on=d(2026, 9, 4),
            version=payment.version,
        )

    return Case(
        kind="collective.payment",
        lookup={"source_id": payment.pk},
        unit="gepu",
        owner="village_cadre",
        title=payment.title,
        link=f"/collective/payments/{payment.pk}/",
        due=d(2026, 9, 3),
        quiet=d(2026, 8, 3),
        yellow=d(2026, 8, 4),
        still=[d(2026, 9, 3)],
        red=d(2026, 9, 4),
        sees_yellow=["village_cadre"],
        sees_red=["town_leader", "county_supervisor"],
        never=["township_cadre", "district_committee", "window_staff", "outsider"],
        close=close,
        closed_by="租金收齐",
    )


def publication_case(township: Township) -> Case:
    # September's 财务公开 is owed from the month's last day, Wednesday 30 September, and due 7 working days
    # after it: 8, 9, 10 (a worked Saturday), 12, 13, 14 and 15 October — 国庆 is no working day.
    from xiangzhen.collective.services import publication_schedule_open

    publication_schedule_open(today=d(2026, 9, 15), villages=[township.gepu])
    publication = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    return Case(
        kind="collective.publication",
        lookup={"source_id": publication.pk},
        unit="gepu",
        owner=None,
        title=publication.title,
        link=f"/collective/publications/#publication-{publication.pk}",
        due=d(2026, 10, 15),
        quiet=d(2026, 9, 29),
        yellow=d(2026, 9, 30),
        still=[d(2026, 10, 8), d(2026, 10, 10), d(2026, 10, 15)],
        red=d(2026, 10, 16),
        sees_yellow=["village_cadre"],
        sees_red=["town_leader", "county_supervisor"],
        never=["township_cadre", "district_committee", "window_staff", "outsider"],
        close=lambda: publication_publish(
            actor=township.village_cadre.user,
            publication=publication,
            published_on=d(2026, 10, 16),
            place="村务公开栏",
            content="九月收支明细",
        ),
        closed_by="公开",
    )


def _hotline_order(township: Township, profile: str, dispatched, number: str):
    from tests.hotline.factories import choose_profile, push

    choose_profile(township, profile)
    return push(township, dispatched=dispatched, number=number, now=dispatched)


def hotline_order_case(township: Township) -> Case:
    # 街道式: pushed Tuesday 10 March, handed to 镇江村's contact cadre, who signs and calls the same day; 5
    # working days from 派单: 11, 12, 13, 16, 17 March.
    from xiangzhen.hotline.services import order_contact, order_reply, order_sign, order_transfer

    order = _hotline_order(township, "street", at(d(2026, 3, 10)), "KIND-ORDER-1")
    cadre = township.township_cadre.user
    order_transfer(
        actor=township.town_leader.user,
        order=order,
        to_unit=township.zhenjiang,
        to_cadre=township.township_cadre,
        now=at(d(2026, 3, 10), 11),
    )
    order_sign(actor=cadre, order=order, now=at(d(2026, 3, 10), 12))
    order_contact(actor=cadre, order=order, note="已联系", now=at(d(2026, 3, 10), 13))
    return Case(
        kind="hotline.order",
        lookup={"source_id": order.pk},
        unit="zhenjiang",
        owner="township_cadre",
        title="12345工单 KIND-ORDER-1 路灯",
        link=f"/hotline/orders/{order.pk}/",
        due=d(2026, 3, 17),
        quiet=d(2026, 3, 13),
        yellow=d(2026, 3, 16),
        still=[d(2026, 3, 17)],
        red=d(2026, 3, 18),
        sees_yellow=["township_cadre"],
        sees_red=["town_leader", "county_supervisor", "district_committee"],
        never=["window_staff", "village_cadre", "outsider"],
        close=lambda: order_reply(actor=cadre, order=order, reply="已修复", now=at(d(2026, 3, 18), 11)),
        closed_by="反馈",
    )


def hotline_unsigned_case(township: Township) -> Case:
    # 北京式: pushed Tuesday 10 March at 10:00, to be signed and the caller contacted within 24 hours.
    from xiangzhen.hotline.services import order_sign

    order = _hotline_order(township, "beijing", at(d(2026, 3, 10)), "KIND-UNSIGNED-1")
    return Case(
        kind="hotline.unsigned",
        lookup={"source_id": order.pk},
        unit="shengji",
        owner=None,
        title="待签收 KIND-UNSIGNED-1 路灯",
        link=f"/hotline/orders/{order.pk}/",
        due=d(2026, 3, 11),
        quiet=d(2026, 3, 10),
        yellow=d(2026, 3, 11),
        red=d(2026, 3, 12),
        sees_yellow=["town_leader"],
        sees_red=["county_supervisor"],
        never=["township_cadre", "window_staff", "village_cadre", "district_committee", "outsider"],
        close=lambda: order_sign(actor=township.town_leader.user, order=order, now=at(d(2026, 3, 12), 11)),
        closed_by="签收",
    )


def hotline_review_case(township: Township) -> Case:
    # The town asks to hand an order back on Monday 9 March; the county reviews within 2 calendar days.
    from xiangzhen.hotline.services import order_return_request, order_return_review

    order = _hotline_order(township, "beijing", at(d(2026, 3, 9), 9), "KIND-REVIEW-1")
    order_return_request(
        actor=township.town_leader.user,
        order=order,
        reason="not_our_duty",
        note="路灯归县城管局",
        law="《城市道路管理条例》第二十条",
        now=at(d(2026, 3, 9), 10),
    )
    return Case(
        kind="hotline.review",
        lookup={"source_id": order.pk},
        unit="shengji",
        owner=None,
        title="退单审核 KIND-REVIEW-1",
        link=f"/hotline/orders/{order.pk}/",
        due=d(2026, 3, 11),
        quiet=d(2026, 3, 9),
        yellow=d(2026, 3, 10),
        still=[d(2026, 3, 11)],
        red=d(2026, 3, 12),
        sees_yellow=["county_supervisor"],
        sees_red=["town_leader"],
        never=["township_cadre", "window_staff", "village_cadre", "district_committee", "outsider"],
        close=lambda: order_return_review(
            actor=township.county_supervisor.user,
            order=order,
            uphold=True,
            note="属实",
            now=at(d(2026, 3, 12), 11),
        ),
        closed_by="退单审核",
    )


CASES = {
    "services.request": request_case,
    "supervision.task": task_case,
    "supervision.verification": verification_case,
    "supervision.admission": admission_case,
    "supervision.joint_meeting": joint_meeting_case,
    "disputes.dispute": dispute_case,
    "assistance.review": review_case,
    "assistance.confirmation": confirmation_case,
    "training.session": session_case,
    "projects.milestone": milestone_case,
    "projects.campaign_target": target_case,
    "party.activity": activity_case,
    "collective.contract": contract_case,
    "collective.payment": payment_case,
    "collective.publication": publication_case,
    "hotline.order": hotline_order_case,
    "hotline.unsigned": hotline_unsigned_case,
    "hotline.review": hotline_review_case,
}


# Days to attend rather than deadlines: shown up to the day, never red (tested below).
ATTENDANCE_KINDS = {"frontline.duty", "supervision.meeting"}


def test_every_registered_kind_has_its_case():
    from xiangzhen.clock.registry import KINDS

    assert set(CASES) | ATTENDANCE_KINDS == set(KINDS)


def _sweep(day: date, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        return clock_sweep(now=at(day, hour))


def _notices(user, link: str) -> list[str]:
    return list(Notification.objects.filter(recipient=user, link=link).values_list("message", flat=True))


@pytest.mark.parametrize("kind", list(CASES))
def test_the_kind_turns_yellow_and_red_on_its_day_for_the_right_people(township, outsider, kind):
    case = CASES[kind](township)
    assert case.kind == kind
    who = {name: persona(township, outsider, name) for name in case.sees_yellow + case.sees_red + case.never}
    owner = persona(township, outsider, case.owner) if case.owner else None

    # Before its yellow day: on the clock, with its due date, unit, owner, title and link; not yellow, no notice.
    _sweep(case.quiet)
    row = the_obligation(kind, **case.lookup)
    assert (row.due_date, row.unit, row.unit_path) == (
        case.due,
        getattr(township, case.unit),
        getattr(township, case.unit).path,
    )
    assert row.owner == owner and row.title == case.title and row.link == case.link
    assert row.alert == AlertLevel.NONE and row.yellow_from == case.yellow
    if owner is not None:
        assert todo_ids(owner, case.quiet) == {**todo_ids(owner, case.quiet), row.pk: "none"}
        assert _notices(owner, case.link) == []

    # Its yellow day: yellow, in the 待办 and the digest of the owner and of the roles it waits for.
    _sweep(case.yellow)
    row.refresh_from_db()
    assert row.alert == AlertLevel.YELLOW
    if owner is not None:
        assert _notices(owner, case.link) == [], "a yellow row waits for the digest"
    digest_at = at(case.yellow, 10)
    with time_machine.travel(digest_at, tick=False):
        digest_send(now=digest_at)
    digest_link = f"{DIGEST_LINK_PREFIX}?day={case.yellow.isoformat()}"
    for name in case.sees_yellow:
        user = who[name]
        assert todo_ids(user, case.yellow).get(row.pk) == "yellow", name
        counts = todo_counts(viewer=user, today=case.yellow)
        assert counts.yellow >= 1, name
        digest = Notification.objects.get(recipient=user, link=digest_link)
        assert digest.message.endswith(counts.summary()), name
    for name in case.sees_red + case.never:
        assert row.pk not in todo_ids(who[name], case.yellow), name
    for name in case.never:
        assert not Notification.objects.filter(recipient=who[name], link=digest_link).exists(), name

    # Still yellow, not red, on the days up to its due date (holidays and weekends between).
    for day in case.still:
        _sweep(day)
        row.refresh_from_db()
        assert row.alert == AlertLevel.YELLOW, day
        if owner is not None:
            assert not any(message.startswith("红牌") for message in _notices(owner, case.link)), day

    # Its red day: red, the owner told once, the overseers see it.
    result = _sweep(case.red)
    row.refresh_from_db()
    assert row.alert == AlertLevel.RED and result.red >= 1
    assert _sweep(case.red, 10).red == 0
    if owner is not None:
        reds = [message for message in _notices(owner, case.link) if message.startswith("红牌")]
        assert len(reds) == 1, reds
        assert case.title[:20] in reds[0] and f"(期限 {case.due.isoformat()})" in reds[0]
    for name in case.sees_yellow + case.sees_red:
        assert todo_ids(who[name], case.red).get(row.pk) == "red", name
    for name in case.never:
        assert row.pk not in todo_ids(who[name], case.red), name

    # Closed through the app's own service: gone from the clock and the 待办 at once, without a sweep.
    with time_machine.travel(at(case.red, 11), tick=False):
        case.close()
    remaining = Obligation.objects.filter(kind=kind, **case.lookup)
    if kind == "supervision.joint_meeting":
        # The next meeting is owed two weeks after the one just held.
        assert remaining.get().due_date == d(2026, 3, 31) and remaining.get().alert == AlertLevel.NONE
    else:
        assert not remaining.exists(), f"{case.closed_by}: the row stays on the clock"
    for name in case.sees_yellow + case.sees_red:
        expected = "none" if kind == "supervision.joint_meeting" and name in case.sees_yellow else None
        assert todo_ids(who[name], case.red).get(row.pk) == expected, name


def test_closing_a_contract_takes_its_cancelled_instalments_off_the_clock_at_once(township):
    with time_machine.travel(at(d(2026, 3, 2)), tick=False):
        contract = make_contract(
            township.village_cadre,
            township.gepu,
            starts_on=d(2026, 1, 1),
            ends_on=d(2027, 12, 31),
            cycle=PaymentCycle.QUARTERLY,
        )
        clock_sweep(now=at(d(2026, 3, 2)))
        assert Obligation.objects.filter(kind="collective.payment").count() == 8
        contract_close(
            actor=township.village_cadre.user, contract=contract, note="协商解除", version=contract.version
        )
    # The instalment that fell due before the close (1 January) stays owed; the seven not yet due go at once.
    assert list(Obligation.objects.filter(kind="collective.payment").values_list("due_date", flat=True)) == [
        d(2026, 1, 1)
    ]
    assert not Obligation.objects.filter(kind="collective.contract").exists()


def test_the_party_activity_colours_agree_with_the_party_board_every_day(township):
    """The clock dates what the party board colours: on each day of a month around 中秋 and 国庆, every missing
    activity has the same colour on the board and on the clock."""
    from xiangzhen.clock.services import obligations_sync
    from xiangzhen.party.selectors import compliance_board

    leader = township.town_leader.user
    with time_machine.travel(at(d(2026, 9, 1)), tick=False):
        branch = make_branch(leader, township.gepu, theme_day=28)
    day = d(2026, 9, 1)
    while day <= d(2026, 10, 31):
        obligations_sync("party.activity", today=day)
        rows = {row.key: row for row in Obligation.objects.filter(kind="party.activity")}
        (board,) = compliance_board(viewer=None, on=day, branches=[branch])
        for requirement in board.missing:
            row = rows[f"{branch.pk}/{requirement.kind}/{requirement.period_start.isoformat()}"]
            colour = "red" if row.due_date < day else "yellow" if row.yellow_from <= day else "none"
            expected = requirement.alert
            if requirement.kind == ActivityKind.THEME_DAY and expected == "none":
                # The clock warns three days before the branch's fixed day, which the board does not.
                expected = colour if colour == "yellow" else expected
            assert (day, requirement.kind, colour) == (day, requirement.kind, expected)
        day += timedelta(days=1)


def test_a_joint_meeting_planned_for_later_does_not_count_as_held(township):
    committee = township.district_committee.user
    district = township.zhenjiang_district
    for held_on, title in ((d(2026, 3, 2), "第 5 次"), (d(2026, 3, 30), "第 6 次(计划)")):
        with time_machine.travel(at(d(2026, 3, 10)), tick=False):
            meeting_create(
                actor=committee, kind=MeetingKind.JOINT, unit=district, title=title, held_on=held_on
            )
    _sweep(d(2026, 3, 17))
    row = Obligation.objects.get(kind="supervision.joint_meeting", source_id=district.pk)
    # Two weeks after the one held, red once missed, whatever the agenda plans.
    assert (row.due_date, row.alert) == (d(2026, 3, 16), AlertLevel.RED)
    assert row.title == "镇江片区联席会议(上次 03月02日)"
    # Once the planned day comes, the meeting counts and the next is owed two weeks later.
    _sweep(d(2026, 3, 30))
    row.refresh_from_db()
    assert (row.due_date, row.alert) == (d(2026, 4, 13), AlertLevel.NONE)


def test_a_coming_shift_and_meeting_are_the_attendees_until_the_day_then_leave_without_turning_red(township):
    from xiangzhen.frontline.models import DutyKind
    from xiangzhen.frontline.services import duty_rota_generate

    clerk, leader = township.window_staff, township.town_leader.user
    with time_machine.travel(at(d(2026, 3, 2)), tick=False):
        (shift,) = duty_rota_generate(
            actor=leader,
            town=township.shengji,
            kind=DutyKind.STAFF,
            cadres=[clerk],
            start=d(2026, 3, 6),
            end=d(2026, 3, 6),
        )
        meeting = meeting_create(
            actor=leader,
            kind=MeetingKind.PARTY_COMMITTEE,
            unit=township.shengji,
            title="镇党委会:研究春耕备耕",
            held_on=d(2026, 3, 6),
            attendees=[clerk, township.town_leader],
        )
    _sweep(d(2026, 3, 3))
    duty = the_obligation("frontline.duty", source_id=shift.pk)
    attend = the_obligation("supervision.meeting", key=f"{meeting.pk}/{clerk.pk}")
    assert (duty.owner, duty.due_date, duty.link) == (
        clerk.user,
        d(2026, 3, 6),
        f"/frontline/duty/{shift.pk}/",
    )
    assert (attend.owner, attend.due_date) == (clerk.user, d(2026, 3, 6))
    assert todo_ids(clerk.user, d(2026, 3, 3)) == {duty.pk: "none", attend.pk: "none"}
    assert (
        the_obligation("supervision.meeting", key=f"{meeting.pk}/{township.town_leader.pk}").owner == leader
    )
    _sweep(d(2026, 3, 6))
    assert todo_ids(clerk.user, d(2026, 3, 6)) == {duty.pk: "yellow", attend.pk: "yellow"}
    # The day after: gone from the clock, never red, nobody told.
    assert _sweep(d(2026, 3, 9)).red == 0
    assert not Obligation.objects.filter(kind__in=ATTENDANCE_KINDS).exists()
    assert not Notification.objects.filter(recipient=clerk.user, message__startswith="红牌").exists()
