from datetime import date

import pytest

from tests.services.factories import at, intake
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.services.models import (
    Notification,
    RectificationStatus,
    RequestStatus,
    ServiceLevel,
    ServiceRequest,
)
from xiangzhen.services.services import (
    rectification_advance,
    service_request_assign,
    service_request_complete,
    service_request_hand_over,
    service_request_pause,
    service_request_rate,
    service_request_resume,
    service_request_reveal,
    service_request_sweep_alerts,
    service_request_transfer,
)
from xiangzhen.workdays.alerts import AlertLevel
from xiangzhen.workdays.models import CalendarYear
from xiangzhen.workdays.services import calendar_load_from_package, package_entries


@pytest.fixture
def accepted(township, item):
    return intake(township.window_staff.user, item, township.zhenjiang)  # due 2026-03-16


def test_pause_and_resume_extend_the_deadline_by_the_paused_working_days(township, accepted):
    officer = township.window_staff.user
    service_request_pause(actor=officer, request=accepted, reason="等待群众补充银行卡", now=at(2026, 3, 5))
    assert accepted.status == RequestStatus.PAUSED
    service_request_resume(actor=officer, request=accepted, now=at(2026, 3, 10))  # 6, 9, 10: three days
    assert accepted.paused_workdays == 3
    assert accepted.due_date == date(2026, 3, 19)


def test_pause_across_the_spring_festival_counts_only_working_days(township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang, now=at(2026, 2, 10))
    service_request_pause(
        actor=township.window_staff.user, request=request, reason="等待", now=at(2026, 2, 13)
    )
    service_request_resume(actor=township.window_staff.user, request=request, now=at(2026, 2, 24))
    assert request.paused_workdays == 2  # 14 (makeup Saturday) and 24; 15–23 off


def test_illegal_transitions_are_refused(township, accepted):
    officer = township.window_staff.user
    with pytest.raises(Conflict):
        service_request_resume(actor=officer, request=accepted)
    service_request_pause(actor=officer, request=accepted, reason="等待")
    with pytest.raises(Conflict, match="先恢复计时"):
        service_request_complete(actor=officer, request=accepted, result="办结")
    with pytest.raises(Conflict):
        service_request_pause(actor=officer, request=accepted, reason="再次暂停")
    service_request_resume(actor=officer, request=accepted)
    service_request_complete(actor=officer, request=accepted, result="已批准")
    for action in (
        lambda: service_request_complete(actor=officer, request=accepted, result="again"),
        lambda: service_request_pause(actor=officer, request=accepted, reason="x"),
        lambda: service_request_transfer(
            actor=officer, request=accepted, to_unit=township.shengji, reason="x"
        ),
    ):
        with pytest.raises(Conflict):
            action()


def test_a_stale_copy_cannot_overwrite_a_newer_state(township, accepted):
    stale = ServiceRequest.objects.get(pk=accepted.pk)
    service_request_complete(actor=township.window_staff.user, request=accepted, result="已办结")
    stale.status = RequestStatus.ACCEPTED
    with pytest.raises(Conflict, match="已被他人处理"):
        service_request_pause(actor=township.window_staff.user, request=stale, reason="x")


def test_transfer_moves_up_the_ladder_and_the_settled_level_is_recorded(township, accepted):
    officer = township.window_staff.user
    with pytest.raises(ValidationFailed, match="上级或下级"):
        service_request_transfer(actor=officer, request=accepted, to_unit=township.gepu, reason="x")
    with pytest.raises(ValidationFailed, match="上级或下级"):
        service_request_transfer(
            actor=officer, request=accepted, to_unit=township.zhenjiang_group_one, reason="x"
        )
    service_request_transfer(
        actor=officer, request=accepted, to_unit=township.shengji, reason="需镇民政办审核"
    )
    assert accepted.first_officer == officer  # 首问负责 survives a transfer
    service_request_complete(
        actor=township.town_leader.user, request=accepted, result="已批准", now=at(2026, 3, 20)
    )
    assert accepted.settled_level == ServiceLevel.TOWN
    assert accepted.completed_on_time is False
    assert accepted.workdays_used == 14


def test_the_village_keeps_sight_of_a_request_it_passed_up(township, accepted):
    from xiangzhen.services.selectors import service_request_get_for_user

    service_request_transfer(
        actor=township.window_staff.user, request=accepted, to_unit=township.shengji, reason="x"
    )
    assert service_request_get_for_user(township.township_cadre.user, accepted.pk) == accepted


def test_hand_over_of_first_inquiry_responsibility_is_recorded(township, accepted):
    service_request_hand_over(
        actor=township.town_leader.user,
        request=accepted,
        officer=township.district_committee.user,
        note="刘晓燕调岗",
    )
    assert accepted.first_officer == township.district_committee.user
    assert "刘晓燕调岗" in accepted.events.get(kind="handed_over").note


