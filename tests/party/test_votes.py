"""The 党员大会 votes only with more than half of its voting members present; 预备党员 have no vote."""

from datetime import date

import pytest

from tests.party.factories import hold, make_branch
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.party.models import ActivityKind, BranchVote
from xiangzhen.party.services import activity_record, member_transfer_out, vote_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(township):
    # 8 full members (ids first) and 1 probationary member (last).
    return make_branch(township.town_leader.user, township.gepu, full=8, probationary=1)


def test_half_of_the_voting_members_is_not_a_quorum(township, branch):
    leader = township.town_leader.user
    assembly = hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20), present=4)
    assert (assembly.voting_present, assembly.voting_expected, assembly.has_quorum) == (4, 8, False)
    with pytest.raises(Conflict, match="未超过应到 8 人的半数"):
        vote_record(actor=leader, activity=assembly, subject="发展对象", ayes=4, noes=0, abstentions=0)
    assert not BranchVote.objects.exists()


def test_the_probationary_member_does_not_make_the_quorum(township, branch):
    leader = township.town_leader.user
    members = list(branch.members.order_by("id"))
    assembly = activity_record(
        actor=leader,
        branch=branch,
        kind=ActivityKind.GENERAL_ASSEMBLY,
        held_on=date(2026, 3, 20),
        topic="接收预备党员",
        minutes="记录",
        attendee_ids=[member.pk for member in [*members[:4], members[-1]]],
    )
    assert (assembly.present_count, assembly.voting_present, assembly.has_quorum) == (5, 4, False)


def test_more_than_half_present_votes_and_the_ayes_must_exceed_half_of_those_expected(township, branch):
    leader = township.town_leader.user
    assembly = hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20), present=5)
    assert assembly.has_quorum
    adopted = vote_record(
        actor=leader, activity=assembly, subject="接收王某为预备党员", ayes=5, noes=0, abstentions=0
    )
    assert adopted.adopted
    # Four ayes of eight expected is not more than half, though it is a majority of those who voted.
    rejected = vote_record(
        actor=leader, activity=assembly, subject="村集体修路方案", ayes=4, noes=1, abstentions=0
    )
    assert not rejected.adopted


def test_the_quorum_is_counted_on_the_day_not_after_later_transfers(township, branch):
    leader = township.town_leader.user
    assembly = hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20), present=4)
    for member in list(branch.members.order_by("-id"))[:3]:
        member_transfer_out(actor=leader, member=member, left_on=date(2026, 3, 25))
    assembly.refresh_from_db()
    assert not assembly.has_quorum


def test_votes_beyond_those_present_or_at_another_meeting_are_refused(township, branch):
    leader = township.town_leader.user
    assembly = hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20), present=6)
    with pytest.raises(ValidationFailed, match="不能超过到会有表决权党员 6 人"):
        vote_record(actor=leader, activity=assembly, subject="事项", ayes=5, noes=1, abstentions=1)
    committee = hold(leader, branch, ActivityKind.COMMITTEE_MEETING, held_on=date(2026, 3, 20))
    with pytest.raises(ValidationFailed, match="只有支部党员大会"):
        vote_record(actor=leader, activity=committee, subject="事项", ayes=5, noes=0, abstentions=0)


def test_who_may_record_a_vote(township, branch):
    assembly = hold(
        township.town_leader.user, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20)
    )
    # The village's own cadre records it; a 包村干部 may not; a 片区 outside 葛铺 does not see it.
    vote_record(
        actor=township.village_cadre.user, activity=assembly, subject="事项", ayes=8, noes=0, abstentions=0
    )
    with pytest.raises(PermissionDenied):
        vote_record(
            actor=township.window_staff.user, activity=assembly, subject="事项", ayes=8, noes=0, abstentions=0
        )
    with pytest.raises(NotFound):
        vote_record(
            actor=township.district_committee.user,
            activity=assembly,
            subject="事项",
            ayes=8,
            noes=0,
            abstentions=0,
        )
