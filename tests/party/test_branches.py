"""Branches, their members (at most 50, masked) and posts, terms of office, and who may change them."""

from datetime import date

import pytest

from tests.party.factories import make_branch
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.party.models import BranchKind, MemberStatus, PartyMember, PostTitle
from xiangzhen.party.selectors import branch_get_for_user, branch_members
from xiangzhen.party.services import (
    branch_create,
    branch_post_assign,
    branch_update,
    member_add,
    member_reveal,
    member_transfer_out,
)

pytestmark = pytest.mark.django_db


def test_a_village_branch_serves_five_years_and_an_organ_branch_three(township):
    leader = township.town_leader.user
    village = branch_create(
        actor=leader,
        unit=township.gepu,
        name="葛铺村党支部",
        kind=BranchKind.VILLAGE,
        term_started_on=date(2021, 4, 1),
    )
    assert (village.term_years, village.term_ends_on) == (5, date(2026, 4, 1))
    organ = branch_create(
        actor=leader,
        unit=township.shengji,
        name="生机镇机关支部",
        kind=BranchKind.ORGAN,
        term_started_on=date(2024, 2, 29),
    )
    assert (organ.term_years, organ.term_ends_on) == (3, date(2027, 2, 28))


def test_a_village_branch_sits_in_a_village_and_an_organ_branch_in_a_town(township):
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="村、社区党支部设在村"):
        branch_create(
            actor=leader,
            unit=township.shengji,
            name="错",
            kind=BranchKind.VILLAGE,
            term_started_on=date(2021, 4, 1),
        )
    with pytest.raises(ValidationFailed, match="机关支部设在乡镇"):
        branch_create(
            actor=leader,
            unit=township.gepu,
            name="错",
            kind=BranchKind.ORGAN,
            term_started_on=date(2021, 4, 1),
        )


def test_only_leaders_create_branches_and_only_in_their_jurisdiction(township):
    with pytest.raises(PermissionDenied):
        branch_create(
            actor=township.village_cadre.user,
            unit=township.gepu,
            name="葛铺村党支部",
            kind=BranchKind.VILLAGE,
            term_started_on=date(2021, 4, 1),
        )
    with pytest.raises(NotFound):
        branch_create(
            actor=township.town_leader.user,
            unit=township.qingshi,
            name="青石村党支部",
            kind=BranchKind.VILLAGE,
            term_started_on=date(2021, 4, 1),
        )


def test_a_branch_holds_at_most_fifty_members(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu, full=48, probationary=2)
    with pytest.raises(ValidationFailed, match="不超过 50 人"):
        member_add(
            actor=leader, branch=branch, name="第五十一", status=MemberStatus.FULL, joined_on=date(2010, 7, 1)
        )
    member_transfer_out(actor=leader, member=branch_members(branch).first(), left_on=date(2026, 1, 5))
    member_add(
        actor=leader, branch=branch, name="新转入", status=MemberStatus.FULL, joined_on=date(2010, 7, 1)
    )
    assert branch_members(branch).count() == 50


def test_a_member_with_a_wrong_id_number_or_phone_is_refused(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu, full=1, probationary=0)
    with pytest.raises(ValidationFailed, match="手机号"):
        member_add(
            actor=leader,
            branch=branch,
            name="王小明",
            status="full",
            joined_on=date(2010, 7, 1),
            phone="1234",
        )
    with pytest.raises(ValidationFailed, match="身份证"):
        member_add(
            actor=leader,
            branch=branch,
            name="王小明",
            status="full",
            joined_on=date(2010, 7, 1),
            id_number="520502199001011234",
        )
    assert PartyMember.objects.filter(branch=branch).count() == 1


