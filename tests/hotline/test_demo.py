"""The demo's year of 12345 orders: loaded once, quickly, with 退单, 重办 and a ranking of the district's towns."""

import time
from datetime import date

from django.utils import timezone

from tests.hotline.factories import at
from xiangzhen.demo.hotline import hotline_load
from xiangzhen.hotline.figures import counted_orders, three_rates
from xiangzhen.hotline.models import OrderStatus, WorkOrder


def test_a_year_of_orders_loads_once_and_ranks_the_towns(township):
    now = at(date(2026, 11, 20), 16)
    started = time.perf_counter()
    loaded = hotline_load(today=timezone.localdate(now), now=now)
    elapsed = time.perf_counter() - started
    assert 300 <= loaded <= 700
    assert elapsed < 20
    assert hotline_load(today=timezone.localdate(now), now=now) == 0
    orders = WorkOrder.objects.filter(town=township.shengji)
    assert orders.filter(return_upheld=True).exists() and orders.filter(return_upheld=False).exists()
    assert orders.filter(redo_count__gt=0).exists()
    assert orders.filter(status__in=[OrderStatus.DISPATCHED]).exists()
    assert set(orders.values_list("category", flat=True)) >= {"路灯", "供水", "噪音", "土地", "社保"}
    ranking = three_rates(counted_orders(date(2026, 10, 1), date(2026, 11, 1)), by="town", rule_set=None)
    assert len(ranking) == 4 and all(row.total is not None for row in ranking)
