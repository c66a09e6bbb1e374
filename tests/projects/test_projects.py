from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.projects.helpers import at, make_project
from xiangzhen.clock.services import clock_sweep
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.projects.models import MilestoneStatus, ProblemStatus
from xiangzhen.projects.selectors import project_list, project_scope
from xiangzhen.projects.services import (
    milestone_add,
    milestone_complete,
    milestone_sweep_alerts,
    project_problem_assign,
    project_problem_raise,
    project_update_progress,
)
from xiangzhen.services.models import Notification
from xiangzhen.supervision.models import TaskStatus
from xiangzhen.workdays.alerts import AlertLevel


def add_milestone(township, project, due_on=date(2026, 3, 16), now=None):
    return milestone_add(
        actor=township.town_leader.user,
        project=project,
        title="完成征地和迁坟",
        due_on=due_on,
        owner=township.township_cadre,
        now=now or at(2026, 3, 2),
    )


def test_a_milestone_turns_yellow_before_its_date_and_red_after_and_its_owner_is_told_when_red(township):
    milestone = add_milestone(township, make_project(township))
    # 10 working days from 3-2 to 3-16: yellow for the last 2 of them.
    assert milestone.due_date == date(2026, 3, 16) and milestone.yellow_from == date(2026, 3, 12)
    assert milestone_sweep_alerts(now=at(2026, 3, 11)).yellow == 0
    assert milestone_sweep_alerts(now=at(2026, 3, 12)).yellow == 1
    milestone.refresh_from_db()
    assert milestone.alert == AlertLevel.YELLOW
    assert milestone_sweep_alerts(now=at(2026, 3, 17)).red == 1
    milestone.refresh_from_db()
    assert milestone.alert == AlertLevel.RED
    # The one clock: yellow waits for the morning digest, red is told at once.
    clock_sweep(now=at(2026, 3, 12))
    assert not Notification.objects.filter(recipient=township.township_cadre.user).exists()
    clock_sweep(now=at(2026, 3, 17))
    notices = Notification.objects.filter(recipient=township.township_cadre.user).order_by("id")
    assert [notice.message[:2] for notice in notices] == ["红牌"]
    assert notices[0].link == f"/projects/milestones/{milestone.pk}/"


def test_a_done_milestone_is_no_longer_swept_and_records_whether_it_was_on_time(township):
    project = make_project(township)
    on_time = add_milestone(township, project)
    late = add_milestone(township, project, due_on=date(2026, 3, 4))
    leader = township.town_leader.user
    milestone_complete(
        actor=leader,
        milestone=on_time,
        completed_on=date(2026, 3, 13),
        note="118 亩征地完成",
        evidence=[SimpleUploadedFile("征地协议.pdf", b"%PDF-1.4\n%%EOF\n")],
        now=at(2026, 3, 13),
    )
    milestone_complete(
        actor=leader, milestone=late, completed_on=date(2026, 3, 6), note="迟了两天", now=at(2026, 3, 13)
    )
    assert on_time.status == MilestoneStatus.DONE and on_time.completed_on_time is True
    assert late.completed_on_time is False
    assert on_time.evidence.get().attachment.original_name == "征地协议.pdf"
    assert milestone_sweep_alerts(now=at(2026, 4, 1)).red == 0
    with pytest.raises(Conflict):
        milestone_complete(
            actor=leader, milestone=late, completed_on=date(2026, 3, 6), note="再次", now=at(2026, 3, 13)
        )


def test_completing_needs_what_was_done_and_a_date_not_in_the_future(township):
    milestone = add_milestone(township, make_project(township))
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="完成情况"):
        milestone_complete(
            actor=leader, milestone=milestone, completed_on=date(2026, 3, 5), note=" ", now=at(2026, 3, 5)
        )
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        milestone_complete(
            actor=leader, milestone=milestone, completed_on=date(2026, 3, 6), note="完成", now=at(2026, 3, 5)
        )
    with pytest.raises(PermissionDenied):
        milestone_complete(
            actor=township.township_cadre.user,
            milestone=milestone,
            completed_on=date(2026, 3, 5),
            note="完成",
        )


def test_a_milestone_date_in_the_past_is_refused(township):
    with pytest.raises(ValidationFailed, match="不能早于今天"):
        add_milestone(township, make_project(township), due_on=date(2026, 3, 1), now=at(2026, 3, 2))


def test_a_problem_becomes_a_supervised_task_once(township):
    project = make_project(township)
    problem = project_problem_raise(
        actor=township.township_cadre.user, project=project, description="3 户坟墓未迁移", now=at(2026, 3, 2)
    )
    with pytest.raises(PermissionDenied):
        project_problem_assign(
            actor=township.township_cadre.user,
            problem=problem,
            owner=township.township_cadre,
            owner_unit=township.zhenjiang,
            limit_workdays=5,
        )
    task = project_problem_assign(
        actor=township.town_leader.user,
        problem=problem,
        owner=township.township_cadre,
        owner_unit=township.zhenjiang,
        limit_workdays=5,
        now=at(2026, 3, 2),
    )
    assert problem.status == ProblemStatus.ASSIGNED and problem.task == task
    assert task.status == TaskStatus.TODO and task.source == "项目问题" and task.due_date == date(2026, 3, 9)
    assert task.supervisor == township.town_leader.user
    with pytest.raises(Conflict):
        project_problem_assign(
            actor=township.town_leader.user,
            problem=problem,
            owner=township.township_cadre,
            owner_unit=township.zhenjiang,
            limit_workdays=5,
        )


def test_progress_is_refused_on_a_stale_version(township):
    project = make_project(township)
    leader = township.town_leader.user
    project_update_progress(
        actor=leader, project=project, done_investment=Decimal("3000"), status="underway", version=1
    )
    assert project.done_investment == Decimal("3000") and project.investment_share == 34
    with pytest.raises(Conflict):
        project_update_progress(
            actor=leader, project=project, done_investment=Decimal("4000"), status="underway", version=1
        )
    with pytest.raises(ValidationFailed, match="完成投资"):
        project_update_progress(
            actor=leader, project=project, done_investment=Decimal("-1"), status="underway", version=2
        )


def test_projects_are_seen_where_they_are_owned_or_touch_a_village(township):
    in_gepu = make_project(township, unit=township.gepu, name="葛铺村茶叶加工厂")
    touching = make_project(township, unit=township.shengji, name="通组公路", units=[township.zhenjiang])
    village_cadre = township.village_cadre.user  # 葛铺村
    assert list(project_scope(village_cadre)) == [in_gepu]
    assert set(project_scope(township.township_cadre.user)) == {touching}
    assert project_list(viewer=township.town_leader.user).count() == 2
    with pytest.raises(NotFound):
        project_problem_raise(actor=village_cadre, project=touching, description="占地补偿未到位")


def test_only_leaders_create_projects(township):
    with pytest.raises(PermissionDenied):
        make_project(township, actor_is_cadre=True)