def test_members_are_masked_and_a_reveal_is_audited(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu, full=0, probationary=0)
    member = member_add(
        actor=leader,
        branch=branch,
        name="王小明",
        status="full",
        joined_on=date(2010, 7, 1),
        phone="13985011111",
        id_number="11010519491231002X",
    )
    assert (member.masked_name, member.masked_phone, member.masked_id_number) == (
        "王*明",
        "139****1111",
        "110105********002X",
    )
    with pytest.raises(ValidationFailed):
        member_reveal(actor=leader, branch=branch, reason=" ")
    with pytest.raises(NotFound):
        member_reveal(actor=township.district_committee.user, branch=branch, reason="核对党费")
    revealed = member_reveal(actor=leader, branch=branch, reason="核对党费")
    assert revealed[0].id_number == "11010519491231002X"
    event = AuditEvent.objects.get(action="branch.reveal_personal_data")
    assert event.changes["reason"] == [None, "核对党费"]


def test_a_committee_needs_seven_full_members_and_holds_at_most_five(township):
    leader = township.town_leader.user
    small = make_branch(leader, township.gepu, full=6, probationary=3)
    members = list(branch_members(small))
    with pytest.raises(ValidationFailed, match="不足 7 人"):
        branch_post_assign(
            actor=leader,
            branch=small,
            member=members[1],
            title=PostTitle.COMMITTEE,
            started_on=date(2026, 1, 5),
        )
    branch_post_assign(
        actor=leader, branch=small, member=members[0], title=PostTitle.SECRETARY, started_on=date(2026, 1, 5)
    )

    branch = make_branch(leader, township.zhenjiang, full=9, probationary=0)
    members = list(branch_members(branch))
    branch_post_assign(
        actor=leader, branch=branch, member=members[0], title=PostTitle.SECRETARY, started_on=date(2026, 1, 5)
    )
    for member in members[1:5]:
        branch_post_assign(
            actor=leader, branch=branch, member=member, title=PostTitle.COMMITTEE, started_on=date(2026, 1, 5)
        )
    with pytest.raises(ValidationFailed, match="已满"):
        branch_post_assign(
            actor=leader,
            branch=branch,
            member=members[5],
            title=PostTitle.COMMITTEE,
            started_on=date(2026, 1, 5),
        )


def test_a_new_secretary_ends_the_previous_one(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu)
    first, second = list(branch_members(branch))[:2]
    branch_post_assign(
        actor=leader, branch=branch, member=first, title=PostTitle.SECRETARY, started_on=date(2021, 4, 1)
    )
    branch_post_assign(
        actor=leader, branch=branch, member=second, title=PostTitle.SECRETARY, started_on=date(2026, 4, 1)
    )
    current = branch.posts.filter(ended_on__isnull=True)
    assert [(post.member, post.title) for post in current] == [(second, PostTitle.SECRETARY)]
    assert branch.posts.get(member=first).ended_on == date(2026, 4, 1)


def test_a_transferred_member_leaves_the_roll_and_their_post(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu)
    member = branch_members(branch).first()
    branch_post_assign(
        actor=leader, branch=branch, member=member, title=PostTitle.SECRETARY, started_on=date(2021, 4, 1)
    )
    member_transfer_out(actor=leader, member=member, left_on=date(2026, 1, 5))
    assert member not in branch_members(branch)
    assert branch.posts.get().ended_on == date(2026, 1, 5)
    with pytest.raises(Conflict):
        member_transfer_out(actor=leader, member=member, left_on=date(2026, 1, 6))


def test_a_stale_edit_of_the_branch_is_refused(township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.gepu)
    branch_update(actor=leader, branch=branch, version=1, term_started_on=date(2026, 4, 1), theme_day=15)
    assert (branch.version, branch.theme_day, branch.term_ends_on) == (2, 15, date(2031, 4, 1))
    with pytest.raises(Conflict):
        branch_update(actor=leader, branch=branch, version=1, term_started_on=date(2026, 4, 1), theme_day=20)


def test_a_village_cadre_does_not_see_another_villages_branch(township):
    branch = make_branch(township.town_leader.user, township.zhenjiang)
    with pytest.raises(NotFound):
        branch_get_for_user(township.village_cadre.user, branch.pk)
    assert branch_get_for_user(township.district_committee.user, branch.pk) == branch
