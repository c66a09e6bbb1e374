"""Jurisdiction: the one place that decides which units a user may see and change."""

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from xiangzhen.errors import NotFound
from xiangzhen.org.models import Assignment, Cadre, CadreRole, Post, Unit, UnitQuerySet

AnyUser = User | AnonymousUser

# A 包村干部 holds a post in the town office but answers only for the villages assigned to them.
ROLES_SCOPED_BY_ASSIGNMENT = {CadreRole.TOWNSHIP_CADRE}


def cadre_of(user: AnyUser) -> Cadre | None:
    if not user.is_authenticated:
        return None
    try:
        cadre: Cadre = user.cadre
    except Cadre.DoesNotExist:
        return None
    return cadre if cadre.is_active else None


def jurisdiction_roots(user: AnyUser) -> UnitQuerySet:
    """The units a user answers for directly: those of current posts and current assignments."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(parent__isnull=True)
    cadre = cadre_of(user)
    if cadre is None:
        return Unit.objects.none()
    today = timezone.localdate()
    current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    assigned = Q(pk__in=cadre.assignments.filter(current).values("unit_id"))
    if cadre.role in ROLES_SCOPED_BY_ASSIGNMENT:
        return Unit.objects.filter(assigned)
    return Unit.objects.filter(assigned | Q(pk__in=cadre.posts.filter(current).values("unit_id")))


# The roots of each user, remembered for one HTTP request (a page asks "where may this user act" several
# times: the view, the service it calls, the menu); outside a request nothing is remembered.
_roots_of_request: ContextVar[dict[int, list[Unit]] | None] = ContextVar("roots_of_request", default=None)


@contextmanager
def jurisdiction_remembered() -> Iterator[None]:
    token = _roots_of_request.set({})
    try:
        yield
    finally:
        _roots_of_request.reset(token)


def jurisdiction_forget() -> None:
    """After a post or an assignment changes: the rest of the request sees the new jurisdiction, and every
    process forgets what it kept once the change is committed."""
    remembered = _roots_of_request.get()
    if remembered is not None:
        remembered.clear()
    transaction.on_commit(jurisdiction_version_bump)


# Across requests each user's roots are kept in the "jurisdiction" cache under a version key that any change
# to a post, an assignment, a cadre, a unit or a user replaces (signals in org.apps, and jurisdiction_forget),
# so a kept answer is never served after such a change. The version is replaced only after the change is
# committed, and roots are kept only when read outside a transaction: a request cannot keep what another
# transaction has not yet committed, nor what its own transaction may still roll back.
JURISDICTION_VERSION_KEY = "org:jurisdiction:version"


def jurisdiction_version_bump() -> None:
    caches["jurisdiction"].set(JURISDICTION_VERSION_KEY, uuid.uuid4().hex, None)


def _kept_roots(user: AnyUser) -> list[Unit]:
    cache = caches["jurisdiction"]
    version = cache.get(JURISDICTION_VERSION_KEY)
    if version is None:
        jurisdiction_version_bump()
        return list(jurisdiction_roots(user))
    # Posts run from and to a date: an answer holds for the day it was read on.
    key = f"org:jurisdiction:{connection.settings_dict['NAME']}:{version}:{user.pk}:{timezone.localdate()}"
    roots: list[Unit] | None = cache.get(key)
    if roots is None:
        roots = list(jurisdiction_roots(user))
        if not connection.in_atomic_block:
            cache.set(key, roots)
    return roots


def jurisdiction_root_list(user: AnyUser) -> list[Unit]:
    if user.pk is None:
        return list(jurisdiction_roots(user))
    remembered = _roots_of_request.get()
    if remembered is None:
        return _kept_roots(user)
    if user.pk not in remembered:
        remembered[user.pk] = _kept_roots(user)
    return remembered[user.pk]


def visible_units(user: AnyUser) -> UnitQuerySet:
    """Every unit the user may see and change: the subtrees under their posts and assignments."""
    if getattr(user, "is_superuser", False) and user.is_authenticated:
        return Unit.objects.all()
    return Unit.objects.within(jurisdiction_root_list(user))


def unit_get_for_user(user: AnyUser, unit_id: int) -> Unit:
    """One unit, or NotFound both when it does not exist and when it lies outside the user's jurisdiction."""
    unit = visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("单位不存在或不在您的管辖范围内")
    return unit


def user_may_change_unit(user: AnyUser, unit: Unit) -> bool:
    return visible_units(user).filter(pk=unit.pk).exists()


def responsible_units_with_counts(user: AnyUser) -> UnitQuerySet:
    """The units of "我的待办": the user's roots, with how many direct subunits each has."""
    return jurisdiction_roots(user).annotate(child_count=Count("children")).order_by("path")


