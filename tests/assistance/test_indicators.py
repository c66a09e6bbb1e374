from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.assistance.factories import register
from xiangzhen.assessment.registry import registered
from xiangzhen.assistance.models import Household, HouseholdStatus, Procedure, Review, ReviewStep
from xiangzhen.assistance.services import StepInput, measure_add, measure_step_done, visit_record


def at(month, day):
    return datetime(2026, month, day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_measures_on_time_are_registered_and_counted_and_visits_are_not_scored(township):
    indicators = registered()
    assert "assistance.measures_on_time" in indicators and "assistance.household_visits" not in indicators
    household = register(
        township.town_leader.user,
        township.gepu,
        township.village_cadre,
        publicity_from=date(2026, 3, 2),
        now=at(3, 2),
    )
    actor = township.village_cadre.user
    on_time = measure_add(
        actor=actor,
        household=household,
        kind="training",
        title="养殖培训",
        steps=[StepInput("参训", date(2026, 3, 20))],
        now=at(3, 2),
    )
    late = measure_add(
        actor=actor,
        household=household,
        kind="industry",
        title="发放仔猪",
        steps=[StepInput("发放", date(2026, 3, 25))],
        now=at(3, 2),
    )
    measure_add(
        actor=actor,
        household=household,
        kind="housing",
        title="危房改造",
        steps=[StepInput("验收", date(2026, 5, 1))],
        now=at(3, 2),
    )
    measure_step_done(actor=actor, step=on_time.steps.get(), done_on=date(2026, 3, 19), now=at(3, 19))
    measure_step_done(actor=actor, step=late.steps.get(), done_on=date(2026, 3, 28), now=at(3, 28))
    for day in (5, 18):
        visit_record(
            actor=actor, household=household, visited_on=date(2026, 3, day), notes="走访", now=at(3, day)
        )

    measures = indicators["assistance.measures_on_time"]
    rows = measures.rows(date(2026, 3, 1), date(2026, 4, 1))
    assert rows.count() == 2
    assert rows.filter(measures.numerator).count() == 1
    assert measures.rate


def test_a_cleared_household_counts_while_it_has_not_fallen_back(township):
    households = [
        register(
            township.town_leader.user,
            township.gepu,
            township.village_cadre,
            publicity_from=date(2026, 3, 2),
            now=at(3, 2),
        )
        for _ in range(2)
    ]
    for household in households:
        Review.objects.create(
            household=household,
            procedure=Procedure.EXIT,
            step=ReviewStep.COUNTY,
            approved=True,
            decided_on=date(2026, 9, 10),
            actor=township.town_leader.user,
        )
    held, fell_back = households
    Household.objects.filter(pk=held.pk).update(status=HouseholdStatus.CLEARED, cleared_on=date(2026, 9, 10))
    # Fell back in October and is monitored again: its September clearing did not hold.
    Household.objects.filter(pk=fell_back.pk).update(status=HouseholdStatus.PUBLICITY, cleared_on=None)

    stable = registered()["assistance.risk_eliminated_held"]
    rows = stable.rows(date(2026, 9, 1), date(2026, 10, 1))
    assert stable.rate and rows.count() == 2
    assert stable.numerator is not None and rows.filter(stable.numerator).get().household_id == held.pk
