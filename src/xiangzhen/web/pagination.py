"""Keyset pagination for every list page: 50 rows a page, a "下一页" link that keeps the filters.

A page is read as "the next `size` rows after the last one shown" in a fixed order whose last key is the
id, so a page costs the same wherever it is in a long list (no OFFSET counting past earlier pages) and a row
added meanwhile never shifts a row onto two pages. The position travels in one query parameter, `after`:
the ordering values of the previous page's last row, as URL-safe base64 of a JSON list. Anything that cannot
be read back as those values — garbage, a wrong count, an id past 64 bits, a NUL byte — gives page one,
never an error page: a stale or hand-edited link is not worth a message.

Lists whose selector walks its own index (the services queue) or already takes a position tuple (the
disputes register) use `cursor_values` / `page_of` with the same parameter, codec and pager partial.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import QueryDict
from django.utils import timezone

PAGE_SIZE = 50
CURSOR = "after"
# Query parameters that are not filters: the page position and the export switch.
NOT_FILTERS = frozenset({CURSOR, "format"})
_LARGEST = 2**63 - 1
# A cursor is a handful of short values; anything much longer is not one of ours.
_CURSOR_MAX_LENGTH = 1000

Row = TypeVar("Row")
Shown = TypeVar("Shown")


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a list: its rows, the query string of the next page ("" on the last) and of page one
    ("" when this is page one), and whether any filter is set (the filter fold then starts open)."""

    rows: list[Row]
    next_query: str
    first_query: str
    filtering: bool

    @property
    def is_first(self) -> bool:
        return not self.first_query

    def with_rows(self, rows: list[Shown]) -> "Page[Shown]":
        """The same page with its rows turned into what the template shows (labels, computed figures)."""
        return Page(
            rows=rows, next_query=self.next_query, first_query=self.first_query, filtering=self.filtering
        )


def keyset_page(
    queryset: QuerySet[Any],
    query: QueryDict,
    *,
    keys: Sequence[str],
    size: int = PAGE_SIZE,
) -> Page[Any]:
    """The page of `queryset` after the cursor in `query`, ordered by `keys` ("-" for descending).

    The last key must be unique (the id) so the order is total; every key must be a column of the model or of
    a model it points to (empty values of a nullable one sort last). The caller's ordering is replaced."""
    model = queryset.model
    # A foreign key orders by its column, not by the related model's default ordering (which Django would
    # follow for "village", putting rows in an order the cursor's comparison does not know).
    keys = [_column(model, key) for key in keys]
    fields = [_field(model, key.lstrip("-")) for key in keys]
    position = cursor_values(query, fields)
    nullable = [field.null for field in fields]
    # A nullable key sorts its empty values last in both directions, on SQLite and PostgreSQL alike.
    rows = queryset.order_by(*[_order(key, null) for key, null in zip(keys, nullable, strict=True)])
    if position is not None:
        rows = rows.filter(_after(keys, position, nullable))
    fetched = list(rows[: size + 1])
    return page_of(fetched, query, size=size, key=lambda row: [_value(row, key.lstrip("-")) for key in keys])


def page_of(rows: list[Row], query: QueryDict, *, size: int, key: Any) -> Page[Row]:
    """A page from `rows` fetched as size + 1 (the extra row only says that a next page exists);
    `key(row)` gives the cursor values of a row."""
    shown = rows[:size]
    next_query = ""
    if len(rows) > size and shown:
        next_query = _with_cursor(query, encode_cursor(key(shown[-1])))
    first_query = ""
    if query.get(CURSOR):
        first_query = _with_cursor(query, None) or "?"
    return Page(rows=shown, next_query=next_query, first_query=first_query, filtering=filters_active(query))


def page_positioned_by(
    rows: list[Row],
    query: QueryDict,
    *,
    size: int,
    names: Sequence[str],
    position: Callable[[Row], dict[str, str]],
    not_filters: Sequence[str] = (),
) -> Page[Row]:
    """A page of a list that keeps its own position parameters (`names`, e.g. the services queue's
    before_at/before_id, which its selector reads and its tests and bookmarks use): same pager, same fold."""
    shown = rows[:size]
    rest = query.copy()
    for name in names:
        rest.pop(name, None)
    next_query = ""
    if len(rows) > size and shown:
        following = rest.copy()
        for name, value in position(shown[-1]).items():
            following[name] = value
        next_query = f"?{following.urlencode()}"
    first_query = ""
    if any(query.get(name) for name in names):
        first_query = f"?{rest.urlencode()}" if rest else "?"
    return Page(
        rows=shown,
        next_query=next_query,
        first_query=first_query,
        filtering=filters_active(query, ignore=[*names, *not_filters]),
    )