def assignable_cadres(user: AnyUser) -> "QuerySet[Cadre]":
    """Active cadres holding a post or an assignment in one of the user's units, and the user themself:
    whom the user may give work to."""
    units = visible_units(user).values("pk")
    condition = Q(posts__unit__in=units) | Q(assignments__unit__in=units)
    own = cadre_of(user)
    if own is not None:
        condition |= Q(pk=own.pk)
    return Cadre.objects.filter(condition, is_active=True).distinct().order_by("name")


def assignable_cadre_get(user: AnyUser, cadre_id: int) -> Cadre:
    cadre = assignable_cadres(user).filter(pk=cadre_id).first()
    if cadre is None:
        raise NotFound("干部不存在或不在您的管辖范围内")
    return cadre


def unit_require_visible(user: AnyUser, unit: Unit) -> None:
    """The same NotFound for a unit outside the user's jurisdiction as for a missing one."""
    if not visible_units(user).filter(pk=unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")


# --- whom a form offers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonOption:
    pk: int
    label: str


@dataclass(frozen=True)
class PersonGroup:
    label: str
    options: list[PersonOption]


OWN_GROUP = "本单位"
OTHER_GROUP = "其他单位"


def cadre_label(name: str, title: str = "", unit_name: str = "") -> str:
    """How a cadre is named wherever one is chosen: "张三 · 党委书记(生机镇)", the post telling two people
    of one name apart and saying what they answer for."""
    if not title:
        return name
    return f"{name} · {title}({unit_name})" if unit_name else f"{name} · {title}"


def cadre_labels(cadres: Iterable[Cadre], *, prefer_units: set[int] | None = None) -> dict[int, str]:
    """cadre id → label, from each cadre's current posts in one query: the post in `prefer_units` (the
    viewer's own units) first, else the highest unit's; a cadre with no post is named with their role."""
    people = list(cadres)
    prefer_units = prefer_units or set()
    today = timezone.localdate()
    posts: dict[int, tuple[bool, str, str, str]] = {}
    for cadre_id, title, unit_id, unit_name, path in (
        Post.objects.current(today)
        .filter(cadre_id__in=[cadre.pk for cadre in people])
        .values_list("cadre_id", "title", "unit_id", "unit__name", "unit__path")
        .order_by()
    ):
        candidate = (unit_id not in prefer_units, path, title, unit_name)
        if cadre_id not in posts or candidate < posts[cadre_id]:
            posts[cadre_id] = candidate
    labels = {}
    for cadre in people:
        if cadre.pk in posts:
            _other, _path, title, unit_name = posts[cadre.pk]
            labels[cadre.pk] = cadre_label(cadre.name, title, unit_name)
        else:
            labels[cadre.pk] = cadre_label(cadre.name, cadre.get_role_display())
    return labels


def own_unit_ids(user: AnyUser) -> set[int]:
    """The units of the user's own current posts and assignments: "本单位" in a choice of people."""
    cadre = cadre_of(user)
    if cadre is None:
        return set()
    today = timezone.localdate()
    return set(Post.objects.current(today).filter(cadre=cadre).values_list("unit_id", flat=True)) | set(
        Assignment.objects.current(today).filter(cadre=cadre).values_list("unit_id", flat=True)
    )


def person_groups(viewer: AnyUser, people: Iterable[Cadre | User]) -> list[PersonGroup]:
    """The people a form offers, labelled by `cadre_labels`: the viewer and the people of the viewer's own
    units first (本单位), then the rest, each group by name. `people` are cadres, or accounts (an account's
    option value stays the account's id, its label is its cadre's)."""
    people = list(people)
    accounts = [person for person in people if isinstance(person, User)]
    cadre_of_account: dict[int, Cadre] = {
        cadre.user_id: cadre
        for cadre in Cadre.objects.filter(user__in=[user.pk for user in accounts])
        if cadre.user_id is not None
    }
    cadres: list[tuple[int, Cadre | None, str]] = []
    for person in people:
        if isinstance(person, User):
            cadres.append((person.pk, cadre_of_account.get(person.pk), person.first_name or person.username))
        else:
            cadres.append((person.pk, person, person.name))
    own_units = own_unit_ids(viewer)
    found = [cadre for _pk, cadre, _name in cadres if cadre is not None]
    labels = cadre_labels(found, prefer_units=own_units)
    own_people = {viewer_cadre.pk} if (viewer_cadre := cadre_of(viewer)) else set()
    if own_units:
        own_people |= set(
            Post.objects.current(timezone.localdate())
            .filter(unit_id__in=own_units, cadre_id__in=[cadre.pk for cadre in found])
            .values_list("cadre_id", flat=True)
        )
    own: list[PersonOption] = []
    other: list[PersonOption] = []
    for pk, cadre, name in sorted(cadres, key=lambda row: (row[2], row[0])):
        option = PersonOption(pk, labels[cadre.pk] if cadre is not None else name)
        (own if cadre is not None and cadre.pk in own_people else other).append(option)
    groups = [PersonGroup(OWN_GROUP, own)] if own else []
    if other:
        groups.append(PersonGroup(OTHER_GROUP if own else "", other))
    return groups
