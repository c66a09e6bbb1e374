from decimal import Decimal

import pytest
from django.db.models import F

from tests.assessment.factories import MARCH, party_building, requests_in, village_race
from xiangzhen.assessment.models import Score
from xiangzhen.assessment.selectors import breakdown, figure_rows, gap, lift_one_rank, scheme_get_for_user
from xiangzhen.assessment.services import board_publish, manual_entry_record, scores_compute
from xiangzhen.errors import NotFound
from xiangzhen.services.models import RequestStatus, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def race(township):
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=3, completed=1)
    requests_in(township, township.qingping, accepted=4, completed=3)
    requests_in(township, township.gepu, accepted=2, completed=2)
    item = scheme.items.get(indicator=party_building(township))
    for unit, value in ((township.zhenjiang, 61), (township.qingping, 58), (township.gepu, 60)):
        manual_entry_record(
            actor=township.town_leader.user,
            scheme=scheme,
            item=item,
            unit=unit,
            period=MARCH,
            value=Decimal(value),
            evidence="季度党建检查",
        )
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    return scheme


def test_every_units_parts_sum_exactly_to_its_total(township, race):
    access = scheme_get_for_user(township.town_leader.user, race.pk)
    for score in Score.objects.filter(scheme=race):
        _, parts = breakdown(access, MARCH, score.unit_id)
        assert parts.parts_total == score.total
        assert len(parts.rows) == 3


def test_the_gap_between_two_units_is_the_sum_of_the_indicator_differences(township, race):
    access = scheme_get_for_user(township.town_leader.user, race.pk)
    explained = gap(access, MARCH, township.gepu.pk, township.zhenjiang.pk)
    assert explained.difference == explained.first_score.total - explained.second_score.total
    assert explained.difference == sum(row.difference for row in explained.rows)


def test_the_smallest_change_named_really_lifts_the_unit_one_rank(township, race):
    access = scheme_get_for_user(township.town_leader.user, race.pk)
    before = Score.objects.get(scheme=race, unit=township.zhenjiang)
    assert before.rank == 3
    _, lifts = lift_one_rank(access, MARCH, township.zhenjiang.pk)
    completion = next(lift for lift in lifts if lift.item.indicator.code == "services.completion_rate")
    assert completion.rows_more is not None and completion.rows_more > 0
    # Do what it says: finish that many more of 镇江村's requests, recompute, and 镇江村 moves up.
    waiting = ServiceRequest.objects.filter(handling_unit=township.zhenjiang, status=RequestStatus.ACCEPTED)
    chosen = list(waiting.values_list("pk", flat=True)[: completion.rows_more])
    ServiceRequest.objects.filter(pk__in=chosen).update(
        status=RequestStatus.COMPLETED, completed_on=F("accepted_on"), completed_on_time=True
    )
    scores_compute(actor=None, scheme=race, period=MARCH)
    assert Score.objects.get(scheme=race, unit=township.zhenjiang).rank < before.rank
    assert lifts[0].effort == min(lift.effort for lift in lifts)


def test_the_leader_has_nothing_to_climb(township, race):
    access = scheme_get_for_user(township.town_leader.user, race.pk)
    leader = Score.objects.get(scheme=race, rank=1)
    assert lift_one_rank(access, MARCH, leader.unit_id)[1] == []


def test_the_rows_behind_a_figure_are_the_requests_counted(township, race):
    access = scheme_get_for_user(township.town_leader.user, race.pk)
    item = race.items.get(indicator__code="services.completion_rate")
    rows = figure_rows(access, MARCH, township.qingping.pk, item.pk)
    assert (rows.total, rows.counted) == (4, 3)
    codes = set(
        ServiceRequest.objects.filter(handling_unit=township.qingping).values_list("tracking_code", flat=True)
    )
    assert {cells[0] for cells, _, _ in rows.rows} == codes
    assert sum(1 for _, counted, _ in rows.rows if counted) == 3
    assert all(link.startswith("/services/requests/") for _, _, link in rows.rows)


def test_a_village_sees_the_published_board_and_only_its_own_breakdown(township, race):
    cadre = township.village_cadre.user  # 葛铺村
    access = scheme_get_for_user(cadre, race.pk)
    assert not access.organizer and access.own_unit_ids == {township.gepu.pk}
    item = race.items.get(indicator__code="services.completion_rate")
    breakdown(access, MARCH, township.gepu.pk)
    figure_rows(access, MARCH, township.gepu.pk, item.pk)
    with pytest.raises(NotFound):
        breakdown(access, MARCH, township.zhenjiang.pk)
    with pytest.raises(NotFound):
        figure_rows(access, MARCH, township.zhenjiang.pk, item.pk)
    from xiangzhen.assessment.selectors import computed_periods, period_for

    assert computed_periods(access) == []  # nothing published yet
    with pytest.raises(NotFound):
        period_for(access, MARCH.start.isoformat())
    board_publish(actor=township.town_leader.user, scheme=race, period=MARCH)
    assert period_for(access, None) == MARCH


def test_another_towns_cadre_does_not_see_the_race(township, race):
    from tests.factories import make_cadre
    from xiangzhen.org.models import CadreRole

    outsider = make_cadre("青石村书记", CadreRole.VILLAGE_CADRE, township.qingshi, "qingshi")
    with pytest.raises(NotFound):
        scheme_get_for_user(outsider.user, race.pk)
