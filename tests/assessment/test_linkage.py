from decimal import Decimal

import pytest

from tests.assessment.factories import MARCH, indicator, requests_in, village_race
from xiangzhen.assessment.models import Normalization
from xiangzhen.assessment.selectors import cadre_year_sheet
from xiangzhen.assessment.services import ItemSpec, scores_compute

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_cadres_personal_score_weighs_the_results_of_the_villages_they_answer_for(township):
    # 赵德胜 (包村干部) answers for 镇江村; two races with weights 0.3 and 0.7.
    services = village_race(
        township,
        name="便民服务月评比",
        linkage_weight=D("0.7"),
        items=[ItemSpec(indicator("services.completion_rate"), D(100), Normalization.RATE)],
    )
    accepted = village_race(
        township,
        name="受理量月评比",
        linkage_weight=D("0.3"),
        items=[ItemSpec(indicator("services.accepted"), D(50), Normalization.CAP, per_item=D(5))],
    )
    requests_in(township, township.zhenjiang, accepted=4, completed=3)  # 75% completed; 4 × 5 = 20 of 50
    requests_in(
        township, township.zhenjiang, accepted=2, completed=2, period=MARCH.next()
    )  # April: 100%; 10 of 50
    for scheme in (services, accepted):
        for period in (MARCH, MARCH.next()):
            scores_compute(actor=None, scheme=scheme, period=period)

    sheet = cadre_year_sheet(township.township_cadre, 2026)

    lines = {line.scheme.name: line for line in sheet.lines}
    assert {line.unit.name for line in sheet.lines} == {"镇江村"}
    assert lines["便民服务月评比"].average_percent == D("87.50")  # (75 + 100) / 2
    assert lines["受理量月评比"].average_percent == D("30.00")  # (20 + 10) / 2 of 50
    assert sheet.personal_score == D("70.25")  # 0.7 × 87.5 + 0.3 × 30


def test_a_cadre_with_no_race_has_no_personal_score(township):
    sheet = cadre_year_sheet(township.window_staff, 2026)
    assert sheet.lines == [] and sheet.personal_score is None
