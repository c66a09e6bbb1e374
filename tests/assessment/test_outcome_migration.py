"""Migration assessment 0002: schemes that scored the removed activity counts now score their outcomes."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from tests.assessment.factories import village_race
from xiangzhen.assessment.models import Indicator, Normalization, SchemeItem, Source
from xiangzhen.assessment.services import ItemSpec

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("xiangzhen.assessment.migrations.0002_outcome_indicators")


def old(code: str, name: str) -> Indicator:
    Indicator.objects.filter(code=MIGRATION.REPLACED[code][0]).delete()  # as before the new code existed
    return Indicator.objects.create(code=code, name=name, category="干部在一线", source=Source.COMPUTED)


def test_a_scheme_on_removed_counts_moves_to_the_outcomes_merging_two_counts_into_one_item(township):
    visits = old("frontline.visits", "五进走访次数")
    stays = old("frontline.stay_compliance", "驻村蹲点达标率")
    sessions = old("training.sessions_held", "群众教育培训场次")
    scheme = village_race(
        township,
        items=[
            ItemSpec(visits, Decimal(10), Normalization.CAP, per_item=Decimal(1)),
            ItemSpec(stays, Decimal(15), Normalization.RATE),
            ItemSpec(sessions, Decimal(5), Normalization.RANK),
        ],
    )
    MIGRATION.forwards(apps, None)
    items = {item.indicator.code: item for item in SchemeItem.objects.filter(scheme=scheme)}
    assert set(items) == {"frontline.visit_problems_on_time", "training.target_group_finished"}
    merged = items["frontline.visit_problems_on_time"]
    assert (
        merged.weight == Decimal(25)
        and merged.normalization == Normalization.RATE
        and merged.per_item is None
    )
    assert (
        merged.indicator.is_rate
        and items["training.target_group_finished"].normalization == Normalization.RANK
    )
    assert not Indicator.objects.filter(code__in=MIGRATION.REPLACED).exists()
