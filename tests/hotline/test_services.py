"""Every step of a work order, its side paths, and the 409 on a stale form."""

from datetime import date, timedelta

import pytest

from tests.duties.factories import make_duty_item
from tests.hotline.factories import at, choose_profile, push
from xiangzhen.audit.models import AuditEvent
from xiangzhen.clock.models import Obligation
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.hotline.models import ExtensionStatus, OrderStatus, Rating, StepKind, WorkOrder
from xiangzhen.hotline.services import (
    Intake,
    order_archive,
    order_assess,
    order_contact,
    order_extension_request,
    order_extension_review,
    order_handle,
    order_receive,
    order_redo,
    order_reply,
    order_return_request,
    order_return_review,
    order_sign,
    order_transfer,
    order_visit,
)

d = date


def _through_reply(township, order, day):
    leader = township.town_leader.user
    order_sign(actor=leader, order=order, version=order.version, now=at(day, 11))
    order_contact(actor=leader, order=order, note="已电话联系", version=order.version, now=at(day, 12))
    order_handle(actor=leader, order=order, note="已报修", now=at(day, 15))
    order_reply(actor=leader, order=order, reply="路灯已修复", now=at(day + timedelta(days=1), 10))
    return order


def test_the_whole_lifecycle_is_stepped_audited_and_leaves_the_clock(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    assert order.status == OrderStatus.DISPATCHED
    assert Obligation.objects.filter(kind="hotline.unsigned", source_id=order.pk).exists()
    _through_reply(township, order, d(2026, 3, 2))
    assert order.handler == township.town_leader
    assert order.responded_on_time is True
    assert not Obligation.objects.filter(source_id=order.pk, kind__startswith="hotline.").exists()
    dispatcher = township.county_supervisor.user
    order_visit(actor=dispatcher, order=order, rating=Rating.SATISFIED, resolved=True, now=at(d(2026, 3, 4)))
    order_assess(actor=dispatcher, order=order, now=at(d(2026, 3, 5)))
    order_archive(actor=dispatcher, order=order, now=at(d(2026, 3, 6)))
    assert order.status == OrderStatus.ARCHIVED
    kinds = list(order.steps.values_list("kind", flat=True))
    assert kinds == ["dispatch", "sign", "contact", "handle", "reply", "visit", "assess", "archive"]
    assert AuditEvent.objects.filter(object_type="hotline.workorder", object_id=str(order.pk)).count() == 8


def test_a_signed_order_is_in_the_handlers_todo_until_replied(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    order_sign(actor=township.town_leader.user, order=order, now=at(d(2026, 3, 2), 10))
    row = Obligation.objects.get(kind="hotline.order", source_id=order.pk)
    assert row.owner_id == township.town_leader.user_id
    assert row.due_date == d(2026, 3, 3)  # Beijing-like: 24 hours from 派单


def test_a_resent_order_is_not_duplicated(township):
    first = push(township, dispatched=at(d(2026, 3, 2), 9), number="BJ0001")
    again, created = order_receive(
        actor=township.county_supervisor.user,
        town=township.shengji,
        intake=Intake(platform_number="BJ0001", content="另一次推送", dispatched_at=at(d(2026, 3, 2), 9)),
        now=at(d(2026, 3, 2), 10),
    )
    assert not created and again.pk == first.pk
    assert WorkOrder.objects.count() == 1


def test_a_stale_form_is_a_conflict_and_changes_nothing(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    stale = order.version
    order_sign(actor=township.town_leader.user, order=order, version=stale, now=at(d(2026, 3, 2), 10))
    with pytest.raises(Conflict):
        order_contact(
            actor=township.town_leader.user, order=order, note="x", version=stale, now=at(d(2026, 3, 2), 11)
        )
    assert WorkOrder.objects.get(pk=order.pk).status == OrderStatus.SIGNED


def test_contact_after_the_limit_is_a_late_response(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    order_sign(actor=township.town_leader.user, order=order, now=at(d(2026, 3, 2), 10))
    order_contact(actor=township.town_leader.user, order=order, note="联系", now=at(d(2026, 3, 3), 10))
    assert order.responded_on_time is False


def test_only_the_town_handles_and_only_the_dispatcher_rates(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    with pytest.raises(PermissionDenied):
        order_sign(actor=township.window_staff.user, order=order, now=at(d(2026, 3, 2), 10))
    with pytest.raises(PermissionDenied):
        order_sign(actor=township.county_supervisor.user, order=order, now=at(d(2026, 3, 2), 10))
    _through_reply(township, order, d(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        order_visit(actor=township.town_leader.user, order=order, rating="satisfied", resolved=True)


def test_a_village_cadre_of_another_village_does_not_see_the_order(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    order_transfer(
        actor=township.town_leader.user, order=order, to_unit=township.zhenjiang, now=at(d(2026, 3, 2), 10)
    )
    with pytest.raises(NotFound):
        order_sign(actor=township.village_cadre.user, order=order, now=at(d(2026, 3, 2), 11))  # 葛铺村
    order_sign(actor=township.township_cadre.user, order=order, now=at(d(2026, 3, 2), 11))  # 镇江村's contact
    assert order.town == township.shengji and order.handler == township.township_cadre


def test_transfer_stays_inside_the_town(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    with pytest.raises(ValidationFailed):
        order_transfer(
            actor=township.town_leader.user, order=order, to_unit=township.qingshi, now=at(d(2026, 3, 2), 10)
        )
    order_transfer(
        actor=township.town_leader.user,
        order=order,
        to_unit=township.gepu,
        to_cadre=township.village_cadre,
        note="葛铺村负责",
        now=at(d(2026, 3, 2), 10),
    )
    assert order.handler_unit == township.gepu
    assert order.steps.filter(kind=StepKind.TRANSFER).exists()


def test_a_return_needs_a_basis_and_upheld_leaves_the_town(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed):
        order_return_request(actor=leader, order=order, reason="not_our_duty", note="不是我们的事")
    item = make_duty_item(township.shengji, code="H-001", category="withdrawn", title="城市道路照明维护")
    order_return_request(
        actor=leader,
        order=order,
        reason="not_our_duty",
        note="路灯归县城管局",
        duty_item=item,
        now=at(d(2026, 3, 2), 10),
    )
    assert order.status == OrderStatus.RETURN_REQUESTED
    assert Obligation.objects.filter(kind="hotline.review", source_id=order.pk).exists()
    order_return_review(
        actor=township.county_supervisor.user, order=order, uphold=True, note="属实", now=at(d(2026, 3, 3))
    )
    assert order.status == OrderStatus.RETURNED and order.return_upheld is True
    assert not Obligation.objects.filter(source_id=order.pk, kind__startswith="hotline.").exists()


def test_a_refused_return_goes_back_where_it_stood(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    leader = township.town_leader.user
    order_sign(actor=leader, order=order, now=at(d(2026, 3, 2), 10))
    order_return_request(
        actor=leader,
        order=order,
        reason="law_other_channel",
        note="应诉讼",
        law="民事诉讼法",
        now=at(d(2026, 3, 2), 11),
    )
    with pytest.raises(ValidationFailed):
        order_return_review(actor=township.county_supervisor.user, order=order, uphold=False, note="")
    order_return_review(
        actor=township.county_supervisor.user,
        order=order,
        uphold=False,
        note="属乡镇职责",
        now=at(d(2026, 3, 3)),
    )
    assert order.status == OrderStatus.SIGNED and order.return_upheld is False


def test_an_extension_moves_the_deadline_only_when_approved(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    leader = township.town_leader.user
    order_sign(actor=leader, order=order, now=at(d(2026, 3, 2), 10))
    order_contact(actor=leader, order=order, note="联系", now=at(d(2026, 3, 2), 11))
    old_due = order.resolve_due_at
    order_extension_request(
        actor=leader, order=order, until=at(d(2026, 3, 20)), note="需采购", now=at(d(2026, 3, 3))
    )
    with pytest.raises(Conflict):
        order_extension_request(
            actor=leader, order=order, until=at(d(2026, 3, 25)), note="再延", now=at(d(2026, 3, 3))
        )
    order_extension_review(
        actor=township.county_supervisor.user, order=order, approve=False, now=at(d(2026, 3, 4))
    )
    assert order.resolve_due_at == old_due and order.extension_status == ExtensionStatus.REFUSED
    order_extension_request(
        actor=leader, order=order, until=at(d(2026, 3, 20)), note="需采购", now=at(d(2026, 3, 4))
    )
    order_extension_review(
        actor=township.county_supervisor.user, order=order, approve=True, now=at(d(2026, 3, 5))
    )
    assert order.resolve_due_at == at(d(2026, 3, 20)) and order.due_date == d(2026, 3, 20)


def test_redo_after_unsatisfied_has_its_own_shorter_limit(township):
    choose_profile(township, "street")
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    _through_reply(township, order, d(2026, 3, 2))
    dispatcher = township.county_supervisor.user
    with pytest.raises(ValidationFailed):
        order_visit(actor=dispatcher, order=order, rating="great", resolved=True)
    order_visit(
        actor=dispatcher, order=order, rating=Rating.UNSATISFIED, resolved=False, now=at(d(2026, 3, 4))
    )
    order_redo(actor=dispatcher, order=order, note="来电人称仍不亮", now=at(d(2026, 3, 4), 11))
    assert order.status == OrderStatus.HANDLING and order.redo_count == 1 and order.rating == ""
    # 街道: 3 working days from Wednesday 4 March → Monday 9 March.
    assert order.due_date == d(2026, 3, 9)
    order_reply(actor=township.town_leader.user, order=order, reply="已更换灯具", now=at(d(2026, 3, 6)))
    order_visit(actor=dispatcher, order=order, rating=Rating.BASIC, resolved=True, now=at(d(2026, 3, 7)))
    assert order.rating == Rating.BASIC


def test_redo_only_after_unsatisfied(township):
    order = push(township, dispatched=at(d(2026, 3, 2), 9))
    _through_reply(township, order, d(2026, 3, 2))
    dispatcher = township.county_supervisor.user
    order_visit(actor=dispatcher, order=order, rating=Rating.SATISFIED, resolved=True, now=at(d(2026, 3, 4)))
    with pytest.raises(Conflict):
        order_redo(actor=dispatcher, order=order, note="重办", now=at(d(2026, 3, 4), 11))


def test_bad_intake_changes_nothing(township):
    with pytest.raises(ValidationFailed):
        push(township, dispatched=at(d(2026, 3, 2), 9), kind="gossip")
    with pytest.raises(ValidationFailed):
        push(township, dispatched=at(d(2026, 3, 2), 9), town=township.zhenjiang)
    assert WorkOrder.objects.count() == 0
