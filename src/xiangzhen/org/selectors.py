"""Jurisdiction: the one place that decides which units a user may see and change."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from xiangzhen.errors import NotFound
from xiangzhen.org.models import Cadre, CadreRole, Unit, UnitQuerySet

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
    """After a post or an assignment changes: the rest of the request sees the new jurisdiction."""
    remembered = _roots_of_request.get()
    if remembered is not None:
        remembered.clear()


def jurisdiction_root_list(user: AnyUser) -> list[Unit]:
    remembered = _roots_of_request.get()
    if remembered is None or user.pk is None:
        return list(jurisdiction_roots(user))
    if user.pk not in remembered:
        remembered[user.pk] = list(jurisdiction_roots(user))
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
