"""Attendance on the roster makes a session held; 轮训 runs small sessions until the target group is covered."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.training.factories import enroll, make_course, make_school, make_session
from xiangzhen.errors import Conflict, PermissionDenied, ValidationFailed
from xiangzhen.training.models import SessionStatus
from xiangzhen.training.selectors import plan_progress
from xiangzhen.training.services import attendance_record, rotation_plan_create, rotation_plan_extend


@pytest.fixture
def school(township):
    return make_school(township, township.zhenjiang_district, capacity=10)


def past_session(township, school, course=None, days=2):
    return make_session(
        township, school, course or make_course(township), held_on=timezone.localdate() - timedelta(days=days)
    )


def test_ticking_the_roster_holds_the_session_and_counts_who_came(township, school):
    session = past_session(township, school)
    present = [enroll(township, session, f"学员{number}").pk for number in range(3)]
    assert attendance_record(actor=township.town_leader.user, session=session, attended=present[:2]) == 2
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert list(session.enrollments.order_by("id").values_list("attended", flat=True)) == [True, True, False]


def test_attendance_waits_for_the_day_of_the_session(township, school):
    session = make_session(township, school, make_course(township))
    person = enroll(township, session, "王一")
    with pytest.raises(ValidationFailed, match="当天或之后"):
        attendance_record(actor=township.town_leader.user, session=session, attended=[person.pk])


def test_only_the_seated_are_marked_present(township, school):
    yesterday = timezone.localdate() - timedelta(days=1)
    session = make_session(township, school, make_course(township), held_on=yesterday, capacity=1)
    enroll(township, session, "王一")
    waiting = enroll(township, session, "王二")
    with pytest.raises(ValidationFailed, match="已报名"):
        attendance_record(actor=township.town_leader.user, session=session, attended=[waiting.pk])


def test_a_roster_saved_meanwhile_is_not_overwritten(township, school):
    session = past_session(township, school)
    person = enroll(township, session, "王一")
    read_at = session.version
    attendance_record(actor=township.town_leader.user, session=session, attended=[person.pk], version=read_at)
    with pytest.raises(Conflict, match="刷新"):
        attendance_record(actor=township.town_leader.user, session=session, attended=[], version=read_at)


def test_a_village_cadre_does_not_mark_attendance(township):
    school = make_school(township, township.gepu)
    session = past_session(township, school)
    with pytest.raises(PermissionDenied):
        attendance_record(actor=township.village_cadre.user, session=session, attended=[])


def make_plan(township, school, target_count=25, every_days=14, days=60):
    today = timezone.localdate()
    return rotation_plan_create(
        actor=township.district_committee.user,
        title="柑橘技术轮训",
        course=make_course(township),
        school=school,
        target_unit=township.zhenjiang_district,
        target_group="柑橘种植户",
        target_count=target_count,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=days),
        every_days=every_days,
        teacher="县农技站 李老师",
    )


def test_a_plan_schedules_enough_full_sessions_for_the_whole_group(township, school):
    plan = make_plan(township, school, target_count=25)
    sessions = list(plan.sessions.order_by("held_on"))
    assert len(sessions) == 3  # 25 people, 10 a class
    assert [(later.held_on - earlier.held_on).days for earlier, later in itertools.pairwise(sessions)] == [
        14,
        14,
    ]
    progress = plan_progress(plan)
    assert (progress.planned_sessions, progress.held_sessions, progress.covered, progress.remaining) == (
        3,
        0,
        0,
        25,
    )


def test_a_plan_that_cannot_fit_its_cycle_is_refused(township, school):
    with pytest.raises(ValidationFailed, match="缩短间隔或延长周期"):
        make_plan(township, school, target_count=100, every_days=14, days=30)


def test_coverage_counts_each_resident_of_the_target_group_once(township, school):
    plan = make_plan(township, school, target_count=25)
    first, second, _third = plan.sessions.order_by("held_on")
    leader = township.town_leader.user
    came = [enroll(township, first, f"户主{number}", township.zhenjiang).pk for number in range(8)]
    outsider = enroll(township, first, "外片区群众", township.gepu)
    attendance_record(actor=leader, session=first, attended=[*came, outsider.pk])
    progress = plan_progress(plan)
    assert (progress.held_sessions, progress.covered, progress.remaining) == (1, 8, 17)
    assert progress.sessions_needed == 2 and progress.short_of_sessions == 0
    # Those already trained leave the seats to those not yet reached.
    with pytest.raises(ValidationFailed, match="已参加过本轮轮训"):
        enroll(township, second, "户主0", township.zhenjiang)
    assert not progress.is_covered


def test_absentees_make_the_plan_short_of_sessions_until_one_is_added(township, school):
    plan = make_plan(township, school, target_count=25)
    leader = township.town_leader.user
    for session in plan.sessions.order_by("held_on")[:2]:
        seated = [
            enroll(township, session, f"{session.pk}号班{number}", township.zhenjiang).pk
            for number in range(10)
        ]
        attendance_record(actor=leader, session=session, attended=seated[:5])
    progress = plan_progress(plan)
    assert (progress.covered, progress.remaining, progress.sessions_needed, progress.short_of_sessions) == (
        10,
        15,
        2,
        1,
    )
    rotation_plan_extend(
        actor=leader, plan=plan, held_on=timezone.localdate() + timedelta(days=20), teacher="李老师"
    )
    assert plan_progress(plan).short_of_sessions == 0
    with pytest.raises(ValidationFailed, match="轮训周期"):
        rotation_plan_extend(
            actor=leader, plan=plan, held_on=plan.ends_on + timedelta(days=1), teacher="李老师"
        )


def test_the_indicator_scores_the_share_of_the_target_group_who_finished_once_the_cycle_ends(
    township, school
):
    from xiangzhen.assessment.registry import registered

    plan = make_plan(township, school, target_count=25)
    first = plan.sessions.order_by("held_on").first()
    came = [enroll(township, first, f"户主{number}", township.zhenjiang).pk for number in range(8)]
    outsider = enroll(township, first, "外片区群众", township.gepu)
    attendance_record(actor=township.town_leader.user, session=first, attended=[*came, outsider.pk])
    finished = registered()["training.target_group_finished"]
    assert finished.rate and finished.counted_by is not None and finished.counted_as is not None
    cycle_end = plan.ends_on
    assert (
        finished.counted_by(cycle_end - timedelta(days=30), cycle_end, township.shengji) == {}
    )  # still running
    counts = finished.counted_by(cycle_end, cycle_end + timedelta(days=1), township.shengji)
    assert counts == {township.zhenjiang_district.pk: {"target": 25, "finished": 8}}
    share = counts[township.zhenjiang_district.pk]
    assert finished.counted_as.numerator_of(share) == 8 and finished.counted_as.denominator_of(share) == 25
