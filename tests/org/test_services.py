import pytest

from tests.factories import START, make_unit
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import CadreRole, Unit, UnitLevel
from xiangzhen.org.services import cadre_create, unit_create, unit_update


def test_a_subtree_is_found_by_path_prefix(township):
    subtree = Unit.objects.within([township.zhenjiang_district])
    assert set(subtree.values_list("name", flat=True)) == {"镇江片区", "镇江村", "一组", "庆坪村"}
    assert township.zhenjiang_group_one.depth == 5
    assert township.zhenjiang_group_one.full_name() == "七星关区 / 生机镇 / 镇江片区 / 镇江村 / 一组"


def test_it_writes_an_audit_event_for_a_new_unit(township):
    unit = unit_create(
        actor=township.town_leader.user,
        name="峨峰村",
        level=UnitLevel.VILLAGE,
        parent=township.zhenjiang_district,
    )
    event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
    assert event.actor == township.town_leader.user
    assert event.unit == unit
    assert event.changes["name"] == [None, "峨峰村"]


@pytest.mark.parametrize(
    ("level", "parent_attribute", "message"),
    [
        (UnitLevel.TOWN, "zhenjiang", "不能设在"),
        (UnitLevel.VILLAGE, None, "只有县级单位可以没有上级"),
        ("hamlet", "shengji", "未知的层级"),
    ],
)
def test_it_refuses_a_unit_in_the_wrong_place(township, level, parent_attribute, message):
    parent = getattr(township, parent_attribute) if parent_attribute else None
    before = Unit.objects.count()
    with pytest.raises(ValidationFailed, match=message):
        unit_create(actor=None, name="新单位", level=level, parent=parent)
    assert Unit.objects.count() == before


def test_it_refuses_a_duplicate_name_under_one_parent(township):
    with pytest.raises(ValidationFailed, match="已有名为“镇江村”"):
        unit_create(actor=None, name="镇江村", level=UnitLevel.VILLAGE, parent=township.zhenjiang_district)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("52050210000", "12 位数字"),
        ("52050210000A", "12 位数字"),
        ("520502100001", "以 3 个 0 结尾"),
        ("330822100000", "前 6 位不一致"),
    ],
)
def test_it_checks_the_division_code_against_the_parent(township, code, message):
    with pytest.raises(ValidationFailed, match=message):
        unit_create(
            actor=None, name="新镇", level=UnitLevel.TOWN, parent=township.qixingguan, division_code=code
        )


def test_a_village_code_follows_its_town_across_a_district(township):
    town = make_unit("田坝镇", UnitLevel.TOWN, township.qixingguan, "520502118000")
    district = make_unit("田坝片区", UnitLevel.DISTRICT, town)
    assert make_unit("田坝村", UnitLevel.VILLAGE, district, "520502118201").division_code == "520502118201"
    with pytest.raises(ValidationFailed, match="前 9 位不一致"):
        make_unit("外村", UnitLevel.VILLAGE, district, "520502119201")
    with pytest.raises(ValidationFailed, match="没有统计用区划代码"):
        make_unit("新片区", UnitLevel.DISTRICT, town, "520502118000")


def test_a_stale_edit_is_refused_not_overwritten(township):
    unit = township.gepu
    unit_update(actor=None, unit=unit, expected_version=1, name="葛铺社区", division_code="")
    with pytest.raises(Conflict):
        unit_update(actor=None, unit=unit, expected_version=1, name="葛铺新村", division_code="")
    assert Unit.objects.get(pk=unit.pk).name == "葛铺社区"


@pytest.mark.parametrize("persona", ["village_cadre", "township_cadre", "district_committee"])
def test_nobody_changes_a_unit_outside_their_jurisdiction(township, persona):
    user = getattr(township, persona).user
    with pytest.raises(NotFound):
        unit_update(actor=user, unit=township.qingshi, expected_version=1, name="改名", division_code="")
    with pytest.raises(NotFound):
        unit_create(actor=user, name="新组", level=UnitLevel.GROUP, parent=township.qingshi)
    assert Unit.objects.get(pk=township.qingshi.pk).name == "青石村"


def test_a_cadre_account_must_have_a_strong_password(township):
    with pytest.raises(ValidationFailed, match="密码"):
        cadre_create(
            actor=None,
            name="钱某",
            role=CadreRole.VILLAGE_CADRE,
            unit=township.gepu,
            title="文书",
            start_date=START,
            username="qian",
            password="123456",
        )


def test_a_cadre_phone_must_be_a_mobile_number(township):
    with pytest.raises(ValidationFailed, match="手机号"):
        cadre_create(
            actor=None,
            name="钱某",
            role=CadreRole.VILLAGE_CADRE,
            unit=township.gepu,
            title="文书",
            start_date=START,
            phone="12345",
        )
