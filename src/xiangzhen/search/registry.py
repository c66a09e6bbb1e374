"""The providers of the one search: each domain's part of it, and the runner that asks each in turn.

A provider says which page its results belong to (the list in the menu: a role that is not offered that
page gets no results from it), which records the viewer may see (the domain's own jurisdiction selector),
how each kind of query reads its columns, and how a found record is shown (masked as on its list) and
linked (its own page). The column names live in `providers/<domain>.py` and nowhere else in this app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet

from xiangzhen.org.selectors import AnyUser
from xiangzhen.search.query import QueryKind, SearchQuery

# Results shown per group, and how far a group's matches are counted (a count past it reads "200+").
GROUP_LIMIT = 10
COUNT_CAP = 200


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Columns:
    """Where a provider's records keep what the search box matches: lookups from its model (a related
    person's column is `parties__name`; a provider reads them through `matching` below)."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    id_numbers: tuple[str, ...] = ()


def name_prefix(column: str, value: str) -> Q:
    """Names that start with `value`. SQLite's LIKE is case-insensitive and skips a plain index, so there the
    prefix is a range of the column's B-tree; PostgreSQL's LIKE 'x%' is served by the trigram index."""
    if connection.vendor == "sqlite":
        return Q(**{f"{column}__gte": value, f"{column}__lt": value + "\U0010ffff"})
    return Q(**{f"{column}__startswith": value})


def name_contains(column: str, value: str) -> Q:
    return Q(**{f"{column}__contains": value})


def _any(conditions: list[Q]) -> Q | None:
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def matching(columns: Columns, query: SearchQuery, *, contains: bool = False) -> Q | None:
    """The condition of a person's kind of query on the given columns; None when the provider keeps no
    such column (a contract has no phone)."""
    if query.kind == QueryKind.RESIDENT_ID:
        return _any([Q(**{column: query.value}) for column in columns.id_numbers])
    if query.kind == QueryKind.PHONE:
        return _any([Q(**{column: query.value}) for column in columns.phones])
    if query.kind == QueryKind.NAME:
        match = name_contains if contains else name_prefix
        return _any([match(column, query.value) for column in columns.names])
    return None


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    # The menu page whose roles see these results (web.context_processors.MENU).
    page: str
    scope: Callable[[AnyUser], QuerySet[Any]]
    # The condition of a query on this provider's records (a name's `contains` pass comes second).
    condition: Callable[[SearchQuery, bool], Q | None]
    hit: Callable[[Any], Hit]
    # The order of the results: by the matched name for a name (its index order), newest first otherwise.
    name_order: tuple[str, ...] = ("pk",)
    order: tuple[str, ...] = ("-pk",)
    select_related: tuple[str, ...] = ()
    # A condition reaching a related person (several per record) may repeat a record.
    distinct: bool = False


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    more: bool = False  # more than `count` may match (the count stopped at COUNT_CAP, or names inside)

    @property
    def count_label(self) -> str:
        return f"{self.count}+" if self.more else str(self.count)


def _rows(queryset: QuerySet[Model], provider: Provider, order: tuple[str, ...], limit: int) -> list[Model]:
    if provider.select_related:
        queryset = queryset.select_related(*provider.select_related)
    if provider.distinct:
        queryset = queryset.distinct()
    return list(queryset.order_by(*order)[:limit])


def _capped_count(queryset: QuerySet[Model], provider: Provider) -> int:
    if provider.distinct:
        queryset = queryset.distinct()
    return queryset.order_by()[:COUNT_CAP].count()


def provider_search(
    provider: Provider, viewer: AnyUser, query: SearchQuery, limit: int = GROUP_LIMIT
) -> Group:
    group = Group(provider.key, provider.label)
    first = provider.condition(query, False)
    if first is None:
        return group
    scope = provider.scope(viewer)
    order = provider.name_order if query.kind == QueryKind.NAME else provider.order
    found = _rows(scope.filter(first), provider, order, limit)
    group.count = len(found)
    if len(found) == limit:
        group.count = _capped_count(scope.filter(first), provider)
        group.more = group.count >= COUNT_CAP or query.kind == QueryKind.NAME
    elif query.kind == QueryKind.NAME and not found:
        # No name starts with what was typed (a given name, 秀兰): then the names that hold it anywhere,
        # an indexed trigram read on PostgreSQL (from three characters), a LIKE scan bounded by the limit
        # on SQLite. Only then: a whole name that is found costs one index range, never a scan.
        inside = provider.condition(query, True)
        if inside is not None:
            # Nothing to exclude: no name starts with the text.
            found = _rows(scope.filter(inside), provider, order, limit)
            group.count = len(found)
            group.more = len(found) == limit
    group.hits = [provider.hit(row) for row in found]
    return group


def through(
    model: type[Model], link: str, columns: Columns, query: SearchQuery, *, contains: bool = False
) -> Q | None:
    """The condition on records whose related persons (rows of `model`, pointing back by `link`) match:
    one subquery over the persons' own indexes, so a record with two matching parties is listed once."""
    condition = matching(columns, query, contains=contains)
    if condition is None:
        return None
    return Q(pk__in=model._default_manager.filter(condition).values(link))
