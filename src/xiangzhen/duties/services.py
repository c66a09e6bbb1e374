"""Changes to a town's 履职事项清单: one import replaces the list, atomically and audited."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.duties.importing import DutyRow
from xiangzhen.duties.models import DutyItem
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import unit_require_visible

FIELDS = ("category", "title", "field", "basis", "department")


@transaction.atomic
def duty_list_import(*, actor: User, town: Unit, rows: Sequence[DutyRow]) -> dict[str, int]:
    """The file is the town's whole list: items are matched by 编号, new ones added, changed ones updated,
    and those the file no longer lists kept (tasks cite them) but marked no longer current."""
    permission_require(actor, Action.MANAGE_DUTY_LIST)
    unit_require_visible(actor, town)
    if town.level != UnitLevel.TOWN:
        raise ValidationFailed("履职事项清单按乡镇(街道)导入,请选择一个乡镇")
    existing = {item.code: item for item in DutyItem.objects.select_for_update().filter(town=town)}
    created, changed = [], []
    now = timezone.now()
    for row in rows:
        item = existing.pop(row.code, None)
        if item is None:
            created.append(
                DutyItem(town=town, code=row.code, **{name: getattr(row, name) for name in FIELDS})
            )
            continue
        if item.is_current and all(getattr(item, name) == getattr(row, name) for name in FIELDS):
            continue
        for name in FIELDS:
            setattr(item, name, getattr(row, name))
        item.is_current = True
        item.updated_at = now  # bulk_update does not apply auto_now
        changed.append(item)
    DutyItem.objects.bulk_create(created)
    DutyItem.objects.bulk_update(changed, [*FIELDS, "is_current", "updated_at"])
    dropped = [item.pk for item in existing.values() if item.is_current]
    DutyItem.objects.filter(pk__in=dropped).update(is_current=False)
    counts = {"created": len(created), "changed": len(changed), "dropped": len(dropped), "rows": len(rows)}
    audit_record(
        actor=actor, action="duty_list.import", target=town, unit=town, changes={"counts": [None, counts]}
    )
    return counts
