"""Factories and the named personas of the test township.

七星关区 ─ 生机镇 ─┬ 镇江片区 ─┬ 镇江村 ─ 一组
                   │           └ 庆坪村
                   └ 葛铺片区 ── 葛铺村
常山县 ── 青石镇 ── 青石村
"""

from dataclasses import dataclass
from datetime import date

import factory
from django.contrib.auth import get_user_model

from xiangzhen.org.models import AssignmentKind, Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.services import assignment_create, cadre_create, unit_create

PASSWORD = "Correct-Horse-42"
START = date(2026, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user{number}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create, extracted, **kwargs):
        if create:
            self.save()


def make_unit(name: str, level: str, parent: Unit | None = None, code: str = "") -> Unit:
    return unit_create(actor=None, name=name, level=level, parent=parent, division_code=code)


def make_cadre(name: str, role: str, unit: Unit, username: str, title: str = "干部") -> Cadre:
    return cadre_create(
        actor=None,
        name=name,
        role=role,
        unit=unit,
        title=title,
        start_date=START,
        username=username,
        password=PASSWORD,
    )


@dataclass
class Township:
    qixingguan: Unit
    shengji: Unit
    zhenjiang_district: Unit
    gepu_district: Unit
    zhenjiang: Unit
    zhenjiang_group_one: Unit
    qingping: Unit
    gepu: Unit
    changshan: Unit
    qingshi_town: Unit
    qingshi: Unit
    county_supervisor: Cadre
    town_leader: Cadre
    window_staff: Cadre
    district_committee: Cadre
    township_cadre: Cadre
    village_cadre: Cadre

    def all_units(self) -> set[Unit]:
        return {value for value in vars(self).values() if isinstance(value, Unit)}


def build_township() -> Township:
    qixingguan = make_unit("七星关区", UnitLevel.COUNTY, code="520502000000")
    shengji = make_unit("生机镇", UnitLevel.TOWN, qixingguan)
    zhenjiang_district = make_unit("镇江片区", UnitLevel.DISTRICT, shengji)
    gepu_district = make_unit("葛铺片区", UnitLevel.DISTRICT, shengji)
    zhenjiang = make_unit("镇江村", UnitLevel.VILLAGE, zhenjiang_district)
    group_one = make_unit("一组", UnitLevel.GROUP, zhenjiang)
    qingping = make_unit("庆坪村", UnitLevel.VILLAGE, zhenjiang_district)
    gepu = make_unit("葛铺村", UnitLevel.VILLAGE, gepu_district)
    changshan = make_unit("常山县", UnitLevel.COUNTY, code="330822000000")
    qingshi_town = make_unit("青石镇", UnitLevel.TOWN, changshan)
    qingshi = make_unit("青石村", UnitLevel.VILLAGE, qingshi_town)
    township_cadre = make_cadre("赵德胜", CadreRole.TOWNSHIP_CADRE, shengji, "baocun", "党政办干部")
    assignment_create(
        actor=None,
        cadre=township_cadre,
        unit=zhenjiang,
        kind=AssignmentKind.CONTACT_VILLAGE,
        start_date=START,
    )
    return Township(
        qixingguan=qixingguan,
        shengji=shengji,
        zhenjiang_district=zhenjiang_district,
        gepu_district=gepu_district,
        zhenjiang=zhenjiang,
        zhenjiang_group_one=group_one,
        qingping=qingping,
        gepu=gepu,
        changshan=changshan,
        qingshi_town=qingshi_town,
        qingshi=qingshi,
        county_supervisor=make_cadre("王建国", CadreRole.COUNTY_SUPERVISOR, qixingguan, "ducha"),
        town_leader=make_cadre("张明华", CadreRole.TOWN_LEADER, shengji, "shuji", "党委书记"),
        window_staff=make_cadre("刘晓燕", CadreRole.WINDOW_STAFF, shengji, "chuangkou"),
        district_committee=make_cadre("杨光荣", CadreRole.DISTRICT_COMMITTEE, zhenjiang_district, "pianqu"),
        township_cadre=township_cadre,
        village_cadre=make_cadre("吴秀英", CadreRole.VILLAGE_CADRE, gepu, "cunganbu", "党支部书记"),
    )
