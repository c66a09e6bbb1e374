"""矛盾纠纷: found by their number (JF123), or by a party's name, mobile number or 身份证号."""

import re

from django.db.models import Q
from django.urls import reverse

from xiangzhen.disputes.models import Dispute, DisputeParty
from xiangzhen.disputes.selectors import dispute_scope
from xiangzhen.search.query import QueryKind, SearchQuery
from xiangzhen.search.registry import Columns, Hit, Provider, through

# A party's columns, on DisputeParty (each B-tree indexed by disputes), reached from the dispute by `dispute_id`.
PARTY = Columns(names=("name",), phones=("phone",), id_numbers=("id_number",))
PARTY_LINK = "dispute_id"
_NUMBER = re.compile(r"(?:JF)?([0-9]{1,10})")


def condition(query: SearchQuery, contains: bool) -> Q | None:
    if query.kind == QueryKind.CODE:
        number = _NUMBER.fullmatch(query.value)
        return Q(pk=int(number.group(1))) if number and not contains else None
    return through(DisputeParty, PARTY_LINK, PARTY, query, contains=contains)


def hit(dispute: Dispute) -> Hit:
    return Hit(
        title=f"JF{dispute.pk} {dispute.title}",
        detail=" · ".join(
            [
                dispute.get_status_display(),
                dispute.place.name,
                f"{dispute.registered_on:%Y-%m-%d}",
            ]
        ),
        url=reverse("disputes:detail", args=[dispute.pk]),
    )


PROVIDER = Provider(
    key="disputes",
    label="矛盾纠纷",
    page="disputes:register",
    scope=dispute_scope,
    condition=condition,
    hit=hit,
    # The parties' names are matched in a subquery: the disputes are listed newest first either way.
    name_order=("-registered_on", "-id"),
    order=("-registered_on", "-id"),
    select_related=("place",),
)
