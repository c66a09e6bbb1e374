"""村集体合同: found by the contract's number or the counterparty's name (a person's masked as on the
ledger; an organisation's name is public record)."""

from django.db.models import Q
from django.urls import reverse

from xiangzhen.collective.models import Contract
from xiangzhen.collective.selectors import contract_scope
from xiangzhen.search.query import QueryKind, SearchQuery
from xiangzhen.search.registry import Columns, Hit, Provider, matching

# The counterparty's column on Contract; the search app's migration indexes it and the number.
COUNTERPARTY = Columns(names=("counterparty",))
NUMBER = "number"


def condition(query: SearchQuery, contains: bool) -> Q | None:
    if query.kind == QueryKind.CODE:
        # Written as the village wrote it (HT-2026-01): the number typed as is, or without its dashes.
        return None if contains else Q(**{NUMBER: query.text}) | Q(**{NUMBER: query.value})
    by_name = matching(COUNTERPARTY, query, contains=contains)
    if query.kind == QueryKind.NAME and by_name is not None and not contains:
        # A number written with Chinese characters (镇江村〔2026〕1号) reads as a name.
        return by_name | Q(**{NUMBER: query.text})
    return by_name


def hit(contract: Contract) -> Hit:
    return Hit(
        title=f"{contract.number} {contract.title}",
        detail=" · ".join(
            [contract.counterparty_display, contract.village.name, contract.get_status_display()]
        ),
        url=reverse("collective:contract_detail", args=[contract.pk]),
    )


PROVIDER = Provider(
    key="contracts",
    label="村集体合同",
    page="collective:overview",
    scope=contract_scope,
    condition=condition,
    hit=hit,
    name_order=("counterparty", "pk"),
    order=("-pk",),
    select_related=("village",),
)
