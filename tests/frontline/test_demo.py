from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.utils import timezone

from tests.factories import START, make_cadre, make_unit
from xiangzhen.demo.frontline import frontline_load
from xiangzhen.frontline.models import CheckIn, DutyShift, SwapStatus, VillageStay, Visit
from xiangzhen.frontline.selectors import duty_figures
from xiangzhen.org.models import AssignmentKind, CadreRole, UnitLevel
from xiangzhen.org.services import assignment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_towns(township, django_user_model):
    """The units and people the frontline demo builds on: 生机镇's two leaders, 龙广镇's villages and their
    包村 and 驻村 cadres, the administrator."""
    django_user_model.objects.create_superuser("admin", password="x")
    make_cadre("李镇长", CadreRole.TOWN_LEADER, township.shengji, "zhenzhang", "镇长")
    longguang = make_unit("龙广镇", UnitLevel.TOWN, make_unit("义龙新区", UnitLevel.COUNTY))
    for number, name in enumerate(["小场坝村", "赖山村", "果约村"]):
        village = make_unit(name, UnitLevel.VILLAGE, longguang)
        for kind in (AssignmentKind.CONTACT_VILLAGE, AssignmentKind.RESIDENT):
            cadre = make_cadre(
                f"龙广干部{number}{kind}", CadreRole.TOWNSHIP_CADRE, longguang, f"lg{number}{kind}"
            )
            assignment_create(actor=None, cadre=cadre, unit=village, kind=kind, start_date=START)
    return township


def test_the_demo_has_the_seed_figures_and_loads_once(demo_towns):
    today = timezone.localdate()
    frontline_load(today=today)
    figures = duty_figures(
        viewer=User.objects.get(username="shuji"),
        since=date(2000, 1, 1),
        until=today,
        town=demo_towns.shengji,
    )
    assert (figures.served, figures.urgent) == (60, 12)
    assert figures.leader_attended == 30 and figures.unresolved == 3
    assert DutyShift.objects.filter(on__gt=today, swaps__status=SwapStatus.PENDING).count() == 1
    per_leader = DutyShift.objects.values("cadre").annotate(total=Count("id")).values_list("total", flat=True)
    assert len(per_leader) == 2 and max(per_leader) - min(per_leader) <= 1
    stays = VillageStay.objects.filter(village__parent__name="龙广镇")
    assert stays.count() == 6 * 4 and stays.filter(compliant=True).count() > stays.count() // 2
    assert set(Visit.objects.values_list("kind", flat=True)) == {
        "department",
        "enterprise",
        "school",
        "village",
        "household",
    }
    assert Visit.objects.filter(problems__task__isnull=False).count() == 1
    counts = (DutyShift.objects.count(), CheckIn.objects.count(), Visit.objects.count())
    assert frontline_load(today=today) == "干部在一线:已载入"
    assert (DutyShift.objects.count(), CheckIn.objects.count(), Visit.objects.count()) == counts
