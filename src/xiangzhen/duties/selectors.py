from django.db.models import Q, QuerySet

from xiangzhen.duties.models import DutyCategory, DutyItem
from xiangzhen.errors import NotFound, ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, jurisdiction_root_list, visible_units


def duty_towns(viewer: AnyUser) -> QuerySet[Unit]:
    """The towns whose lists the viewer reads: those in their jurisdiction and the town their own village
    or 片区 lies in (a village cadre knows what the town is asked to do)."""
    own_towns = [town.pk for root in jurisdiction_root_list(viewer) if (town := root.town()) is not None]
    return Unit.objects.filter(
        Q(pk__in=visible_units(viewer).filter(level=UnitLevel.TOWN).values("pk")) | Q(pk__in=own_towns)
    ).order_by("path")


def duty_town_get(viewer: AnyUser, town_id: int) -> Unit:
    town = duty_towns(viewer).filter(pk=town_id).first()
    if town is None:
        raise NotFound("乡镇不存在或不在您的管辖范围内")
    return town


def duty_items(
    *, town: Unit, category: str = "", query: str = "", current: bool = True
) -> QuerySet[DutyItem]:
    items = DutyItem.objects.filter(town=town)
    if current:
        items = items.filter(is_current=True)
    if category in DutyCategory.values:
        items = items.filter(category=category)
    if query:
        items = items.filter(Q(code__icontains=query) | Q(title__icontains=query) | Q(field__icontains=query))
    return items.order_by("category", "code", "id")


def duty_codes_for_form(viewer: AnyUser) -> list[tuple[str, str]]:
    """(编号, "编号 事项名称 · 类别") for the task form's suggestions: the county usually publishes one list for
    all its towns, so the viewer's towns share most codes and the suggestions stay a few hundred."""
    rows = (
        DutyItem.objects.filter(town__in=duty_towns(viewer), is_current=True)
        .values_list("code", "title", "category")
        .order_by("code")
        .distinct()
    )
    labels = dict(DutyCategory.choices)
    seen: dict[str, str] = {}
    for code, title, category in rows:
        seen.setdefault(code, f"{code} {title} · {labels[category]}")
    return list(seen.items())


def duty_item_for_task(owner_unit: Unit, code: str) -> DutyItem | None:
    """The item a task handed to `owner_unit` cites by 编号, from the list of the town it lies in."""
    code = code.strip().split(" ", 1)[0]
    if not code:
        return None
    town = owner_unit.town()
    if town is None:
        raise ValidationFailed("责任单位不属于任何乡镇,不引用乡镇履职事项清单")
    item = DutyItem.objects.filter(town=town, code=code).first()
    if item is None:
        raise ValidationFailed(f"{town.name}的履职事项清单中没有编号为“{code}”的事项")
    if not item.is_current:
        raise ValidationFailed(f"履职事项“{item}”已不在{town.name}的现行清单中")
    return item
