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


def _refresh(model: type[models.Model], instance: Any) -> None:
    from xiangzhen.clock.services import obligations_sync

    for kind in KINDS.values():
        sources = kind.watch.get(model)
        if sources is None:
            continue
        ids = [source for source in sources(instance) if source is not None]
        if ids:
            obligations_sync(kind.name, source_ids=ids)


def connect_signals() -> None:
    """On every save or delete of a watched model, refresh the obligations it touches, in its transaction.

    Most state changes (`transitions.transition`, a versioned rent or target update) are one guarded UPDATE
    and send no `post_save`; every service audits its change after making it, naming its target, so the
    audit row is the signal every change of a source record sends: the clock listens to it too."""
    global _connected
    if _connected:
        return
    _connected = True
    from xiangzhen.audit.models import AuditEvent

    watched: dict[str, type[models.Model]] = {}
    for kind in KINDS.values():
        for model in kind.watch:
            watched[model._meta.label_lower] = model

    def refresh(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            _refresh(sender, instance)

    def refresh_audited(sender: type[AuditEvent], instance: AuditEvent, **kwargs: Any) -> None:
        model = watched.get(instance.object_type)
        if kwargs.get("raw") or model is None or not instance.object_id.isdigit():
            return
        target = model._default_manager.filter(pk=int(instance.object_id)).first()
        if target is not None:
            _refresh(model, target)

    for label, model in watched.items():
        post_save.connect(refresh, sender=model, weak=False, dispatch_uid=f"clock-save-{label}")
        post_delete.connect(refresh, sender=model, weak=False, dispatch_uid=f"clock-delete-{label}")
    post_save.connect(refresh_audited, sender=AuditEvent, weak=False, dispatch_uid="clock-audited")
