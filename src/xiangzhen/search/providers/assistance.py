"""防返贫监测户: found by the head's name, phone or 身份证号, or by a member's name or 身份证号."""

from django.db.models import Q
from django.urls import reverse

from xiangzhen.assistance.models import Household, Member
from xiangzhen.assistance.selectors import household_scope
from xiangzhen.search.query import SearchQuery
from xiangzhen.search.registry import Columns, Hit, Provider, matching, through

# The head's columns on Household, and the members' on Member (reached by `household_id`); the search app's
# migration indexes those the assistance app does not.
HEAD = Columns(names=("head_name",), phones=("phone",), id_numbers=("head_id_number",))
MEMBER = Columns(names=("name",), id_numbers=("id_number",))
MEMBER_LINK = "household_id"


def condition(query: SearchQuery, contains: bool) -> Q | None:
    conditions = [
        found
        for found in (
            matching(HEAD, query, contains=contains),
            through(Member, MEMBER_LINK, MEMBER, query, contains=contains),
        )
        if found is not None
    ]
    if not conditions:
        return None
    return conditions[0] | conditions[1] if len(conditions) == 2 else conditions[0]


def hit(household: Household) -> Hit:
    return Hit(
        title=f"{household.masked_name}户 · {household.village.name}",
        detail=" · ".join(
            part
            for part in (
                household.get_category_display(),
                household.get_status_display(),
                household.masked_phone,
            )
            if part
        ),
        url=reverse("assistance:household_detail", args=[household.pk]),
    )


PROVIDER = Provider(
    key="households",
    label="监测户",
    page="assistance:households",
    scope=household_scope,
    condition=condition,
    hit=hit,
    name_order=("head_name", "pk"),
    order=("-pk",),
    select_related=("village",),
)
