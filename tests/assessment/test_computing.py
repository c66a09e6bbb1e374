from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.assessment.factories import MARCH, indicator, party_building, requests_in, village_race
from tests.services.factories import at
from xiangzhen.assessment.models import Normalization, Score, ScoreComponent
from xiangzhen.assessment.periods import PeriodKind, period_containing
from xiangzhen.assessment.services import (
    ItemSpec,
    board_publish,
    manual_entry_record,
    scheme_create,
    scores_compute,
)
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.services.models import Rating, RatingLevel, ServiceRequest

pytestmark = pytest.mark.django_db
D = Decimal


def scores(scheme, period=MARCH) -> dict[str, tuple[Decimal, int, int]]:
    return {
        score.unit.name: (score.total, score.rank, score.missing_items)
        for score in Score.objects.filter(scheme=scheme, period_start=period.start).select_related("unit")
    }


def enter(township, scheme, unit, value, period=MARCH):
    item = scheme.items.get(indicator=party_building(township))
    return manual_entry_record(
        actor=township.town_leader.user,
        scheme=scheme,
        item=item,
        unit=unit,
        period=period,
        value=D(value),
        evidence="三会一课记录齐全",
    )


def test_figures_become_points_and_ranks_with_missing_data_kept_missing(township):
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=3, completed=2)
    requests_in(township, township.qingping, accepted=1, completed=1)
    enter(township, scheme, township.gepu, 60)
    leader = township.town_leader.user

    assert scores_compute(actor=leader, scheme=scheme, period=MARCH) == 3

    # 镇江村: 3 accepted × 2 = 6; 2/3 completed × 20 = 13.33; 党建 not entered (missing).
    assert scores(scheme) == {
        "葛铺村": (D("60.00"), 1, 1),
        "庆坪村": (D("22.00"), 2, 1),
        "镇江村": (D("19.33"), 3, 1),
    }
    gepu_completion = ScoreComponent.objects.get(
        scheme=scheme, unit=township.gepu, item__indicator__code="services.completion_rate"
    )
    assert gepu_completion.value is None and gepu_completion.points is None  # no requests: no rate
    gepu_accepted = ScoreComponent.objects.get(
        scheme=scheme, unit=township.gepu, item__indicator__code="services.accepted"
    )
    assert gepu_accepted.value == 0 and gepu_accepted.points == 0  # a count of nothing is a real zero


def test_rows_of_a_group_count_for_its_village_and_other_towns_rows_do_not(township):
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=2, completed=0)
    # Rows recorded at a group (村民组) belong to its village's subtree.
    ServiceRequest.objects.filter(handling_unit=township.zhenjiang).update(
        handling_unit=township.zhenjiang_group_one
    )
    requests_in(township, township.gepu, accepted=5, completed=5)
    ServiceRequest.objects.filter(handling_unit=township.gepu).update(handling_unit=township.qingshi)
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    accepted = ScoreComponent.objects.filter(scheme=scheme, item__indicator__code="services.accepted")
    assert {c.unit.name: c.value for c in accepted.select_related("unit")} == {
        "镇江村": 2,
        "庆坪村": 0,
        "葛铺村": 0,
    }


def test_equal_totals_share_a_place_and_the_next_one_is_skipped(township):
    scheme = village_race(township)
    for unit in (township.zhenjiang, township.qingping):
        requests_in(township, unit, accepted=2, completed=1)
    requests_in(township, township.gepu, accepted=1, completed=0)
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    assert {name: rank for name, (_, rank, _) in scores(scheme).items()} == {
        "镇江村": 1,
        "庆坪村": 1,
        "葛铺村": 3,
    }


