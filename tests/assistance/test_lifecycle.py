"""Identification 村 → 乡 → 县, measures with steps, 风险消除 under the rule, and falling back."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.assistance.factories import register
from xiangzhen.assistance.models import (
    AssistanceRule,
    HouseholdStatus,
    MonitoringLine,
    PairingKind,
    Review,
)
from xiangzhen.assistance.selectors import monitoring_line_for, province_code_of
from xiangzhen.assistance.services import (
    StepInput,
    exit_problems,
    household_exit_propose,
    household_fall_back,
    household_reassign,
    household_review,
    income_record,
    measure_add,
    measure_step_done,
    months_before,
    visit_record,
)
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=SHANGHAI)


def identified(township, *, village=None, responsible=None, labour=True, since=(2, 10)):
    """A household through the whole identification: 公示 from 2 February, in monitoring from `since`."""
    household = register(
        township.town_leader.user,
        village or township.zhenjiang,
        responsible or township.township_cadre,
        labour=labour,
        publicity_from=date(2026, 2, 2),
        now=at(2, 2),
    )
    household_review(actor=township.town_leader.user, household=household, approved=True, now=at(2, 9))
    household_review(
        actor=township.county_supervisor.user, household=household, approved=True, now=at(*since)
    )
    return household


def test_a_household_is_identified_village_then_town_then_county(township):
    household = register(
        township.township_cadre.user,
        township.zhenjiang,
        township.township_cadre,
        publicity_from=date(2026, 3, 2),
        now=at(3, 2),
    )
    assert household.status == HouseholdStatus.PUBLICITY

    with pytest.raises(Conflict, match="公示期未满"):
        household_review(actor=township.town_leader.user, household=household, approved=True, now=at(3, 6))
    # The county cannot take the town's step, nor the town the county's.
    with pytest.raises(Conflict, match="须由乡镇审核"):
        household_review(
            actor=township.county_supervisor.user, household=household, approved=True, now=at(3, 7)
        )
    household_review(actor=township.town_leader.user, household=household, approved=True, now=at(3, 7))
    assert household.status == HouseholdStatus.TOWN_APPROVED
    with pytest.raises(Conflict, match="须由县级审核"):
        household_review(actor=township.town_leader.user, household=household, approved=True, now=at(3, 8))
    household_review(actor=township.county_supervisor.user, household=household, approved=True, now=at(3, 9))

    assert household.status == HouseholdStatus.MONITORED
    assert household.identified_on == date(2026, 3, 9)
    assert list(Review.objects.filter(household=household).values_list("step", flat=True)) == [
        "town",
        "county",
    ]
    assert [event.kind for event in household.events.order_by("happened_on", "id")] == [
        "registered",
        "reviewed",
        "reviewed",
    ]


def test_publicity_days_are_the_rule_of_the_town(township):
    AssistanceRule.objects.create(unit=township.shengji, publicity_days=7)
    household = register(
        township.town_leader.user,
        township.zhenjiang,
        township.township_cadre,
        publicity_from=date(2026, 3, 2),
        now=at(3, 2),
    )
    with pytest.raises(Conflict, match="2026-03-09 起"):
        household_review(actor=township.town_leader.user, household=household, approved=True, now=at(3, 8))


def test_a_refusal_needs_a_reason_and_leaves_the_household_out(township):
    household = register(
        township.town_leader.user,
        township.gepu,
        township.village_cadre,
        publicity_from=date(2026, 3, 2),
        now=at(3, 2),
    )
    with pytest.raises(ValidationFailed, match="须写明意见"):
        household_review(actor=township.town_leader.user, household=household, approved=False, now=at(3, 9))
    household_review(
        actor=township.town_leader.user,
        household=household,
        approved=False,
        note="收入核实高于标准",
        now=at(3, 9),
    )
    assert household.status == HouseholdStatus.NOT_INCLUDED


def test_only_leaders_review_and_only_frontline_roles_record(township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre)
    with pytest.raises(PermissionDenied):
        household_review(actor=township.village_cadre.user, household=household, approved=True)
    with pytest.raises(PermissionDenied):
        register(township.window_staff.user, township.gepu, township.village_cadre, head="李大山")
    with pytest.raises(PermissionDenied):
        visit_record(
            actor=township.window_staff.user, household=household, visited_on=date(2026, 3, 2), notes="看望"
        )


def test_a_cadre_sees_and_records_only_households_of_their_villages(township):
    household = register(township.town_leader.user, township.gepu, township.village_cadre)
    # The 包村干部 of 镇江村 has no business in 葛铺村: the household does not exist for them.
    with pytest.raises(NotFound):
        visit_record(
            actor=township.township_cadre.user, household=household, visited_on=date(2026, 3, 2), notes="看望"
        )
    with pytest.raises(NotFound):
        register(township.township_cadre.user, township.gepu, township.township_cadre, head="李大山")


def test_a_cadre_pairs_with_at_most_five_households(township):
    for number in range(5):
        register(township.town_leader.user, township.zhenjiang, township.township_cadre, head=f"王{number}号")
    with pytest.raises(ValidationFailed, match="已结对 5 户,每名帮扶干部最多 5 户"):
        register(township.town_leader.user, township.zhenjiang, township.township_cadre, head="王六号")


def test_the_first_responsible_pairs_one_to_one(township):
    register(
        township.town_leader.user,
        township.zhenjiang,
        township.town_leader,
        pairing=PairingKind.FIRST_RESPONSIBLE,
    )
    with pytest.raises(ValidationFailed, match="作为第一责任人结对,最多 1 户"):
        register(township.town_leader.user, township.gepu, township.town_leader, head="李大山")


def test_reassigning_counts_the_new_cadre_load(township):
    household = register(township.town_leader.user, township.zhenjiang, township.township_cadre)
    register(
        township.town_leader.user,
        township.gepu,
        township.district_committee,
        pairing=PairingKind.FIRST_RESPONSIBLE,
    )
    with pytest.raises(ValidationFailed, match="第一责任人"):
        household_reassign(
            actor=township.town_leader.user,
            household=household,
            responsible=township.district_committee,
            pairing=PairingKind.CADRE,
        )
    household_reassign(
        actor=township.town_leader.user,
        household=household,
        responsible=township.village_cadre,
        pairing="cadre",
    )
    assert household.responsible == township.village_cadre


def test_a_measure_is_done_with_its_last_step_and_on_time_only_if_no_step_was_late(township):
    household = identified(township)
    measure = measure_add(
        actor=township.township_cadre.user,
        household=household,
        kind="loan",
        title="协调 8 万元创业贷款办生猪养殖场",
        amount=Decimal("80000"),
        steps=[StepInput("提交贷款申请", date(2026, 3, 10)), StepInput("贷款发放", date(2026, 3, 31))],
        now=at(3, 2),
    )
    assert measure.due_date == date(2026, 3, 31)
    first, last = measure.steps.order_by("due_date")
    measure_step_done(actor=township.township_cadre.user, step=first, done_on=date(2026, 3, 9), now=at(3, 9))
    measure.refresh_from_db()
    assert measure.done_on is None
    with pytest.raises(Conflict, match="已完成"):
        measure_step_done(
            actor=township.township_cadre.user, step=first, done_on=date(2026, 3, 9), now=at(3, 9)
        )
    measure_step_done(actor=township.township_cadre.user, step=last, done_on=date(2026, 4, 2), now=at(4, 2))
    measure.refresh_from_db()
    assert measure.done_on == date(2026, 4, 2)
    assert measure.on_time is False
    assert "措施已完成(未按时)" in household.events.first().note


def test_a_measure_needs_steps_with_dates_ahead(township):
    household = identified(township)
    with pytest.raises(ValidationFailed, match="至少列出一个步骤"):
        measure_add(
            actor=township.township_cadre.user, household=household, kind="training", title="培训", steps=[]
        )
    with pytest.raises(ValidationFailed, match="不能早于今天"):
        measure_add(
            actor=township.township_cadre.user,
            household=household,
            kind="training",
            title="参加养殖技术培训",
            steps=[StepInput("报名", date(2026, 3, 1))],
            now=at(3, 2),
        )


def ready_for_exit(township, *, labour=True):
    household = identified(township, labour=labour)
    MonitoringLine.objects.create(province_code="52", year=2026, amount=Decimal("7000"))
    measure = measure_add(
        actor=township.township_cadre.user,
        household=household,
        kind="employment",
        title="介绍到铁皮石斛基地务工",
        steps=[StepInput("岗前培训", date(2026, 3, 20))],
        now=at(3, 2),
    )
    measure_step_done(
        actor=township.township_cadre.user, step=measure.steps.get(), done_on=date(2026, 3, 18), now=at(3, 18)
    )
    income_record(
        actor=township.township_cadre.user,
        household=household,
        year=2026,
        total=Decimal("36000"),
        people=2,
        now=at(9, 1),
    )
    return household


def propose(township, household, *, stable_since=date(2026, 3, 1), now=None):
    return household_exit_propose(
        actor=township.township_cadre.user,
        household=household,
        verified_on=date(2026, 9, 1),
        income_stable_since=stable_since,
        expenditure_resolved=True,
        basic_needs_secure=True,
        note="务工收入稳定",
        publicity_from=date(2026, 9, 2),
        now=now or at(9, 1),
    )


def test_risk_is_removed_after_verification_publicity_town_and_county_then_it_can_fall_back(township):
    household = ready_for_exit(township)
    propose(township, household)
    assert household.status == HouseholdStatus.EXIT_PUBLICITY
    with pytest.raises(Conflict, match="公示期未满"):
        household_review(actor=township.town_leader.user, household=household, approved=True, now=at(9, 6))
    household_review(actor=township.town_leader.user, household=household, approved=True, now=at(9, 7))
    household_review(actor=township.county_supervisor.user, household=household, approved=True, now=at(9, 8))
    assert household.status == HouseholdStatus.CLEARED
    assert household.cleared_on == date(2026, 9, 8)

    household_fall_back(
        actor=township.township_cadre.user,
        household=household,
        reason="突发重病,医疗支出大",
        reviewed_on=date(2026, 10, 8),
        publicity_from=date(2026, 10, 9),
        now=at(10, 8),
    )
    assert household.status == HouseholdStatus.PUBLICITY
    assert household.identified_on is None


def test_a_county_refusal_of_exit_keeps_the_household_monitored(township):
    household = ready_for_exit(township)
    propose(township, household)
    household_review(actor=township.town_leader.user, household=household, approved=True, now=at(9, 7))
    household_review(
        actor=township.county_supervisor.user,
        household=household,
        approved=False,
        note="收入不稳",
        now=at(9, 8),
    )
    assert household.status == HouseholdStatus.MONITORED


def test_exit_is_refused_for_a_household_without_labour(township):
    household = ready_for_exit(township, labour=False)
    with pytest.raises(ValidationFailed, match="无劳动能力"):
        propose(township, household)


def test_exit_needs_more_than_six_months_of_monitoring_and_half_a_year_of_income(township):
    household = ready_for_exit(township)
    problems = exit_problems(
        household,
        income_stable_since=date(2026, 6, 1),
        expenditure_resolved=True,
        basic_needs_secure=True,
        today=date(2026, 8, 9),
    )
    assert problems == ["纳入监测未超过 6 个月", "收入稳定超过标准未满 6 个月"]


def test_exit_needs_income_above_that_year_line_a_measure_and_secure_basics(township):
    household = identified(township)
    MonitoringLine.objects.create(province_code="52", year=2026, amount=Decimal("7000"))
    income_record(
        actor=township.township_cadre.user,
        household=household,
        year=2026,
        total=Decimal("13000"),
        people=2,
        now=at(9, 1),
    )
    problems = exit_problems(
        household,
        income_stable_since=date(2026, 1, 1),
        expenditure_resolved=False,
        basic_needs_secure=False,
        today=date(2026, 9, 1),
    )
    assert problems == [
        "已完成的帮扶措施不足 1 项",
        "2026 年人均纯收入 6,500 元未超过当年监测标准 7,000 元",
        "刚性支出问题尚未解决",
        "两不愁三保障及饮水安全尚未保障",
    ]


def test_the_monitoring_line_is_the_province_s_or_the_national_reference(township):
    MonitoringLine.objects.create(province_code="", year=2026, amount=Decimal("6000"))
    assert province_code_of(township.zhenjiang) == "52"
    assert monitoring_line_for(township.zhenjiang, 2026).amount == Decimal("6000")
    MonitoringLine.objects.create(province_code="52", year=2026, amount=Decimal("7100"))
    assert monitoring_line_for(township.zhenjiang, 2026).amount == Decimal("7100")
    assert monitoring_line_for(township.qingshi, 2026).amount == Decimal("6000")
    assert monitoring_line_for(township.qingshi, 2025) is None


def test_recording_a_year_again_corrects_it(township):
    household = identified(township)
    income_record(
        actor=township.township_cadre.user, household=household, year=2025, total=Decimal("9000"), people=3
    )
    record = income_record(
        actor=township.township_cadre.user, household=household, year=2025, total=Decimal("12000"), people=3
    )
    assert record.per_capita == Decimal("4000.00")
    assert household.incomes.count() == 1
    assert "更正,原人均 3,000 元" in household.events.first().note


def test_months_before_keeps_the_day_or_the_month_end():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)
    assert months_before(date(2026, 1, 1), 0) == date(2026, 1, 1)


def test_revealing_personal_data_is_audited_with_its_reason(township):
    from xiangzhen.assistance.services import household_reveal

    household = register(township.town_leader.user, township.gepu, township.village_cadre, head="敖银桃")
    assert str(household) == "敖*桃户"
    with pytest.raises(ValidationFailed, match="写明用途"):
        household_reveal(actor=township.village_cadre.user, household=household, reason=" ")
    people = household_reveal(actor=township.village_cadre.user, household=household, reason="入户核实")
    assert people[0][0] == "敖银桃"
    event = AuditEvent.objects.get(action="assistance.reveal")
    assert event.changes["reason"] == [None, "入户核实"]


def test_a_visit_is_on_the_timeline(township):
    household = register(
        township.town_leader.user,
        township.gepu,
        township.village_cadre,
        publicity_from=date(2026, 3, 2),
        now=at(3, 2),
    )
    visit_record(
        actor=township.village_cadre.user,
        household=household,
        visited_on=date(2026, 3, 2) + timedelta(days=1),
        notes="生猪长势良好",
        now=at(3, 4),
    )
    assert household.events.first().note == "吴秀英入户走访:生猪长势良好"
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        visit_record(
            actor=township.village_cadre.user,
            household=household,
            visited_on=date(2026, 3, 5),
            notes="看望",
            now=at(3, 4),
        )