def filters_active(query: QueryDict, *, ignore: Sequence[str] = ()) -> bool:
    """Whether the page was asked for with any filter set (an empty select or box is not a filter)."""
    skipped = NOT_FILTERS | set(ignore)
    return any(value.strip() for name, values in query.lists() if name not in skipped for value in values)


def encode_cursor(values: Sequence[object]) -> str:
    plain = [value.isoformat() if isinstance(value, date | datetime) else value for value in values]
    plain = [str(value) if isinstance(value, Decimal) else value for value in plain]
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_values(query: QueryDict, fields: Sequence[models.Field[Any, Any]]) -> list[object] | None:
    """The cursor in `query` read back as values of `fields`, or None (page one) if absent or unreadable."""
    raw = query.get(CURSOR, "")
    if not raw or len(raw) > _CURSOR_MAX_LENGTH:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(decoded, list) or len(decoded) != len(fields):
        return None
    values: list[object] = []
    for field, value in zip(fields, decoded, strict=True):
        if value is None and field.null:
            values.append(None)
            continue
        read = _read(field, value)
        if read is None:
            return None
        values.append(read)
    return values


def _read(field: models.Field[Any, Any], value: object) -> object | None:
    """`value` as a value of `field`, or None when it is not one the database would take."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    if isinstance(value, str) and "\x00" in value:
        return None
    try:
        read: object = field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return None
    if isinstance(read, int) and not -_LARGEST <= read <= _LARGEST:
        return None
    if isinstance(field, models.DateTimeField):
        if not isinstance(read, datetime):
            return None
        if timezone.is_naive(read):
            read = timezone.make_aware(read)
    return read


def _order(key: str, nullable: bool) -> str | OrderBy:
    if not nullable:
        return key
    column = F(key.lstrip("-"))
    return column.desc(nulls_last=True) if key.startswith("-") else column.asc(nulls_last=True)


def _after(keys: Sequence[str], values: Sequence[object], nullable: Sequence[bool]) -> Q:
    """Rows after `values` in the order `keys`: (k1 > v1) or (k1 = v1 and k2 > v2) or … ("<" if descending);
    empty values of a nullable key come after every value, so only other empty values follow one."""
    condition = Q()
    for index, key in enumerate(keys):
        name = key.lstrip("-")
        equal = Q()
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            earlier_name = earlier.lstrip("-")
            equal &= Q(**{f"{earlier_name}__isnull": True}) if value is None else Q(**{earlier_name: value})
        value = values[index]
        if value is None:
            continue  # nothing sorts after an empty value but other empty values, handled by the next key
        comparison = "lt" if key.startswith("-") else "gt"
        beyond = Q(**{f"{name}__{comparison}": value})
        if nullable[index]:
            beyond |= Q(**{f"{name}__isnull": True})
        condition |= equal & beyond
    return condition


def _column(model: type[models.Model], key: str) -> str:
    """`key` with a foreign key named by its column ("village" → "village_id")."""
    lookup = key.lstrip("-")
    *path, name = lookup.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model  # type: ignore[assignment]
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return key
    if isinstance(field, models.ForeignKey):
        return key + "_id"
    return key


def _field(model: type[models.Model], lookup: str) -> models.Field[Any, Any]:
    """The model field behind `lookup` ("id", "on", "village__path", "village_id")."""
    *path, name = lookup.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model  # type: ignore[assignment]
    if name == "pk":
        return model._meta.pk
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        # "village_id": the attribute of a foreign key.
        field = next(field for field in model._meta.concrete_fields if field.attname == name)
    if isinstance(field, models.ForeignKey):
        return field.target_field
    return field  # type: ignore[return-value]


def _value(row: object, lookup: str) -> object:
    value = row
    for step in lookup.split("__"):
        value = getattr(value, step)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _with_cursor(query: QueryDict, cursor: str | None) -> str:
    rest = query.copy()
    rest.pop(CURSOR, None)
    if cursor is not None:
        rest[CURSOR] = cursor
    encoded = rest.urlencode()
    return f"?{encoded}" if encoded else ""
