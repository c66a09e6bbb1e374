"""Contracts: the payment schedule, red/yellow for expiring terms and unpaid rent, receiving rent, closing."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.collective.factories import make_contract, terms
from xiangzhen.clock.services import clock_sweep
from xiangzhen.collective.models import ContractStatus, PaymentStatus
from xiangzhen.collective.services import (
    collective_sweep_alerts,
    contract_close,
    contract_create,
    payment_receive,
    payment_schedule,
)
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.services.models import Notification
from xiangzhen.workdays.alerts import AlertLevel

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def test_a_yearly_schedule_is_paid_in_advance_and_adds_up_to_the_contract_amount():
    schedule = payment_schedule(
        terms(starts_on=date(2025, 3, 1), ends_on=date(2028, 2, 29), amount="10000.00", cycle="yearly")
    )
    assert [due for due, _ in schedule] == [date(2025, 3, 1), date(2026, 3, 1), date(2027, 3, 1)]
    assert [amount for _, amount in schedule] == [Decimal("3333.33"), Decimal("3333.33"), Decimal("3333.34")]


def test_a_half_yearly_schedule_keeps_the_day_of_the_month_where_it_can():
    schedule = payment_schedule(
        terms(starts_on=date(2025, 8, 31), ends_on=date(2026, 8, 30), amount="500", cycle="half_yearly")
    )
    assert [due for due, _ in schedule] == [date(2025, 8, 31), date(2026, 2, 28)]


def test_a_contract_is_created_with_its_instalments(township):
    contract = make_contract(township.village_cadre, township.gepu, amount="9000.00")
    payments = list(contract.payments.order_by("due_date"))
    assert len(payments) == 3
    assert sum(payment.amount for payment in payments) == Decimal("9000.00")
    assert all(payment.responsible == township.village_cadre for payment in payments)
    assert contract.due_date == contract.ends_on


def test_the_same_contract_number_twice_in_a_village_is_refused(township):
    make_contract(township.village_cadre, township.gepu, number="HT-7")
    with pytest.raises(ValidationFailed, match="已有编号"):
        make_contract(township.village_cadre, township.gepu, number="HT-7")


def test_an_end_before_the_start_is_refused(township):
    with pytest.raises(ValidationFailed, match="截止日期应晚于起始日期"):
        make_contract(
            township.village_cadre, township.gepu, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)
        )


def test_window_staff_may_not_record_contracts(township):
    with pytest.raises(PermissionDenied, match="只有乡镇领导和村干部"):
        contract_create(actor=township.window_staff.user, village=township.gepu, terms=terms())


def test_a_village_cadre_may_not_record_another_villages_contract(township):
    with pytest.raises(NotFound):
        contract_create(actor=township.village_cadre.user, village=township.zhenjiang, terms=terms())


def test_a_contract_turns_yellow_three_months_before_it_ends_and_red_once_it_has_ended(township):
    today = timezone.localdate()
    contract = make_contract(
        township.town_leader,
        township.zhenjiang,
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=100),
    )
    collective_sweep_alerts(now=at(today))
    contract.refresh_from_db()
    assert contract.alert == AlertLevel.NONE

    collective_sweep_alerts(now=at(today + timedelta(days=15)))
    contract.refresh_from_db()
    assert contract.alert == AlertLevel.YELLOW

    collective_sweep_alerts(now=at(today + timedelta(days=101)))
    contract.refresh_from_db()
    assert contract.alert == AlertLevel.RED
    # The one clock tells the responsible cadre of the red contract at once (yellow waits for the digest).
    clock_sweep(now=at(today + timedelta(days=101)))
    notices = Notification.objects.filter(
        recipient=township.town_leader.user, link=f"/collective/contracts/{contract.pk}/"
    )
    assert [notice.message[:2] for notice in notices.order_by("id")] == ["红牌"]


def test_rent_not_received_by_its_due_date_turns_red_and_its_cadre_is_told(township):
    today = timezone.localdate()
    contract = make_contract(
        township.village_cadre,
        township.gepu,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=700),
    )
    first = contract.payments.order_by("due_date").first()
    collective_sweep_alerts(now=at(today))
    first.refresh_from_db()
    assert first.alert == AlertLevel.RED
    clock_sweep(now=at(today))
    assert Notification.objects.filter(
        recipient=township.village_cadre.user,
        link=f"/collective/payments/{first.pk}/",
        message__startswith="红牌",
    ).exists()
    second = contract.payments.order_by("due_date")[1]
    assert second.alert == AlertLevel.NONE


def test_rent_received_in_two_parts_settles_the_instalment_and_leaves_the_sweep_alone(township):
    today = timezone.localdate()
    contract = make_contract(
        township.village_cadre,
        township.gepu,
        starts_on=today,
        ends_on=today + timedelta(days=700),
        amount="2000.00",
    )
    payment = contract.payments.order_by("due_date").first()
    payment_receive(
        actor=township.village_cadre.user,
        payment=payment,
        amount=Decimal("400"),
        received_on=today,
        version=1,
    )
    assert payment.status == PaymentStatus.DUE and payment.received == Decimal("400.00")
    payment_receive(
        actor=township.village_cadre.user,
        payment=payment,
        amount=Decimal("600"),
        received_on=today,
        version=payment.version,
    )
    assert payment.status == PaymentStatus.PAID and payment.paid_on == today
    collective_sweep_alerts(now=at(today + timedelta(days=30)))
    payment.refresh_from_db()
    assert payment.alert == AlertLevel.NONE


def test_receiving_more_than_is_owed_or_on_a_stale_page_is_refused(township):
    today = timezone.localdate()
    contract = make_contract(township.village_cadre, township.gepu, starts_on=today, amount="300.00")
    payment = contract.payments.order_by("due_date").first()
    with pytest.raises(ValidationFailed, match="超过未收金额"):
        payment_receive(
            actor=township.village_cadre.user,
            payment=payment,
            amount=Decimal("101"),
            received_on=today,
            version=1,
        )
    payment_receive(
        actor=township.village_cadre.user, payment=payment, amount=Decimal("10"), received_on=today, version=1
    )
    stale = contract.payments.order_by("due_date").first()
    stale.version = 1
    with pytest.raises(Conflict):
        payment_receive(
            actor=township.village_cadre.user,
            payment=stale,
            amount=Decimal("10"),
            received_on=today,
            version=1,
        )


def test_closing_a_contract_cancels_instalments_not_yet_due_and_keeps_the_arrears(township):
    today = timezone.localdate()
    contract = make_contract(
        township.village_cadre,
        township.gepu,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=1000),
    )
    contract_close(
        actor=township.village_cadre.user, contract=contract, note="协商解除", version=contract.version
    )
    assert contract.status == ContractStatus.CLOSED
    statuses = list(contract.payments.order_by("due_date").values_list("status", flat=True))
    assert statuses == [PaymentStatus.DUE, PaymentStatus.CANCELLED, PaymentStatus.CANCELLED]
    with pytest.raises(Conflict):
        contract_close(
            actor=township.village_cadre.user, contract=contract, note="再次", version=contract.version
        )