def test_rank_change_and_the_talk_after_two_periods_last(township):
    scheme = village_race(township)
    february = MARCH.previous()
    april = MARCH.next()
    requests_in(township, township.zhenjiang, accepted=4, completed=4, period=february)
    requests_in(township, township.gepu, accepted=3, completed=3, period=february)
    for period in (february, MARCH, april):
        requests_in(township, township.qingping, accepted=2, completed=2, period=period)
    requests_in(township, township.gepu, accepted=5, completed=5, period=MARCH)
    requests_in(township, township.gepu, accepted=5, completed=5, period=april)
    requests_in(township, township.zhenjiang, accepted=1, completed=0, period=april)
    for period in (february, MARCH, april):
        scores_compute(actor=None, scheme=scheme, period=period)

    march = {
        s.unit.name: s
        for s in Score.objects.filter(scheme=scheme, period_start=MARCH.start).select_related("unit")
    }
    # 镇江村 led February (28 points) and fell to last in March (nothing done): 2 places down.
    assert (march["镇江村"].rank, march["镇江村"].previous_rank, march["镇江村"].rank_change) == (3, 1, -2)
    assert march["庆坪村"].rank_change == 1
    assert march["镇江村"].last_streak == 1 and not march["镇江村"].needs_talk
    april_scores = {
        s.unit.name: s
        for s in Score.objects.filter(scheme=scheme, period_start=april.start).select_related("unit")
    }
    assert april_scores["镇江村"].last_streak == 2 and april_scores["镇江村"].needs_talk
    assert not any(s.needs_talk for name, s in april_scores.items() if name != "镇江村")


def test_nobody_is_last_when_everybody_ties(township):
    scheme = village_race(township)
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    assert {rank for _, rank, _ in scores(scheme).values()} == {1}
    assert not Score.objects.filter(scheme=scheme, last_streak__gt=0).exists()


def test_recomputing_replaces_the_period_and_counts_without_a_query_per_row(township):
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=2, completed=1)
    with CaptureQueriesContext(connection) as few:
        scores_compute(actor=None, scheme=scheme, period=MARCH)
    requests_in(township, township.zhenjiang, accepted=20, completed=15)
    requests_in(township, township.gepu, accepted=12, completed=3)
    with CaptureQueriesContext(connection) as many:
        scores_compute(actor=None, scheme=scheme, period=MARCH)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Score.objects.filter(scheme=scheme).count() == 3
    assert ScoreComponent.objects.filter(scheme=scheme).count() == 9
    assert scores(scheme)["镇江村"][0] == D("24.55")  # capped 10 + 20 × 16/22 completed


def test_a_scheme_can_weigh_basic_satisfaction_at_nine_tenths(township):
    weighted = village_race(
        township,
        name="三率考核",
        items=[ItemSpec(indicator("services.satisfaction_weighted"), D(100), Normalization.RATE)],
    )
    requests_in(township, township.zhenjiang, accepted=2, completed=2)
    for request, level in zip(
        ServiceRequest.objects.order_by("pk"),
        [RatingLevel.SATISFIED, RatingLevel.BASICALLY_SATISFIED],
        strict=True,
    ):
        Rating.objects.create(request=request, level=level, created_at=at(2026, 3, 10))
    scores_compute(actor=None, scheme=weighted, period=MARCH)
    component = ScoreComponent.objects.get(scheme=weighted, unit=township.zhenjiang)
    assert component.value == D("0.95") and component.points == D("95.00")


def test_only_organizers_with_the_right_compute_enter_and_publish(township):
    scheme = village_race(township)
    for outsider in (township.window_staff.user, township.village_cadre.user):
        with pytest.raises(PermissionDenied):
            scores_compute(actor=outsider, scheme=scheme, period=MARCH)
        with pytest.raises(PermissionDenied):
            board_publish(actor=outsider, scheme=scheme, period=MARCH)
    # A county supervisor of another county: allowed by role, refused by jurisdiction.
    from tests.factories import make_cadre
    from xiangzhen.org.models import CadreRole

    stranger = make_cadre("外县督查", CadreRole.COUNTY_SUPERVISOR, township.changshan, "waixian")
    with pytest.raises(NotFound):
        scores_compute(actor=stranger.user, scheme=scheme, period=MARCH)
    assert not Score.objects.exists()


def test_publishing_needs_scores_and_happens_once(township):
    scheme = village_race(township)
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed):
        board_publish(actor=leader, scheme=scheme, period=MARCH)
    scores_compute(actor=leader, scheme=scheme, period=MARCH)
    board_publish(actor=leader, scheme=scheme, period=MARCH)
    with pytest.raises(Conflict):
        board_publish(actor=leader, scheme=scheme, period=MARCH)
    assert AuditEvent.objects.filter(action="board.publish").count() == 1


