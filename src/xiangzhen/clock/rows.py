"""Building blocks for a kind's `.values(**...)`: the key and the link of a source row, in SQL."""

from typing import Any

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat

PREFIX = "clock_"


# Typed NULLs: PostgreSQL reads a bare NULL parameter in a subquery as text, which neither COALESCE with a date
# nor an integer column accepts.
NO_OWNER = Cast(Value(None), output_field=models.IntegerField())
NO_DATE = Cast(Value(None), output_field=models.DateField())


def source_key(field: str = "pk") -> Cast:
    return Cast(field, output_field=models.CharField())


def source_link(prefix: str, field: str = "pk", suffix: str = "/") -> Concat:
    """`prefix<id>suffix`, e.g. /supervision/tasks/12/."""
    return Concat(Value(prefix), Cast(field, output_field=models.CharField()), Value(suffix))


def columns(
    *,
    unit: str,
    owner: Any,
    title: Any,
    link: Any,
    due_date: Any,
    yellow_from: Any = None,
    urgent: Any = None,
    key: Any = None,
) -> dict[str, Any]:
    """The `.values()` of a kind: names every column the clock reads, with NULL and false as defaults.

    The names carry a prefix: an annotation may not share a name with a field of the source model."""
    values = {
        "key": key if key is not None else source_key(),
        "source_id": F("pk"),
        "unit_id": F(unit),
        "owner_id": F(owner) if isinstance(owner, str) else owner,
        "title": F(title) if isinstance(title, str) else title,
        "link": link,
        "due_date": F(due_date) if isinstance(due_date, str) else due_date,
        "yellow_from": F(yellow_from)
        if isinstance(yellow_from, str)
        else yellow_from
        if yellow_from is not None
        else NO_DATE,
        "urgent": F(urgent) if isinstance(urgent, str) else urgent or Value(False),
    }
    return {f"{PREFIX}{name}": value for name, value in values.items()}
