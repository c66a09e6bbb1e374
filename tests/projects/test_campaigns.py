from datetime import date

import pytest

from tests.projects.helpers import at, make_campaign
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.projects.models import CampaignStepReached
from xiangzhen.projects.selectors import campaign_board, competition_ranks, planned_by, target_scope
from xiangzhen.projects.services import campaign_create, campaign_target_record, campaign_target_revert


def targets(campaign):
    return list(campaign.targets.order_by("code"))


def test_a_campaign_starts_every_target_at_its_first_step_with_the_default_steps(township):
    campaign = make_campaign(township)
    assert campaign.steps == ["未接触", "已沟通", "已签约", "已腾空"]
    assert campaign.goal_label == "已签约"
    assert [target.step_label for target in targets(campaign)] == ["未接触"] * 4


def test_step_names_are_the_campaigns_own(township):
    campaign = make_campaign(township, steps=["未联系", "已谈妥", "已迁出"], goal_step=2, targets=1)
    target = targets(campaign)[0]
    campaign_target_record(actor=township.town_leader.user, target=target, step=2, now=at(2026, 3, 3))
    assert target.step_label == "已迁出"
    with pytest.raises(ValidationFailed, match="步骤名称不能重复"):
        make_campaign(township, steps=["甲", "甲"], targets=0)
    with pytest.raises(ValidationFailed, match="目标步骤"):
        make_campaign(township, steps=["甲", "乙"], goal_step=2, targets=0)


def test_progress_moves_forward_and_steps_passed_over_count_the_same_day(township):
    target = targets(make_campaign(township))[0]
    cadre = township.township_cadre.user
    campaign_target_record(actor=cadre, target=target, step=1, note="第一次上门", now=at(2026, 3, 3))
    campaign_target_record(actor=cadre, target=target, step=3, note="签约并腾空", now=at(2026, 3, 5))
    reached = dict(CampaignStepReached.objects.filter(target=target).values_list("step", "reached_on"))
    assert reached == {1: date(2026, 3, 3), 2: date(2026, 3, 5), 3: date(2026, 3, 5)}
    with pytest.raises(ValidationFailed, match="进度只能向前"):
        campaign_target_record(actor=cadre, target=target, step=2, now=at(2026, 3, 6))
    with pytest.raises(ValidationFailed, match="请选择进度"):
        campaign_target_record(actor=cadre, target=target, step=4, now=at(2026, 3, 6))
    assert [event.to_step for event in target.events.all()] == [1, 3]


def test_a_stale_form_is_refused_not_overwritten(township):
    target = targets(make_campaign(township))[0]
    read_version = target.version
    campaign_target_record(actor=township.town_leader.user, target=target, step=1, now=at(2026, 3, 3))
    with pytest.raises(Conflict):
        campaign_target_record(
            actor=township.township_cadre.user,
            target=target,
            step=2,
            version=read_version,
            now=at(2026, 3, 3),
        )
    target.refresh_from_db()
    assert target.step == 1


def test_a_leader_reverts_with_a_reason_and_the_later_days_stop_counting(township):
    campaign = make_campaign(township)
    target = targets(campaign)[0]
    campaign_target_record(actor=township.township_cadre.user, target=target, step=2, now=at(2026, 3, 4))
    with pytest.raises(PermissionDenied):
        campaign_target_revert(actor=township.township_cadre.user, target=target, step=1, reason="户主反悔")
    with pytest.raises(ValidationFailed, match="原因"):
        campaign_target_revert(actor=township.town_leader.user, target=target, step=1, reason=" ")
    campaign_target_revert(
        actor=township.town_leader.user, target=target, step=1, reason="户主反悔", now=at(2026, 3, 5)
    )
    assert target.step == 1
    board = campaign_board(viewer=township.town_leader.user, campaign=campaign, today=date(2026, 3, 5))
    assert board.done == 0 and [day.done for day in board.days if day.done] == []


def test_the_board_counts_per_day_against_the_plan_and_ranks_teams(township):
    campaign = make_campaign(township, targets=4, start_on=date(2026, 3, 2), goal_on=date(2026, 3, 5))
    first, second, third, fourth = targets(campaign)
    leader = township.town_leader.user
    campaign_target_record(actor=leader, target=first, step=2, now=at(2026, 3, 2))
    campaign_target_record(actor=leader, target=second, step=3, now=at(2026, 3, 3))
    campaign_target_record(actor=leader, target=third, step=2, now=at(2026, 3, 3))
    campaign_target_record(
        actor=leader, target=fourth, step=1, note="户主在外地", is_hard=True, now=at(2026, 3, 3)
    )
    board = campaign_board(viewer=leader, campaign=campaign, today=date(2026, 3, 3))
    assert board.total == 4 and board.done == 3 and board.done_today == 2 and board.final_done == 1
    assert board.per_step == [("未接触", 0), ("已沟通", 1), ("已签约", 2), ("已腾空", 1)]
    assert [(day.day.day, day.done, day.cumulative, day.planned) for day in board.days] == [
        (2, 1, 1, 1),
        (3, 2, 3, 2),
    ]
    assert [(team.rank, team.team, team.done, team.share) for team in board.teams] == [
        (1, "铁娘子三人组", 2, 100),
        (2, "老党员组", 1, 50),
    ]
    assert [target.code for target in board.hard_left] == [fourth.code] and board.hard_left_count == 1
    # The planned day comes and the last household signs: the hard case is no longer left.
    campaign_target_record(actor=leader, target=fourth, step=2, now=at(2026, 3, 5))
    board = campaign_board(viewer=leader, campaign=campaign, today=date(2026, 3, 5))
    assert board.days[-1].cumulative == 4 == board.days[-1].planned and board.hard_left_count == 0


def test_a_village_cadre_sees_and_counts_only_their_villages_targets(township):
    campaign = make_campaign(township, targets=4)
    village_cadre = township.village_cadre.user  # 葛铺村: targets 2 and 4
    assert set(target_scope(village_cadre).values_list("code", flat=True)) == {"0002", "0004"}
    board = campaign_board(viewer=village_cadre, campaign=campaign, today=date(2026, 3, 3))
    assert board.total == 2
    zhenjiang_target = targets(campaign)[0]
    with pytest.raises(NotFound):
        campaign_target_record(actor=village_cadre, target=zhenjiang_target, step=1)


def test_window_staff_do_not_record_campaign_progress(township):
    target = targets(make_campaign(township))[0]
    with pytest.raises(PermissionDenied):
        campaign_target_record(actor=township.window_staff.user, target=target, step=1)


def test_only_leaders_start_a_campaign(township):
    with pytest.raises(PermissionDenied):
        campaign_create(
            actor=township.township_cadre.user,
            name="坟墓迁移",
            unit=township.zhenjiang,
            start_on=date(2026, 3, 2),
            goal_on=date(2026, 3, 20),
        )


def test_competition_ranks_share_a_place_and_skip_the_next():
    assert competition_ranks([0.9, 0.5, 0.9, 0.1]) == [1, 3, 1, 4]


def test_the_plan_is_a_straight_line_to_the_planned_day(township):
    campaign = make_campaign(township, targets=0, start_on=date(2026, 3, 1), goal_on=date(2026, 3, 24))
    assert planned_by(campaign, 2111, date(2026, 2, 28)) == 0
    assert planned_by(campaign, 2111, date(2026, 3, 12)) == round(2111 * 12 / 24)
    assert (
        planned_by(campaign, 2111, date(2026, 3, 24)) == 2111 == planned_by(campaign, 2111, date(2026, 4, 1))
    )
