from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.supervision.models import MeetingKind, TaskStatus
from xiangzhen.supervision.selectors import meeting_agenda, task_list
from xiangzhen.supervision.services import (
    decision_record,
    meeting_create,
    meeting_report_submit,
    task_create,
    task_progress_add,
    task_submit_for_verification,
    task_sweep_alerts,
    task_verify,
)
from xiangzhen.workdays.alerts import AlertLevel

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day):
    return datetime(2026, month, day, 10, tzinfo=SHANGHAI)


@pytest.fixture
def joint_meeting(township):
    meeting = meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="第 6 次片区工委联席会议",
        held_on=date(2026, 3, 2),
        attendees=[township.town_leader, township.window_staff, township.district_committee],
    )
    return meeting


def test_decision_to_task_to_overdue_to_done_to_verified(township, joint_meeting):
    leader, owner = township.town_leader.user, township.district_committee
    decision = decision_record(
        actor=leader, meeting=joint_meeting, text="镇江片区两周内完成柑橘基地灌溉渠修复"
    )
    task = task_create(
        actor=leader,
        title="柑橘基地灌溉渠修复",
        owner_unit=township.zhenjiang_district,
        owner=owner,
        limit_workdays=10,
        decision=decision,
        now=at(3, 2),
    )
    assert task.due_date == date(2026, 3, 16) and task.status == TaskStatus.TODO
    task_progress_add(actor=owner.user, task=task, note="已完成 60%", now=at(3, 10))
    assert task.status == TaskStatus.IN_PROGRESS
    assert task_sweep_alerts(now=at(3, 13)).yellow == 1
    assert task_sweep_alerts(now=at(3, 17)).red == 1
    task.refresh_from_db()
    assert task.alert == AlertLevel.RED
    from xiangzhen.clock.services import clock_sweep
    from xiangzhen.services.models import Notification

    clock_sweep(now=at(3, 17))  # the one clock tells the owner of the red task at once

    notice = Notification.objects.get(recipient=owner.user, message__startswith="红牌")
    assert notice.link == f"/supervision/tasks/{task.pk}/"
    assert notice.message == f"红牌:督办事项已超期 · {task.title}(期限 2026-03-16)"
    task_submit_for_verification(actor=owner.user, task=task, note="已全部修复", now=at(3, 18))
    assert task.status == TaskStatus.AWAITING_VERIFICATION and task.completed_on_time is False
    with pytest.raises(PermissionDenied, match="不能核验自己"):
        task_verify(actor=owner.user, task=task, approved=True)
    with pytest.raises(ValidationFailed, match="退回须写明原因"):
        task_verify(actor=leader, task=task, approved=False)
    task_verify(actor=leader, task=task, approved=False, note="东段未修复", now=at(3, 19))
    assert task.status == TaskStatus.IN_PROGRESS and task.completed_on is None
    task_submit_for_verification(actor=owner.user, task=task, note="东段已修复", now=at(3, 20))
    task_verify(actor=leader, task=task, approved=True, now=at(3, 23))
    assert task.status == TaskStatus.DONE
    assert [entry.kind for entry in task.progress.all()] == [
        "progress",
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]
    with pytest.raises(Conflict):
        task_progress_add(actor=owner.user, task=task, note="again")


def test_a_major_matter_needs_every_attendees_opinion(township, joint_meeting):
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="缺:刘晓燕、杨光荣"):
        decision_record(
            actor=leader,
            meeting=joint_meeting,
            text="镇江村集体土地流转",
            is_major=True,
            opinions={township.town_leader.pk: "同意"},
        )
    decision = decision_record(
        actor=leader,
        meeting=joint_meeting,
        text="镇江村集体土地流转",
        is_major=True,
        opinions={
            township.town_leader.pk: "同意",
            township.window_staff.pk: "同意",
            township.district_committee.pk: "同意,需公示七天",
        },
    )
    assert [opinion["name"] for opinion in decision.opinions] == ["张明华", "刘晓燕", "杨光荣"]


def test_the_agenda_lists_owing_reports_open_and_overdue_tasks_and_unsolved_problems(township, joint_meeting):
    leader = township.town_leader.user
    meeting_report_submit(
        actor=township.district_committee.user,
        meeting=joint_meeting,
        unit=township.zhenjiang_district,
        recent_work="柑橘基地 2000 亩",
        urgent_problems="灌溉渠损毁",
    )
    upcoming = meeting_create(
        actor=leader,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="第 7 次",
        held_on=date(2026, 3, 16),
    )
    meeting_report_submit(
        actor=leader, meeting=upcoming, unit=township.gepu_district, recent_work="中药材 500 亩"
    )
    overdue = task_create(
        actor=leader,
        title="修渠",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=2,
        now=at(3, 2),
    )
    agenda = meeting_agenda(unit=township.shengji, today=date(2026, 3, 10))
    assert agenda.meeting == upcoming and agenda.next_joint_meeting_on == date(2026, 3, 16)
    assert [unit.name for unit in agenda.owing_reports] == ["镇江片区"]
    assert agenda.overdue_tasks == [overdue] and agenda.open_tasks == [overdue]
    assert [report.urgent_problems for report in agenda.unresolved_problems] == ["灌溉渠损毁"]


def test_reports_come_only_from_units_under_the_meeting(township, joint_meeting):
    with pytest.raises(ValidationFailed, match="不是生机镇的下属单位"):
        meeting_report_submit(
            actor=township.town_leader.user, meeting=joint_meeting, unit=township.shengji, recent_work="x"
        )
    with pytest.raises(NotFound):
        meeting_report_submit(
            actor=township.village_cadre.user,
            meeting=joint_meeting,
            unit=township.zhenjiang_district,
            recent_work="x",
        )


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("county_supervisor", True),
        ("town_leader", True),
        ("district_committee", True),
        ("township_cadre", True),
        ("village_cadre", False),
        ("window_staff", True),
    ],
)
def test_each_role_sees_only_tasks_of_its_units_or_its_own(township, persona, sees):
    task = task_create(
        actor=township.town_leader.user,
        title="镇江村人居环境整治",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    assert (task in task_list(viewer=getattr(township, persona).user)) == sees


def test_an_outsider_cannot_create_or_touch_a_task(township):
    task = task_create(
        actor=township.town_leader.user,
        title="x",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    with pytest.raises(NotFound):
        task_create(
            actor=township.village_cadre.user,
            title="y",
            owner_unit=township.zhenjiang,
            owner=township.township_cadre,
            limit_workdays=5,
        )
    with pytest.raises(NotFound):
        task_progress_add(actor=township.village_cadre.user, task=task, note="x")
