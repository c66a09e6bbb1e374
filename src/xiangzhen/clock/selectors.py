"""我的待办: what is the viewer's to do, read from the one clock through its indexes.

Three things make a person's list: the obligations they answer for; what waits in their units for an
action their role may take (核验、审核、记录组织生活); and, for leaders and county supervisors, their units' red items.
Only open obligations live in the table, so the list and its counters do not grow with a town's history.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q

from xiangzhen.clock.models import Obligation
from xiangzhen.clock.registry import KINDS, kind_label
from xiangzhen.org.models import CadreRole, Unit, subtree_upper_bound
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import AnyUser, cadre_of, jurisdiction_root_list

# Whose home also lists the red items of every unit in their jurisdiction, not only their own.
OVERSEER_ROLES = frozenset({CadreRole.TOWN_LEADER, CadreRole.COUNTY_SUPERVISOR, CadreRole.DISTRICT_COMMITTEE})
TODO_LIMIT = 100

COLOUR_LABELS = {"red": "已超期", "yellow": "临近期限", "none": ""}


@dataclass(frozen=True)
class TodoItem:
    id: int
    kind: str
    kind_label: str
    title: str
    link: str
    unit_name: str
    due_date: date
    days_left: int
    colour: str
    mine: bool
    waiting_for_role: bool
    urgent: bool

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title,
            "link": self.link,
            "unit": self.unit_name,
            "due_date": self.due_date.isoformat(),
            "days_left": self.days_left,
            "colour": self.colour,
            "mine": self.mine,
            "waiting_for_role": self.waiting_for_role,
            "urgent": self.urgent,
        }


@dataclass(frozen=True)
class TodoCounts:
    total: int
    red: int
    yellow: int
    mine: int
    waiting_for_role: int

    def summary(self) -> str:
        parts = [f"红牌 {self.red} 项", f"黄牌 {self.yellow} 项"]
        if self.waiting_for_role:
            parts.append(f"待您办理 {self.waiting_for_role} 项")
        return "、".join(parts)


@dataclass(frozen=True)
class Todo:
    items: list[TodoItem]
    counts: TodoCounts

    @property
    def truncated(self) -> bool:
        return self.counts.total > len(self.items)


def _in_units(viewer: AnyUser) -> Q:
    if getattr(viewer, "is_superuser", False):
        return Q()
    condition = Q(pk__in=[])
    for root in jurisdiction_root_list(viewer):
        condition |= Q(unit_path__gte=root.path, unit_path__lt=subtree_upper_bound(root.path))
    return condition


def _kinds_waiting_for(viewer: AnyUser) -> list[str]:
    """The kinds whose rows wait for the viewer's role: a town leader's reviews, a village's 三会一课 …"""
    cadre = cadre_of(viewer)
    if cadre is None:
        return []
    return sorted(
        kind.name
        for kind in KINDS.values()
        if kind.action and cadre.role in kind.roles and user_may(viewer, Action(kind.action))
    )


def _overseer(viewer: AnyUser) -> bool:
    if getattr(viewer, "is_superuser", False):
        return True
    cadre = cadre_of(viewer)
    return cadre is not None and cadre.role in OVERSEER_ROLES


def _todo_parts(viewer: AnyUser, today: date, waiting: list[str]) -> list[Q]:
    """The three sets a 待办 joins, each read through its own index: the viewer's own rows (owner, due date),
    what waits for their role and, for overseers, what is red in their units (unit path, due date)."""
    if not viewer.is_authenticated:
        return [Q(pk__in=[])]
    units = _in_units(viewer)
    parts = [Q(owner_id=viewer.pk)]
    if waiting:
        parts.append(Q(kind__in=waiting) & units)
    if _overseer(viewer):
        parts.append(Q(due_date__lt=today) & units)
    return parts


def todo_condition(viewer: AnyUser, today: date, waiting: list[str] | None = None) -> Q:
    """The rows of the viewer's 待办: one condition, so the list and its counters agree."""
    waiting = _kinds_waiting_for(viewer) if waiting is None and viewer.is_authenticated else waiting or []
    condition = Q(pk__in=[])
    for part in _todo_parts(viewer, today, waiting):
        condition |= part
    return condition


def _counts(condition: Q, viewer: AnyUser, today: date, waiting: list[str]) -> TodoCounts:
    totals = Obligation.objects.filter(condition).aggregate(
        total=Count("id"),
        red=Count("id", filter=Q(due_date__lt=today)),
        yellow=Count("id", filter=Q(yellow_from__lte=today, due_date__gte=today)),
        mine=Count("id", filter=Q(owner_id=viewer.pk)),
        waiting_for_role=Count("id", filter=Q(kind__in=waiting) & ~Q(owner_id=viewer.pk)),
    )
    return TodoCounts(**totals)


def todo_counts(*, viewer: AnyUser, today: date) -> TodoCounts:
    waiting = _kinds_waiting_for(viewer) if viewer.is_authenticated else []
    return _counts(todo_condition(viewer, today, waiting), viewer, today, waiting)


def todo_list(*, viewer: AnyUser, today: date, limit: int = TODO_LIMIT, kind: str = "") -> Todo:
    """The viewer's 待办, most urgent first: plain rows, one indexed query per set and one for the counters,
    the jurisdiction and the role's kinds worked out once for all."""
    waiting = _kinds_waiting_for(viewer) if viewer.is_authenticated else []
    parts = _todo_parts(viewer, today, waiting)
    # The most urgent `limit` rows of each set, merged: an OR of the three would make the database gather
    # every matching row of a county before sorting them.
    found: dict[int, dict[str, Any]] = {}
    for part in parts:
        rows = Obligation.objects.filter(part)
        if kind:
            rows = rows.filter(kind=kind)
        for row in rows.order_by("due_date", "id").values(
            "id",
            "kind",
            "title",
            "link",
            "due_date",
            "yellow_from",
            "owner_id",
            "action",
            "urgent",
            "unit_id",
        )[:limit]:
            found[row["id"]] = dict(row)
    values = sorted(found.values(), key=lambda row: (row["due_date"], row["id"]))[:limit]
    # Names of the page's units in one read: joined into each set's query, SQLite walks the units' rows
    # through the foreign-key index instead of the set's own.
    unit_names = dict(
        Unit.objects.filter(pk__in={row["unit_id"] for row in values}).values_list("pk", "name")
    )
    condition = Q(pk__in=[])
    for part in parts:
        condition |= part
    items = [
        TodoItem(
            id=row["id"],
            kind=row["kind"],
            kind_label=kind_label(row["kind"]),
            title=row["title"],
            link=row["link"],
            unit_name=unit_names.get(row["unit_id"], ""),
            due_date=row["due_date"],
            days_left=(row["due_date"] - today).days,
            colour="red" if row["due_date"] < today else "yellow" if row["yellow_from"] <= today else "none",
            mine=row["owner_id"] == viewer.pk,
            waiting_for_role=row["kind"] in waiting and row["owner_id"] != viewer.pk,
            urgent=row["urgent"],
        )
        for row in values
    ]
    return Todo(items=items, counts=_counts(condition, viewer, today, waiting))
