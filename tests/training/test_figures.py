"""Sessions held, skills taught, attendances (人次) and people reached, by unit and period, and as indicators."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.training.factories import enroll, make_course, make_school, make_session
from xiangzhen.assessment.registry import registered
from xiangzhen.training.selectors import training_by_month, training_figures
from xiangzhen.training.services import attendance_record, training_session_cancel


@pytest.fixture
def held(township):
    """镇江片区: two sessions (two courses, three skills), 王一 at both; 葛铺片区: one session."""
    leader = township.town_leader.user
    today = timezone.localdate()
    citrus = make_course(township, "柑橘栽培管理", ("柑橘修剪", "病虫害防治"))
    policy = make_course(township, "惠农补贴政策", ("病虫害防治", "补贴申领"))
    zhenjiang = make_school(township, township.zhenjiang_district)
    gepu = make_school(township, township.gepu_district)
    sessions = [
        (
            make_session(township, zhenjiang, citrus, held_on=today - timedelta(days=10)),
            ["王一", "王二", "王三"],
            3,
        ),
        (make_session(township, zhenjiang, policy, held_on=today - timedelta(days=5)), ["王一", "王四"], 2),
        (make_session(township, gepu, citrus, held_on=today - timedelta(days=5)), ["吴一", "吴二"], 1),
    ]
    for session, names, came in sessions:
        village = township.gepu if session.school == gepu else township.zhenjiang
        seated = [enroll(township, session, name, village).pk for name in names]
        attendance_record(actor=leader, session=session, attended=seated[:came])
    # Neither a cancelled nor a scheduled session counts.
    training_session_cancel(actor=leader, session=make_session(township, gepu, policy), reason="暴雨")
    make_session(township, gepu, citrus)
    return today


def test_figures_per_school_unit_and_in_all(township, held):
    rows, total = training_figures(
        viewer=township.town_leader.user, since=held - timedelta(days=30), until=held
    )
    assert [(row.name, row.sessions, row.skills, row.attendances, row.people) for row in rows] == [
        ("葛铺片区", 1, 2, 1, 1),
        ("镇江片区", 2, 3, 5, 4),
    ]
    assert (total.sessions, total.skills, total.attendances, total.people) == (3, 3, 6, 5)


def test_the_period_and_the_unit_narrow_the_figures(township, held):
    rows, total = training_figures(
        viewer=township.town_leader.user,
        since=held - timedelta(days=7),
        until=held,
        unit=township.zhenjiang_district,
    )
    assert [(row.name, row.sessions, row.attendances) for row in rows] == [("镇江片区", 1, 2)]
    assert total.skills == 2


def test_a_district_committee_sees_only_its_own_school(township, held):
    rows, total = training_figures(
        viewer=township.district_committee.user, since=held - timedelta(days=30), until=held
    )
    assert [row.name for row in rows] == ["镇江片区"]
    assert total.attendances == 5


def test_figures_by_month(township, held):
    months = training_by_month(viewer=township.town_leader.user, since=held - timedelta(days=30), until=held)
    assert sum(month.sessions for month in months) == 3
    assert sum(month.attendances for month in months) == 6
    assert all(month.month.day == 1 for month in months)


def test_sessions_and_attendances_are_context_never_scored(township, held):
    indicators = registered()
    assert "training.target_group_finished" in indicators
    assert not {"training.attendances", "training.sessions_held"} & set(indicators)