def test_a_manual_entry_needs_evidence_a_competitor_and_points_within_the_item(township):
    scheme = village_race(township)
    leader = township.town_leader.user
    item = scheme.items.get(indicator=party_building(township))
    common = {"actor": leader, "scheme": scheme, "item": item, "period": MARCH}
    with pytest.raises(ValidationFailed):
        manual_entry_record(**common, unit=township.gepu, value=D(80), evidence="超过满分")
    with pytest.raises(ValidationFailed):
        manual_entry_record(**common, unit=township.gepu, value=D(50), evidence="  ")
    with pytest.raises(ValidationFailed):
        manual_entry_record(**common, unit=township.qingshi, value=D(50), evidence="外乡的村")
    computed = scheme.items.get(indicator__code="services.accepted")
    with pytest.raises(ValidationFailed):
        manual_entry_record(
            **{**common, "item": computed}, unit=township.gepu, value=D(5), evidence="自动指标"
        )
    entry = manual_entry_record(**common, unit=township.gepu, value=D(50), evidence="支部活动齐全")
    corrected = manual_entry_record(
        **common, unit=township.gepu, value=D(55), evidence="补充主题党日", version=1
    )
    assert (corrected.pk, corrected.value, corrected.version) == (entry.pk, D(55), 2)
    with pytest.raises(Conflict):
        manual_entry_record(**common, unit=township.gepu, value=D(40), evidence="旧页面", version=1)
    assert AuditEvent.objects.filter(action="manual_entry.record").count() == 2


def test_a_scheme_refuses_incomplete_rules(township):
    with pytest.raises(ValidationFailed, match="每件分值"):
        village_race(township, items=[ItemSpec(indicator("services.accepted"), D(10), Normalization.CAP)])
    with pytest.raises(ValidationFailed, match="目标值"):
        village_race(
            township, items=[ItemSpec(indicator("services.on_time_rate"), D(10), Normalization.THRESHOLD)]
        )
    with pytest.raises(PermissionDenied):
        scheme_create(
            actor=township.village_cadre.user,
            name="村自评",
            owner_unit=township.gepu,
            level="group",
            period_kind=PeriodKind.WEEK,
            items=[ItemSpec(indicator("services.accepted"), D(10), Normalization.RANK)],
        )


def test_the_command_computes_a_named_scheme_through_several_periods(township, capsys):
    scheme = village_race(township, name="周评比", period_kind=PeriodKind.WEEK)
    requests_in(township, township.zhenjiang, accepted=1, completed=1)
    call_command("compute_scores", "--scheme", "周评比", "--period", "2026-W09", "--through", "2026-W11")
    output = capsys.readouterr().out
    assert output.count("3 个单位") == 3
    weeks = sorted(set(Score.objects.filter(scheme=scheme).values_list("period_start", flat=True)))
    assert weeks == [
        period_containing(PeriodKind.WEEK, day).start
        for day in (at(2026, 2, 23).date(), at(2026, 3, 2).date(), at(2026, 3, 9).date())
    ]
    with pytest.raises(CommandError, match="看不懂"):
        call_command("compute_scores", "--scheme", str(scheme.pk), "--period", "上周")
    with pytest.raises(CommandError, match="没有"):
        call_command("compute_scores", "--scheme", "不存在的方案")


def test_recomputing_an_earlier_period_updates_the_rank_change_of_the_later_ones(township):
    scheme = village_race(township)
    april = MARCH.next()
    requests_in(township, township.gepu, accepted=5, completed=5, period=april)
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    scores_compute(actor=None, scheme=scheme, period=april)
    assert Score.objects.get(scheme=scheme, period_start=april.start, unit=township.gepu).rank_change == 0
    # March's figures arrive late (e.g. a manual sheet corrected): 葛铺村 was last in March after all.
    requests_in(township, township.zhenjiang, accepted=3, completed=3)
    requests_in(township, township.qingping, accepted=3, completed=3)
    scores_compute(actor=None, scheme=scheme, period=MARCH)
    april_gepu = Score.objects.get(scheme=scheme, period_start=april.start, unit=township.gepu)
    assert (april_gepu.previous_rank, april_gepu.rank, april_gepu.rank_change) == (3, 1, 2)
