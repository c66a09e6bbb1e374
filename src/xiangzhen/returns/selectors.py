"""Reads of the returns: which towns a viewer may report for and which templates each town may use."""

from django.db.models import Q, QuerySet

from xiangzhen.errors import NotFound
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, visible_units
from xiangzhen.returns.models import ReturnTemplate


def return_towns(viewer: AnyUser) -> QuerySet[Unit]:
    """The towns in the viewer's jurisdiction: a return is a town's."""
    return visible_units(viewer).filter(level=UnitLevel.TOWN).order_by("path")


def return_town_get(viewer: AnyUser, town_id: int) -> Unit:
    town = return_towns(viewer).filter(pk=town_id).first()
    if town is None:
        raise NotFound("乡镇不存在或不在您的管辖范围内")
    return town


def county_of(unit: Unit) -> Unit | None:
    if unit.level == UnitLevel.COUNTY:
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1], level=UnitLevel.COUNTY).first()


def template_counties(viewer: AnyUser) -> QuerySet[Unit]:
    """Counties whose own templates the viewer sees: those in their jurisdiction or above their towns."""
    county_ids = {unit.pk for unit in visible_units(viewer).filter(level=UnitLevel.COUNTY)}
    for town in return_towns(viewer):
        county = county_of(town)
        if county is not None:
            county_ids.add(county.pk)
    return Unit.objects.filter(pk__in=county_ids).order_by("path")


def template_list(viewer: AnyUser) -> QuerySet[ReturnTemplate]:
    """The built-in templates and the own templates of the viewer's counties."""
    return (
        ReturnTemplate.objects.filter(Q(county__isnull=True) | Q(county__in=template_counties(viewer)))
        .select_related("county")
        .prefetch_related("columns")
        .order_by("county__path", "code")
    )


def template_get_for_town(viewer: AnyUser, template_id: int, town: Unit) -> ReturnTemplate:
    """A template the town may send: built in, or its own county's."""
    county = county_of(town)
    template = template_list(viewer).filter(Q(county__isnull=True) | Q(county=county), pk=template_id).first()
    if template is None:
        raise NotFound("报表模板不存在,或不适用于该乡镇")
    return template


def manageable_counties(viewer: AnyUser) -> QuerySet[Unit]:
    """Counties the viewer may add templates for: those in their jurisdiction."""
    return visible_units(viewer).filter(level=UnitLevel.COUNTY).order_by("path")
