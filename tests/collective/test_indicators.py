"""The assessment app's figures from the 三资 ledgers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.collective.factories import make_contract
from xiangzhen.assessment.registry import registered
from xiangzhen.collective.models import Publication, PublicationKind
from xiangzhen.collective.services import payment_receive, publication_publish, publication_schedule_open

pytestmark = pytest.mark.django_db


def test_the_collective_indicators_are_registered():
    assert {"collective.rent_on_time", "collective.publication_on_time"} <= set(registered())


def test_rent_on_time_counts_instalments_settled_by_their_due_date(township):
    today = timezone.localdate()
    start = today - timedelta(days=800)
    cadre = township.village_cadre
    on_time = make_contract(cadre, township.gepu, number="A", starts_on=start, amount="300")
    late = make_contract(cadre, township.gepu, number="B", starts_on=start, amount="300")
    make_contract(cadre, township.gepu, number="C", starts_on=start, amount="300")
    for contract, paid_on in ((on_time, start), (late, start + timedelta(days=9))):
        payment = contract.payments.order_by("due_date").first()
        payment_receive(
            actor=cadre.user, payment=payment, amount=Decimal(100), received_on=paid_on, version=1
        )
    indicator = registered()["collective.rent_on_time"]
    rows = indicator.rows(start, start + timedelta(days=1))
    assert rows.count() == 3
    assert rows.filter(indicator.numerator).count() == 1
    assert indicator.unit_field == "contract__village"


def test_publication_on_time_counts_lists_published_by_their_deadline(township):
    publication_schedule_open(today=date(2026, 1, 10), villages=[township.gepu, township.zhenjiang])
    finance = Publication.objects.filter(kind=PublicationKind.FINANCE).order_by("village__path")
    gepu, zhenjiang = finance.get(village=township.gepu), finance.get(village=township.zhenjiang)
    publication_publish(
        actor=township.town_leader.user,
        publication=gepu,
        published_on=date(2026, 2, 2),
        place="公开栏",
        content="",
    )
    publication_publish(
        actor=township.town_leader.user,
        publication=zhenjiang,
        published_on=date(2026, 3, 20),
        place="公开栏",
        content="",
    )
    indicator = registered()["collective.publication_on_time"]
    rows = indicator.rows(date(2026, 2, 1), date(2026, 3, 1)).filter(kind=PublicationKind.FINANCE)
    assert rows.count() == 2
    assert list(rows.filter(indicator.numerator).values_list("village", flat=True)) == [township.gepu.pk]
