from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from xiangzhen.disputes.models import DisputeCategory, DisputeStatus, MediationResult, SettledLevel
from xiangzhen.disputes.selectors import dispute_list, dispute_statistics, villages_missing_screening
from xiangzhen.disputes.services import (
    Party,
    dispute_escalate,
    dispute_follow_up,
    dispute_refer_to_litigation,
    dispute_register,
    dispute_sweep_alerts,
    mediation_record,
    screening_report_submit,
)
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.workdays.alerts import AlertLevel

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day):
    return datetime(2026, month, day, 10, tzinfo=SHANGHAI)


def register(township, place=None, category="邻里", **changes):
    fields = {
        "actor": township.township_cadre.user,
        "title": "宅基地边界纠纷",
        "summary": "两户因院墙位置争执",
        "place": place or township.zhenjiang_group_one,
        "category": DisputeCategory.objects.get(name=category),
        "risk_level": "general",
        "source": "screening",
        "responsible": township.township_cadre,
        "parties": [Party("王某某", "13985011111"), Party("李某某")],
        "now": at(3, 2),
    } | changes
    return dispute_register(**fields)


def test_a_dispute_in_a_group_is_handled_by_its_village_with_the_category_limit(township):
    dispute = register(township)
    assert dispute.handling_unit == township.zhenjiang
    assert dispute.limit_workdays == 10 and dispute.due_date == date(2026, 3, 16)


def test_bad_input_is_refused_whole(township):
    with (
        pytest.raises(ValidationFailed, match="至少登记一名当事人;当事人")
        if False
        else pytest.raises(ValidationFailed, match="至少登记一名当事人")
    ):
        register(township, parties=[Party(" ")])
    with pytest.raises(ValidationFailed, match="手机号不正确"):
        register(township, parties=[Party("王某", "123")])
    with pytest.raises(NotFound):
        register(township, actor=township.village_cadre.user)


def test_the_ladder_moves_one_step_at_a_time_and_records_where_it_was_settled(township):
    dispute = register(township)
    with pytest.raises(ValidationFailed, match="上交须写明原因"):
        dispute_escalate(actor=township.township_cadre.user, dispute=dispute, reason=" ")
    dispute_escalate(actor=township.township_cadre.user, dispute=dispute, reason="村调委会调解失败")
    assert dispute.handling_unit == township.zhenjiang_district
    dispute_escalate(actor=township.district_committee.user, dispute=dispute, reason="涉及两片区")
    assert dispute.handling_unit == township.shengji
    with pytest.raises(ValidationFailed, match="须录入调解协议"):
        mediation_record(
            actor=township.town_leader.user,
            dispute=dispute,
            held_on=date(2026, 3, 10),
            mediators="张明华",
            actions="现场勘界",
            result=MediationResult.SUCCESS,
        )
    mediation_record(
        actor=township.town_leader.user,
        dispute=dispute,
        held_on=date(2026, 3, 10),
        mediators="张明华、警务助理",
        actions="现场勘界",
        result=MediationResult.SUCCESS,
        agreement="院墙后退 0.5 米",
        now=at(3, 10),
    )
    assert dispute.status == DisputeStatus.SETTLED and dispute.settled_level == SettledLevel.TOWN
    with pytest.raises(Conflict):
        mediation_record(
            actor=township.town_leader.user,
            dispute=dispute,
            held_on=date(2026, 3, 11),
            mediators="x",
            actions="x",
            result=MediationResult.FAILED,
        )
    dispute_follow_up(actor=township.town_leader.user, dispute=dispute, note="协议已履行")
    assert dispute.followed_up_on is not None


def test_the_figures_show_where_disputes_were_settled(township):
    in_village = register(township)
    mediation_record(
        actor=township.township_cadre.user,
        dispute=in_village,
        held_on=date(2026, 3, 3),
        mediators="村调委会",
        actions="调解",
        result=MediationResult.SUCCESS,
        agreement="赔偿 500 元",
    )
    to_county = register(township, title="土地纠纷", category="土地山林")
    for actor in (township.township_cadre.user, township.district_committee.user, township.town_leader.user):
        dispute_escalate(actor=actor, dispute=to_county, reason="未能化解")
    overdue = register(township, title="债务纠纷", category="合同债务")
    litigation = register(township, title="合同纠纷", category="合同债务")
    dispute_refer_to_litigation(actor=township.township_cadre.user, dispute=litigation, note="引导至法院")
    rows = dispute_statistics(
        viewer=township.town_leader.user,
        since=date(2026, 1, 1),
        until=date(2026, 12, 31),
        today=date(2026, 5, 1),
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row.registered, row.settled, row.in_village, row.to_county, row.litigation, row.overdue_open) == (
        4,
        1,
        1,
        1,
        1,
        2,
    )
    assert overdue.status == DisputeStatus.OPEN
    assert row.open_below_county == 1  # the county's open dispute is counted once, as passed up
    # The county supervisor sees the dispute passed up; the village cadre of 葛铺村 sees none of them.
    assert to_county in dispute_list(viewer=township.county_supervisor.user)
    assert not dispute_list(viewer=township.village_cadre.user).exists()


def test_the_shared_sweep_marks_disputes_yellow_then_red(township):
    dispute = register(township)
    assert dispute_sweep_alerts(now=at(3, 13)).yellow == 1
    assert dispute_sweep_alerts(now=at(3, 17)).red == 1
    dispute.refresh_from_db()
    assert dispute.alert == AlertLevel.RED
    from xiangzhen.clock.services import clock_sweep
    from xiangzhen.services.models import Notification

    clock_sweep(now=at(3, 17))  # the one clock tells the 包保责任人 of the red dispute at once

    notice = Notification.objects.get(recipient=township.township_cadre.user, message__startswith="红牌")
    assert notice.link == f"/disputes/{dispute.pk}/"
    assert notice.message == f"红牌:矛盾纠纷已超期 · {dispute.title}(期限 {dispute.due_date.isoformat()})"


def test_a_zero_report_counts_as_reported_and_silence_is_flagged(township):
    month = date(2026, 3, 1)
    assert [
        unit.name for unit in villages_missing_screening(viewer=township.town_leader.user, month=month)
    ] == ["镇江村", "庆坪村", "葛铺村"]
    report = screening_report_submit(
        actor=township.village_cadre.user,
        village=township.gepu,
        month=date(2026, 3, 15),
        dispute_count=0,
        now=at(3, 31),
    )
    assert report.is_zero_report and report.month == month
    assert [
        unit.name for unit in villages_missing_screening(viewer=township.town_leader.user, month=month)
    ] == ["镇江村", "庆坪村"]
    with pytest.raises(ValidationFailed, match="未来月份"):
        screening_report_submit(
            actor=township.village_cadre.user,
            village=township.gepu,
            month=date(2026, 5, 1),
            dispute_count=0,
            now=at(3, 31),
        )
    with pytest.raises(NotFound):
        screening_report_submit(
            actor=township.village_cadre.user, village=township.zhenjiang, month=month, dispute_count=1
        )
