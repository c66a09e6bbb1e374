"""A class never holds more than its capacity; a seat given back goes to whoever waited longest."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from tests.training.factories import enroll, make_course, make_school, make_session
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.training.models import Enrollment, EnrollmentStatus, TrainingSession
from xiangzhen.training.services import (
    enrollment_add,
    enrollment_cancel,
    training_session_cancel,
    training_session_set_capacity,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def session(township):
    school = make_school(township, township.zhenjiang_district)
    return make_session(township, school, make_course(township), capacity=2)


def statuses(session):
    return list(session.enrollments.order_by("requested_at", "id").values_list("trainee__name", "status"))


def test_a_session_takes_the_schools_default_of_thirty(township):
    school = make_school(township, township.gepu_district)
    assert make_session(township, school, make_course(township)).capacity == 30


def test_the_seats_fill_then_the_waitlist_grows_in_order(township, session):
    leader = township.town_leader.user
    results = [
        enrollment_add(actor=leader, session=session, name=name, village=township.zhenjiang)
        for name in ["王一", "王二", "王三", "王四"]
    ]
    assert [result.waitlist_position for result in results] == [None, None, 1, 2]
    assert "候补第 2 位" in results[3].message
    session.refresh_from_db()
    assert session.enrolled_count == 2
    assert statuses(session) == [
        ("王一", "enrolled"),
        ("王二", "enrolled"),
        ("王三", "waitlisted"),
        ("王四", "waitlisted"),
    ]


def test_a_cancelled_seat_goes_to_the_first_on_the_waitlist(township, session):
    first, _second = enroll(township, session, "王一"), enroll(township, session, "王二")
    enroll(township, session, "王三")
    enroll(township, session, "王四")
    promoted = enrollment_cancel(actor=township.town_leader.user, enrollment=first)
    assert promoted is not None and promoted.trainee.name == "王三"
    session.refresh_from_db()
    assert session.enrolled_count == 2
    assert dict(statuses(session)) == {
        "王一": "cancelled",
        "王二": "enrolled",
        "王三": "enrolled",
        "王四": "waitlisted",
    }


def test_the_waitlist_order_is_the_order_of_asking_not_of_the_row_ids(township, session):
    enroll(township, session, "王一")
    seated = enroll(township, session, "王二")
    late = enrollment_add(
        actor=township.town_leader.user,
        session=session,
        name="晚到",
        village=township.zhenjiang,
        now=datetime(2030, 1, 2, 9, tzinfo=SHANGHAI),
    )
    early = enrollment_add(
        actor=township.town_leader.user,
        session=session,
        name="早到",
        village=township.zhenjiang,
        now=datetime(2030, 1, 1, 9, tzinfo=SHANGHAI),
    )
    assert early.enrollment.pk > late.enrollment.pk
    promoted = enrollment_cancel(actor=township.town_leader.user, enrollment=seated)
    assert promoted is not None and promoted.trainee.name == "早到"


def test_without_anyone_waiting_the_seat_is_simply_free_again(township, session):
    first = enroll(township, session, "王一")
    assert enrollment_cancel(actor=township.town_leader.user, enrollment=first) is None
    session.refresh_from_db()
    assert session.enrolled_count == 0 and session.seats_left == 2


def test_leaving_the_waitlist_frees_no_seat(township, session):
    enroll(township, session, "王一")
    enroll(township, session, "王二")
    waiting = enroll(township, session, "王三")
    assert enrollment_cancel(actor=township.town_leader.user, enrollment=waiting) is None
    session.refresh_from_db()
    assert session.enrolled_count == 2


def test_the_database_refuses_more_seats_than_the_capacity(township, session):
    TrainingSession.objects.filter(pk=session.pk).update(enrolled_count=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSession.objects.filter(pk=session.pk).update(enrolled_count=F("enrolled_count") + 1)


def test_the_same_person_is_not_listed_twice(township, session):
    enroll(township, session, "王一")
    with pytest.raises(Conflict, match="已在本期名单中"):
        enroll(township, session, "王一")


def test_a_cancelled_person_may_enroll_again_at_the_end_of_the_queue(township, session):
    first = enroll(township, session, "王一")
    enroll(township, session, "王二")
    enroll(township, session, "王三")
    enrollment_cancel(actor=township.town_leader.user, enrollment=first)
    again = enrollment_add(
        actor=township.town_leader.user, session=session, name="王一", village=township.zhenjiang
    )
    assert again.waitlist_position == 1


def test_bad_input_changes_nothing(township, session):
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="手机号"):
        enrollment_add(actor=leader, session=session, name="王一", phone="12345", village=township.zhenjiang)
    with pytest.raises(ValidationFailed, match="姓名"):
        enrollment_add(actor=leader, session=session, name="  ", village=township.zhenjiang)
    with pytest.raises(ValidationFailed, match="不能超过"):
        enrollment_add(actor=leader, session=session, name="王" * 51, village=township.zhenjiang)
    assert not Enrollment.objects.exists()


def test_a_resident_of_a_village_outside_the_school_and_the_clerk_is_refused(township, session):
    with pytest.raises(NotFound):
        enrollment_add(
            actor=township.town_leader.user, session=session, name="王一", village=township.qingshi
        )


def test_a_cancelled_session_takes_no_enrollment(township, session):
    training_session_cancel(actor=township.town_leader.user, session=session, reason="暴雨")
    with pytest.raises(Conflict, match="已取消"):
        enroll(township, session, "王一")


@pytest.mark.parametrize("persona", ["window_staff", "village_cadre"])
def test_only_roles_that_organise_training_enroll(township, persona):
    school = make_school(township, township.gepu)
    session = make_session(township, school, make_course(township))
    with pytest.raises(PermissionDenied, match="组织培训"):
        enrollment_add(
            actor=getattr(township, persona).user, session=session, name="王一", village=township.gepu
        )


def test_a_cadre_outside_the_schools_unit_does_not_find_the_session(township):
    school = make_school(township, township.gepu_district)
    session = make_session(township, school, make_course(township))
    with pytest.raises(NotFound):
        enrollment_add(
            actor=township.district_committee.user, session=session, name="王一", village=township.zhenjiang
        )


def test_enrollment_is_audited(township, session):
    from xiangzhen.audit.models import AuditEvent

    enroll(township, session, "王一")
    enroll(township, session, "王二")
    enroll(township, session, "王三")
    event = AuditEvent.objects.filter(action="enrollment.add").order_by("pk").last()
    assert event is not None and event.changes["status"] == [None, EnrollmentStatus.WAITLISTED]


def test_sessions_are_scheduled_within_the_year(township):
    from django.utils import timezone

    school = make_school(township, township.gepu_district)
    with pytest.raises(ValidationFailed, match="一年以内"):
        make_session(
            township, school, make_course(township), held_on=timezone.localdate() + timedelta(days=400)
        )


def test_a_bigger_class_takes_the_waitlist_in_order_and_a_smaller_one_never_drops_anyone(township, session):
    for name in ["王一", "王二", "王三", "王四"]:
        enroll(township, session, name)
    promoted = training_session_set_capacity(actor=township.town_leader.user, session=session, capacity=3)
    assert [entry.trainee.name for entry in promoted] == ["王三"]
    session.refresh_from_db()
    assert (session.capacity, session.enrolled_count) == (3, 3)
    assert dict(statuses(session))["王四"] == "waitlisted"
    with pytest.raises(ValidationFailed, match="不能少于 3"):
        training_session_set_capacity(actor=township.town_leader.user, session=session, capacity=2)
    training_session_set_capacity(actor=township.town_leader.user, session=session, capacity=10)
    session.refresh_from_db()
    assert (session.capacity, session.enrolled_count, session.seats_left) == (10, 4, 6)
    with pytest.raises(PermissionDenied):
        training_session_set_capacity(actor=township.window_staff.user, session=session, capacity=20)
