import pytest
from django.core.management import call_command

from xiangzhen.demo.township import DEMO_LOGINS, DEMO_PASSWORD, demo_load
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.selectors import visible_units

pytestmark = pytest.mark.django_db


def test_loading_twice_creates_nothing_the_second_time(capsys):
    call_command("load_demo")
    units, cadres = Unit.objects.count(), Cadre.objects.count()
    call_command("load_demo")
    assert (Unit.objects.count(), Cadre.objects.count()) == (units, cadres)
    assert "已存在,未重复创建" in capsys.readouterr().out


def test_the_demo_has_the_places_of_the_reports():
    demo_load()
    shengji = Unit.objects.get(name="生机镇")
    districts = Unit.objects.filter(parent=shengji, level=UnitLevel.DISTRICT)
    assert set(districts.values_list("name", flat=True)) == {"镇江片区", "葛铺片区", "耿官片区", "镰刀湾片区"}
    for district in districts:
        assert district.children.filter(level=UnitLevel.VILLAGE).count() == 3
    assert Cadre.objects.filter(posts__title="农村警务助理", posts__unit__parent__name="神山镇").count() == 11
    for name in [
        "千秋村",
        "燕岩村",
        "小场坝村",
        "赖山村",
        "果约村",
        "青石镇",
        "紫港街道",
        "大桥头乡",
        "新昌乡",
        "球川镇",
    ]:
        assert Unit.objects.filter(name=name).exists(), name


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_every_printed_login_works_and_sees_its_scope(client, login):
    demo_load()
    assert client.login(username=login.username, password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    user = Cadre.objects.get(user__username=login.username).user if login.username != "admin" else None
    if user is not None:
        assert visible_units(user).exists()
        assert not visible_units(user).filter(name="常山县").exists()
