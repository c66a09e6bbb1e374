"""Each shipped profile's limits, counted from 派单 on the official calendar around the 2026 清明 (4–6 April) and
国庆 (1–7 October, Saturday 10 October worked) holidays."""

from datetime import date

import pytest

from tests.hotline.factories import at, choose_profile, push
from xiangzhen.errors import ValidationFailed
from xiangzhen.hotline.models import Measure, Rule, RuleSet, Stage
from xiangzhen.hotline.rules import Limit, due_after, limit_for
from xiangzhen.hotline.services import order_contact, order_sign

d = date


def end_of(day: date):
    return at(day, 23, 59).replace(second=59)


@pytest.mark.parametrize(
    ("kind", "urgency", "respond", "resolve"),
    [
        ("help", "general", at(d(2026, 4, 3), 10), end_of(d(2026, 4, 9))),
        ("help", "urgent", at(d(2026, 4, 2), 12), end_of(d(2026, 4, 9))),
        ("complaint", "complex", at(d(2026, 4, 3), 10), end_of(d(2026, 4, 17))),
    ],
)
def test_beijing_counts_hours_and_calendar_days_through_the_holiday(
    township, kind, urgency, respond, resolve
):
    choose_profile(township, "beijing")
    order = push(township, dispatched=at(d(2026, 4, 2), 10), kind=kind, urgency=urgency)
    assert order.respond_due_at == respond
    assert order.resolve_due_at == resolve


@pytest.mark.parametrize(
    ("kind", "dispatched", "resolve"),
    [
        # Thursday 2 April: Friday 3, then 清明 (4–6), Tuesday 7 April.
        ("consultation", d(2026, 4, 2), d(2026, 4, 7)),
        ("suggestion", d(2026, 4, 2), d(2026, 4, 17)),
        # Wednesday 30 September: 国庆 1–7, Thursday 8, Friday 9, Saturday 10 (worked), then on to 27 October.
        ("complaint", d(2026, 9, 30), d(2026, 10, 27)),
        ("report", d(2026, 9, 30), d(2026, 10, 27)),
    ],
)
def test_guangdong_counts_working_days_by_type(township, kind, dispatched, resolve):
    choose_profile(township, "guangdong")
    order = push(township, dispatched=at(dispatched, 10), kind=kind)
    assert order.resolve_due_at == end_of(resolve)


def test_the_street_profile_contacts_in_one_working_day_and_handles_in_five(township):
    choose_profile(township, "street")
    order = push(township, dispatched=at(d(2026, 9, 30), 16))
    assert order.respond_due_at == end_of(d(2026, 10, 8))
    assert order.resolve_due_at == end_of(d(2026, 10, 13))  # 8, 9, 10 (worked Saturday), 12, 13
    assert order.due_date == d(2026, 10, 8)


def test_the_clock_runs_from_dispatch_not_from_signing(township):
    choose_profile(township, "street")
    order = push(township, dispatched=at(d(2026, 4, 2), 9), now=at(d(2026, 4, 2), 9))
    order_sign(actor=township.town_leader.user, order=order, now=at(d(2026, 4, 7), 9))
    order_contact(actor=township.town_leader.user, order=order, note="联系", now=at(d(2026, 4, 7), 10))
    assert order.responded_on_time is False
    assert order.resolve_due_at == end_of(d(2026, 4, 10))  # 5 working days from 2 April, not from 7 April
    assert order.due_date == d(2026, 4, 10)


def test_the_most_specific_rule_wins_and_redo_falls_back_to_resolve(db):
    rule_set = RuleSet.objects.create(code="test", name="测试")
    Rule.objects.create(rule_set=rule_set, stage=Stage.RESOLVE, amount=10, measure=Measure.DAYS)
    Rule.objects.create(
        rule_set=rule_set, stage=Stage.RESOLVE, urgency="urgent", amount=3, measure=Measure.DAYS
    )
    Rule.objects.create(
        rule_set=rule_set,
        stage=Stage.RESOLVE,
        kind="complaint",
        urgency="urgent",
        amount=1,
        measure=Measure.DAYS,
    )
    assert limit_for(rule_set, stage=Stage.RESOLVE, kind="help", urgency="general") == Limit(10, "days")
    assert limit_for(rule_set, stage=Stage.RESOLVE, kind="help", urgency="urgent") == Limit(3, "days")
    assert limit_for(rule_set, stage=Stage.RESOLVE, kind="complaint", urgency="urgent") == Limit(1, "days")
    assert limit_for(rule_set, stage=Stage.REDO, kind="help", urgency="general") == Limit(10, "days")
    with pytest.raises(ValidationFailed):
        limit_for(rule_set, stage=Stage.RESPOND, kind="help", urgency="general")


def test_a_year_without_a_calendar_is_an_error_not_a_guess(db):
    with pytest.raises(ValidationFailed):
        due_after(at(d(2040, 1, 2)), Limit(3, Measure.WORKDAYS))
