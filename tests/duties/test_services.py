import pytest

from tests.duties.factories import make_duty_item
from xiangzhen.audit.models import AuditEvent
from xiangzhen.duties.importing import DutyRow
from xiangzhen.duties.models import DutyCategory, DutyItem
from xiangzhen.duties.services import duty_list_import
from xiangzhen.errors import NotFound, PermissionDenied, ValidationFailed

ROWS = [
    DutyRow(code="J-01", category=DutyCategory.BASIC, title="组织开展基层党组织建设"),
    DutyRow(
        code="P-01",
        category=DutyCategory.COOPERATIVE,
        title="配合开展违法用地巡查",
        department="县自然资源局",
    ),
]


def test_an_import_replaces_the_towns_list_keeping_dropped_items_for_the_tasks_that_cite_them(township):
    leader = township.town_leader.user
    make_duty_item(township.shengji, "J-01", title="旧名称")
    make_duty_item(township.shengji, "S-09", DutyCategory.WITHDRAWN)
    counts = duty_list_import(actor=leader, town=township.shengji, rows=ROWS)
    assert counts == {"created": 1, "changed": 1, "dropped": 1, "rows": 2}
    items = {item.code: item for item in DutyItem.objects.filter(town=township.shengji)}
    assert items["J-01"].title == "组织开展基层党组织建设" and items["J-01"].is_current
    assert items["P-01"].department == "县自然资源局"
    assert not items["S-09"].is_current
    event = AuditEvent.objects.get(action="duty_list.import")
    assert event.unit == township.shengji and event.actor == leader
    # The same file again changes nothing.
    assert duty_list_import(actor=leader, town=township.shengji, rows=ROWS) == {
        "created": 0,
        "changed": 0,
        "dropped": 0,
        "rows": 2,
    }


def test_only_leaders_import_and_only_for_a_town_of_their_own(township):
    with pytest.raises(PermissionDenied):
        duty_list_import(actor=township.township_cadre.user, town=township.shengji, rows=ROWS)
    with pytest.raises(NotFound):
        duty_list_import(actor=township.town_leader.user, town=township.qingshi_town, rows=ROWS)
    with pytest.raises(ValidationFailed, match="按乡镇"):
        duty_list_import(actor=township.town_leader.user, town=township.zhenjiang, rows=ROWS)
    # The county imports for any of its towns.
    duty_list_import(actor=township.county_supervisor.user, town=township.shengji, rows=ROWS)
    assert DutyItem.objects.filter(town=township.shengji).count() == 2
