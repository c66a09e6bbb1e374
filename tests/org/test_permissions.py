"""The table of what each role may do (org.permissions), and the rules built on it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import START, UserFactory
from xiangzhen.errors import NotFound, PermissionDenied
from xiangzhen.org.models import Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.permissions import (
    PERMITTED_ACTIONS,
    ROLE_RANK,
    Action,
    grantable_roles,
    permission_require,
    user_may,
)
from xiangzhen.org.services import cadre_create, unit_create, unit_update
from xiangzhen.supervision.models import TaskStatus
from xiangzhen.supervision.selectors import user_may_verify
from xiangzhen.supervision.services import task_create, task_submit_for_verification, task_verify

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERSONAS = {
    "county_supervisor": CadreRole.COUNTY_SUPERVISOR,
    "town_leader": CadreRole.TOWN_LEADER,
    "window_staff": CadreRole.WINDOW_STAFF,
    "district_committee": CadreRole.DISTRICT_COMMITTEE,
    "township_cadre": CadreRole.TOWNSHIP_CADRE,
    "village_cadre": CadreRole.VILLAGE_CADRE,
}


def test_the_table_covers_every_role_and_only_known_actions():
    assert set(PERMITTED_ACTIONS) == set(CadreRole.values) == set(ROLE_RANK)
    for actions in PERMITTED_ACTIONS.values():
        assert actions <= set(Action)


def test_every_action_has_a_chinese_label():
    for action in Action:
        assert action.label and not str(action.label).isascii()


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_may_do_exactly_what_the_table_says(township, persona):
    user = getattr(township, persona).user
    for action in Action:
        assert user_may(user, action) == (action in PERMITTED_ACTIONS[PERSONAS[persona]])


def test_a_superuser_may_do_everything_and_anonymous_or_cadreless_users_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    administrator = UserFactory(is_superuser=True, is_staff=True)
    plain = UserFactory()
    for action in Action:
        assert user_may(administrator, action)
        assert not user_may(AnonymousUser(), action)
        assert not user_may(plain, action)


def test_an_inactive_cadre_loses_every_permission(township):
    leader = township.town_leader
    Cadre.objects.filter(pk=leader.pk).update(is_active=False)
    leader.user.refresh_from_db()
    assert not user_may(leader.user, Action.BROWSE_AUDIT)


def test_only_the_administrator_publishes_the_calendar(township):
    for persona in PERSONAS:
        assert not user_may(getattr(township, persona).user, Action.PUBLISH_CALENDAR)


def test_a_refusal_is_a_403_with_a_chinese_reason(township):
    with pytest.raises(PermissionDenied) as refusal:
        permission_require(township.window_staff.user, Action.BROWSE_AUDIT)
    assert refusal.value.status_code == 403
    assert refusal.value.message == "只有乡镇领导和县级督查可以查看审计日志"


# Role ceiling


def test_grantable_roles_never_rise_above_ones_own(township):
    assert set(grantable_roles(township.town_leader.user)) == set(CadreRole.values) - {
        CadreRole.COUNTY_SUPERVISOR
    }
    assert grantable_roles(township.village_cadre.user) == [CadreRole.VILLAGE_CADRE]
    assert set(grantable_roles(UserFactory(is_superuser=True))) == set(CadreRole.values)
    assert grantable_roles(UserFactory()) == []


def create_account(actor, role, unit, username):
    return cadre_create(
        actor=actor,
        name="新干部",
        role=role,
        unit=unit,
        title="干部",
        start_date=START,
        username=username,
        password="Brand-New-Cadre-2026",
    )


def test_a_town_leader_creates_a_window_clerk_but_not_a_county_supervisor(township):
    leader = township.town_leader.user
    created = create_account(leader, CadreRole.WINDOW_STAFF, township.shengji, "xinchuangkou")
    assert created.role == CadreRole.WINDOW_STAFF
    with pytest.raises(PermissionDenied, match="不能创建高于本人角色的账号") as refusal:
        create_account(leader, CadreRole.COUNTY_SUPERVISOR, township.shengji, "xinducha")
    assert "县级督查" in refusal.value.message
    assert not Cadre.objects.filter(user__username="xinducha").exists()


def test_a_village_cadre_creates_no_account_at_all(township):
    with pytest.raises(PermissionDenied, match="创建干部和账号"):
        create_account(township.village_cadre.user, CadreRole.VILLAGE_CADRE, township.gepu, "xincun")
    with pytest.raises(PermissionDenied):
        create_account(township.village_cadre.user, CadreRole.TOWN_LEADER, township.gepu, "xinshuji")
    assert not Cadre.objects.filter(name="新干部").exists()


# Units


@pytest.mark.parametrize("persona", ["window_staff", "district_committee", "township_cadre", "village_cadre"])
def test_roles_without_manage_units_neither_rename_nor_create_units_inside_their_jurisdiction(
    township, persona
):
    user = getattr(township, persona).user
    inside = Unit.objects.get(pk=township.zhenjiang.pk if persona != "village_cadre" else township.gepu.pk)
    with pytest.raises(PermissionDenied, match="新建或修改单位"):
        unit_update(actor=user, unit=inside, expected_version=1, name="改名村", division_code="")
    with pytest.raises(PermissionDenied):
        unit_create(actor=user, name="新组", level=UnitLevel.GROUP, parent=inside)
    assert Unit.objects.get(pk=inside.pk).name == inside.name
    assert not Unit.objects.filter(name="新组").exists()


def test_jurisdiction_still_comes_first_for_a_leader(township):
    with pytest.raises(NotFound):
        unit_update(
            actor=township.town_leader.user,
            unit=township.qingshi,
            expected_version=1,
            name="改名",
            division_code="",
        )


# Verifying a task


@pytest.fixture
def task_awaiting_verification(township):
    """A task for 葛铺村 supervised by the party secretary, done by the window clerk, awaiting verification."""
    task = task_create(
        actor=township.town_leader.user,
        title="葛铺村饮水管网维修",
        owner_unit=township.gepu,
        owner=township.window_staff,
        limit_workdays=10,
        now=datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
    )
    task_submit_for_verification(
        actor=township.window_staff.user,
        task=task,
        note="已修复",
        now=datetime(2026, 3, 4, 10, tzinfo=SHANGHAI),
    )
    return task


def test_a_village_cadre_cannot_close_a_task_supervised_by_the_party_secretary(
    township, task_awaiting_verification
):
    task = task_awaiting_verification
    village_cadre = township.village_cadre.user
    assert not user_may_verify(village_cadre, task)
    with pytest.raises(PermissionDenied, match="只有督办人或上级领导可以核验"):
        task_verify(actor=village_cadre, task=task, approved=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.AWAITING_VERIFICATION


def test_the_owner_never_verifies_and_the_supervisor_or_a_leader_over_the_unit_may(
    township, task_awaiting_verification
):
    task = task_awaiting_verification
    assert not user_may_verify(township.window_staff.user, task)
    assert user_may_verify(township.town_leader.user, task)
    assert user_may_verify(township.county_supervisor.user, task)
    assert not user_may_verify(township.district_committee.user, task)
    assert not user_may_verify(township.township_cadre.user, task)
    task_verify(actor=township.county_supervisor.user, task=task, approved=True)
    assert task.status == TaskStatus.DONE


def test_a_leader_of_another_county_may_not_verify(township, task_awaiting_verification):
    other = cadre_create(
        actor=None,
        name="外县领导",
        role=CadreRole.COUNTY_SUPERVISOR,
        unit=township.changshan,
        title="督查",
        start_date=date(2026, 1, 1),
        username="waixian",
        password="Other-County-2026",
    )
    assert not user_may_verify(other.user, task_awaiting_verification)


def test_a_window_clerk_registers_no_dispute_and_a_township_cadre_convenes_no_meeting(township):
    from xiangzhen.disputes.models import Dispute, DisputeCategory
    from xiangzhen.disputes.services import Party, dispute_register
    from xiangzhen.supervision.models import Meeting, MeetingKind
    from xiangzhen.supervision.services import meeting_create

    category, _ = DisputeCategory.objects.get_or_create(name="邻里")
    with pytest.raises(PermissionDenied, match="窗口人员不登记矛盾纠纷"):
        dispute_register(
            actor=township.window_staff.user,
            title="排水纠纷",
            summary="雨水排放争执",
            place=township.zhenjiang,
            category=category,
            risk_level="general",
            source="visit",
            responsible=township.township_cadre,
            parties=[Party("王某某", "13985011111")],
        )
    with pytest.raises(PermissionDenied, match="召开会议"):
        meeting_create(
            actor=township.township_cadre.user,
            kind=MeetingKind.VILLAGE_COMMITTEES,
            unit=township.zhenjiang,
            title="镇江村两委会",
            held_on=date(2026, 3, 2),
        )
    assert not Dispute.objects.exists() and not Meeting.objects.exists()
