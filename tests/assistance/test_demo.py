from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from tests.factories import make_unit
from xiangzhen.assistance.models import PAIRED_STATUSES, Household, HouseholdStatus, PairingKind
from xiangzhen.demo.assistance import assistance_load
from xiangzhen.org.models import UnitLevel


@pytest.fixture
def longguang(db):
    county = make_unit("义龙新区", UnitLevel.COUNTY)
    town = make_unit("龙广镇", UnitLevel.TOWN, county)
    for name in ("小场坝村", "赖山村", "果约村"):
        make_unit(name, UnitLevel.VILLAGE, town)
    return town


def test_longguang_has_217_paired_households_once(longguang):
    assert assistance_load(today=timezone.localdate()) == 217
    assert assistance_load(today=timezone.localdate()) == 0
    assert Household.objects.count() == 217
    seed = Household.objects.get(head_name="敖银桃")
    assert seed.village.name == "果约村" and seed.pairing == PairingKind.FIRST_RESPONSIBLE
    assert seed.measures.get().amount == Decimal("80000")
    loads = (
        Household.objects.filter(status__in=PAIRED_STATUSES)
        .values("responsible")
        .annotate(count=Count("id"))
        .values_list("count", flat=True)
    )
    assert max(loads) <= 5
    statuses = set(Household.objects.values_list("status", flat=True))
    assert {HouseholdStatus.MONITORED, HouseholdStatus.CLEARED, HouseholdStatus.PUBLICITY} <= statuses
    assert seed.visits.exists() and seed.incomes.exists()
