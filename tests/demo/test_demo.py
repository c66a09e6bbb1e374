import pytest
from django.core.management import call_command

from xiangzhen.demo.township import DEMO_LOGINS, DEMO_PASSWORD
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.selectors import visible_units
from xiangzhen.services.models import RequestStatus, ServiceRequest

pytestmark = pytest.mark.django_db


def test_the_demo_township_loads_once_and_every_printed_login_works(client, capsys):
    # One load for the whole module: the demo year of requests takes seconds to generate.
    call_command("load_demo")
    units, cadres, requests = Unit.objects.count(), Cadre.objects.count(), ServiceRequest.objects.count()
    call_command("load_demo")
    assert (Unit.objects.count(), Cadre.objects.count(), ServiceRequest.objects.count()) == (
        units,
        cadres,
        requests,
    )
    assert "已存在,未重复创建" in capsys.readouterr().out

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

    # 生机镇's stations: about 2,350 accepted and 2,110 completed in a year, as the report says.
    in_shengji = ServiceRequest.objects.filter(handling_unit__in=Unit.objects.within([shengji]))
    accepted = in_shengji.exclude(
        status__in=[RequestStatus.AWAITING_MATERIALS, RequestStatus.REJECTED]
    ).count()
    completed = in_shengji.filter(status=RequestStatus.COMPLETED).count()
    assert accepted == 2350
    assert 2000 <= completed <= 2200
    assert in_shengji.filter(alert="red").exists() and in_shengji.filter(notices__isnull=False).exists()

    for login in DEMO_LOGINS:
        client.logout()
        assert client.login(username=login.username, password=DEMO_PASSWORD), login.username
        assert client.get("/").status_code == 200
        assert client.get("/services/").status_code == 200
        if login.username != "admin":
            user = Cadre.objects.get(user__username=login.username).user
            assert visible_units(user).exists()
            assert not visible_units(user).filter(name="常山县").exists()


def test_the_demo_has_disputes_meetings_and_tasks():
    from xiangzhen.demo.township import demo_load
    from xiangzhen.disputes.models import Dispute, ScreeningReport
    from xiangzhen.supervision.models import Meeting, MeetingKind, Task

    demo_load()
    shengji = Unit.objects.get(name="生机镇")
    disputes = Dispute.objects.filter(place__in=Unit.objects.within([shengji]))
    assert disputes.count() == 150
    settled = disputes.filter(status="settled")
    assert settled.filter(settled_level="village").count() > settled.count() // 2
    assert Meeting.objects.filter(unit=shengji, kind=MeetingKind.JOINT).count() >= 6
    assert Task.objects.filter(status="done").exists() and Task.objects.exclude(status="done").exists()
    assert ScreeningReport.objects.filter(dispute_count=0).exists()