def test_assign_notifies_the_officer_and_refuses_one_without_jurisdiction(township, accepted):
    service_request_assign(
        actor=township.town_leader.user, request=accepted, officer=township.township_cadre.user
    )
    assert Notification.objects.filter(recipient=township.township_cadre.user).exists()
    with pytest.raises(ValidationFailed, match="不负责镇江村"):
        service_request_assign(
            actor=township.town_leader.user, request=accepted, officer=township.village_cadre.user
        )


@pytest.mark.parametrize("persona", ["village_cadre", "county_supervisor"])
def test_nobody_acts_on_a_request_outside_their_jurisdiction(township, item, persona):
    from tests.services.factories import intake as make

    request = make(township.window_staff.user, item, township.zhenjiang)
    outsider = township.village_cadre.user if persona == "village_cadre" else None
    if outsider is None:
        from tests.factories import make_cadre

        outsider = make_cadre("钱江", "county_supervisor", township.changshan, "changshan").user
    for action in (
        lambda: service_request_complete(actor=outsider, request=request, result="x"),
        lambda: service_request_pause(actor=outsider, request=request, reason="x"),
        lambda: service_request_reveal(actor=outsider, request=request, reason="x"),
    ):
        with pytest.raises(NotFound):
            action()
    assert ServiceRequest.objects.get(pk=request.pk).status == RequestStatus.ACCEPTED


def test_the_sweep_turns_yellow_then_red_in_one_update_each(township, item, django_assert_max_num_queries):
    first = intake(township.window_staff.user, item, township.zhenjiang)  # yellow from 3/12, due 3/16
    intake(township.window_staff.user, item, township.qingping, now=at(2026, 3, 9))  # due 3/23
    with django_assert_max_num_queries(12):
        assert service_request_sweep_alerts(now=at(2026, 3, 12)).summary() == "标记超期 0 件, 预警 1 件"
    assert service_request_sweep_alerts(now=at(2026, 3, 12, 11)).yellow == 0  # nothing changes twice
    first.refresh_from_db()
    assert first.alert == AlertLevel.YELLOW
    assert service_request_sweep_alerts(now=at(2026, 3, 17)).summary() == "标记超期 1 件, 预警 0 件"
    first.refresh_from_db()
    assert first.alert == AlertLevel.RED
    from xiangzhen.clock.services import clock_sweep

    clock_sweep(now=at(2026, 3, 17))
    clock_sweep(now=at(2026, 3, 17, 11))  # a second run tells no one again
    notices = Notification.objects.filter(recipient=township.window_staff.user, message__startswith="红牌")
    assert [notice.link for notice in notices] == [f"/services/requests/{first.pk}/"]
    assert first.events.filter(kind="alerted").count() == 2


def test_a_poor_rating_opens_a_rectification_with_its_own_deadline(township, accepted):
    service_request_complete(
        actor=township.window_staff.user, request=accepted, result="已批准", now=at(2026, 3, 10)
    )
    rating = service_request_rate(request=accepted, level=2, comment="跑了两趟", now=at(2026, 3, 11))
    rectification = rating.rectification
    assert rectification.due_date == date(2026, 3, 18)
    with pytest.raises(Conflict, match="只能评价一次"):
        service_request_rate(request=accepted, level=5)
    rectification_advance(actor=township.town_leader.user, rectification=rectification, verification="属实")
    rectification_advance(
        actor=township.town_leader.user,
        rectification=rectification,
        measures="约谈窗口人员",
        reply="已整改,感谢监督",
    )
    assert rectification.status == RectificationStatus.REPLIED


def test_only_a_completed_request_is_rated(township, accepted):
    with pytest.raises(Conflict, match="办结后"):
        service_request_rate(request=accepted, level=5)


def test_revealing_personal_data_is_audited(township, accepted):
    from xiangzhen.audit.models import AuditEvent

    applicant = service_request_reveal(actor=township.town_leader.user, request=accepted, reason="电话回访")
    assert applicant.id_number == accepted.applicant_id_number
    assert AuditEvent.objects.filter(
        action="service_request.reveal_personal_data", actor=township.town_leader.user
    ).exists()


def test_loading_the_official_year_recomputes_provisional_deadlines(township, item):
    from xiangzhen.workdays.models import CalendarSource, DayKind
    from xiangzhen.workdays.services import DayEntry, calendar_year_publish

    request = intake(township.window_staff.user, item, township.zhenjiang, now=at(2026, 12, 24))
    assert request.due_is_provisional and request.due_date == date(2027, 1, 8)
    entries = [
        DayEntry(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
        DayEntry(date(2027, 1, 4), DayKind.HOLIDAY, "元旦"),
    ]
    assert (
        calendar_year_publish(actor=None, year=2027, entries=entries, source=CalendarSource.ADMINISTRATOR)
        == 1
    )
    request.refresh_from_db()
    assert not request.due_is_provisional
    assert request.due_date == date(2027, 1, 11)
    assert CalendarYear.objects.filter(year=2027).exists()
    assert calendar_load_from_package(actor=None) == [] and package_entries(2026)
