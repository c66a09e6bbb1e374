"""A branch with members in a test village, and activities recorded through the services."""

from datetime import date

from django.contrib.auth.models import User

from xiangzhen.org.models import Unit
from xiangzhen.party.models import ActivityKind, Branch, BranchActivity, MemberStatus, PartyMember
from xiangzhen.party.services import activity_record, branch_create, member_add

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def make_branch(
    actor: User, village: Unit, *, full: int = 8, probationary: int = 1, name: str = "", theme_day: int = 10
) -> Branch:
    branch = branch_create(
        actor=actor,
        unit=village,
        name=name or f"{village.name}党支部",
        kind="village",
        term_started_on=date(2021, 4, 1),
        theme_day=theme_day,
    )
    for number in range(full + probationary):
        member_add(
            actor=actor,
            branch=branch,
            name=f"{SURNAMES[number % len(SURNAMES)]}党员{number}",
            status=MemberStatus.FULL if number < full else MemberStatus.PROBATIONARY,
            joined_on=date(2000 + number % 20, 7, 1),
            group=f"第{number % 2 + 1}党小组",
        )
    return branch


def hold(
    actor: User,
    branch: Branch,
    kind: str = ActivityKind.COMMITTEE_MEETING,
    held_on: date | None = None,
    present: int | None = None,
    topic: str = "学习党章",
) -> BranchActivity:
    """Record an activity attended by the first `present` members (all when None)."""
    members = list(PartyMember.objects.filter(branch=branch).current().order_by("id"))
    attending = members if present is None else members[:present]
    return activity_record(
        actor=actor,
        branch=branch,
        kind=kind,
        held_on=held_on or date(2026, 11, 2),
        topic=topic,
        minutes="会议记录:传达学习上级精神,研究本月工作。",
        attendee_ids=[member.pk for member in attending],
    )
