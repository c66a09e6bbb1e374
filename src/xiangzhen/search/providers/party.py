"""党员: found by name, phone or 身份证号; each result opens the member's branch with its roll."""

from django.db.models import Q, QuerySet
from django.urls import reverse

from xiangzhen.org.selectors import AnyUser
from xiangzhen.party.models import PartyMember
from xiangzhen.party.selectors import branch_scope
from xiangzhen.search.query import SearchQuery
from xiangzhen.search.registry import Columns, Hit, Provider, matching

# The member's own columns on PartyMember; the search app's migration indexes them.
MEMBER = Columns(names=("name",), phones=("phone",), id_numbers=("id_number",))


def scope(viewer: AnyUser) -> QuerySet[PartyMember]:
    return PartyMember.objects.filter(branch__in=branch_scope(viewer).values("pk"))


def condition(query: SearchQuery, contains: bool) -> Q | None:
    return matching(MEMBER, query, contains=contains)


def hit(member: PartyMember) -> Hit:
    left = f"{member.left_on:%Y-%m-%d} 转出" if member.left_on else ""
    return Hit(
        title=f"{member.masked_name} · {member.branch.name}",
        detail=" · ".join(part for part in (member.get_status_display(), member.masked_phone, left) if part),
        url=reverse("party:branch_detail", args=[member.branch_id]) + "#member-roll",
    )


PROVIDER = Provider(
    key="party_members",
    label="党员",
    page="party:board",
    scope=scope,
    condition=condition,
    hit=hit,
    name_order=("name", "pk"),
    order=("-pk",),
    select_related=("branch",),
)
