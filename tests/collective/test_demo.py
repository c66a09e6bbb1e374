"""The 神山镇 demo reproduces the report's totals, once."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from tests.factories import UserFactory, make_unit
from xiangzhen.collective.models import CollectiveAsset, CollectiveResource, Contract
from xiangzhen.demo.collective import collective_load
from xiangzhen.org.models import Unit, UnitLevel

pytestmark = pytest.mark.django_db


def test_the_demo_matches_the_towns_report_and_loads_once():
    town = make_unit("神山镇", UnitLevel.TOWN, make_unit("赤壁市", UnitLevel.COUNTY))
    make_unit("大桥村", UnitLevel.VILLAGE, town)
    administrator = UserFactory(username="admin", is_superuser=True, is_staff=True)
    assert collective_load(actor=administrator, today=timezone.localdate()) == 230
    assert Unit.objects.filter(parent=town, level=UnitLevel.VILLAGE).count() == 8
    assert CollectiveAsset.objects.aggregate(total=Sum("value"))["total"] == Decimal("1480.83")
    assert CollectiveResource.objects.aggregate(total=Sum("area_mu"))["total"] == Decimal("105700.00")
    assert Contract.objects.count() == 230
    assert collective_load(actor=administrator, today=timezone.localdate()) == 0
    assert Contract.objects.count() == 230
