"""Kinds of dated obligation: each app registers its own in `<app>/obligations.py`.

A kind says which open rows it has today and which models' writes change them. Rows come one of two ways:
- `rows`: a queryset of the source model whose `.values(**...)` names the columns below; the clock turns it
  into one INSERT … SELECT and one DELETE (requests, tasks, disputes: any number of rows);
- `computed`: a function returning the rows as dicts, for small derived sets whose rule needs the working-day
  calendar (a branch's missing 三会一课, a 片区's next joint meeting): at most a few rows per unit.
The clock never knows an app's rules; an app never writes the clock's table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

# The columns a kind's rows name: the key (unique in the kind), the source id, unit and owner (a user id or
# None), what to show and where to go, the two dates and whether it is urgent. `yellow_from` may be None:
# the kind's `yellow_days` then counts back from the due date.
COLUMNS = ("key", "source_id", "unit_id", "owner_id", "title", "link", "due_date", "yellow_from", "urgent")

SourceIds = Callable[[Any], Iterable[int | None]]


@dataclass(frozen=True)
class ObligationKind:
    name: str
    label: str
    source_model: type[models.Model]
    rows: Callable[[date], "models.QuerySet[Any]"] | None = None
    computed: Callable[[date, list[int] | None], list[dict[str, Any]]] | None = None
    # Models whose saves or deletes change this kind's rows, each with how to find the source ids it touches.
    watch: dict[type[models.Model], SourceIds] = field(default_factory=dict)
    # Waiting for whoever holds one of `roles` (org.models.CadreRole values), may take this action
    # (org.permissions.Action value) and has the row's unit in their jurisdiction.
    action: str = ""
    roles: frozenset[str] = frozenset()
    # Calendar days before the due date at which a row without its own `yellow_from` turns yellow.
    yellow_days: int = 3
    # How the due date is counted, shown beside it.
    counted_in: str = "工作日"
    # Rows that carry their own 红黄牌 column (办件、督办、纠纷 ...): the sweep colours them too, for the
    # apps' own filters and statistics; notices come from the clock alone.
    colour_source: Callable[[date, datetime], object] | None = None


KINDS: dict[str, ObligationKind] = {}


def register(kind: ObligationKind) -> ObligationKind:
    assert (kind.rows is None) != (kind.computed is None), f"{kind.name}: rows or computed, one of them"
    assert bool(kind.action) == bool(kind.roles), f"{kind.name}: an action needs the roles it waits for"
    KINDS[kind.name] = kind
    return kind


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return kind.label if kind else name


_connected = False


def connect_signals() -> None:
    """On every save or delete of a watched model, refresh the obligations it touches, in its transaction."""
    global _connected
    if _connected:
        return
    _connected = True
    watchers: dict[type[models.Model], list[tuple[ObligationKind, SourceIds]]] = {}
    for kind in KINDS.values():
        for model, sources in kind.watch.items():
            watchers.setdefault(model, []).append((kind, sources))
    for model, kinds in watchers.items():

        def refresh(
            sender: type[models.Model],
            instance: Any,
            kinds: list[tuple[ObligationKind, SourceIds]] = kinds,
            **kwargs: Any,
        ) -> None:
            from xiangzhen.clock.services import obligations_sync

            if kwargs.get("raw"):
                return
            for kind, sources in kinds:
                ids = [source for source in sources(instance) if source is not None]
                if ids:
                    obligations_sync(kind.name, source_ids=ids)

        uid = model._meta.label
        post_save.connect(refresh, sender=model, weak=False, dispatch_uid=f"clock-save-{uid}")
        post_delete.connect(refresh, sender=model, weak=False, dispatch_uid=f"clock-delete-{uid}")
