"""The front line is scored by what its visits settled and what its windows finished on the spot."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.frontline.test_visits import household_visit
from xiangzhen.assessment.registry import Measure, registered
from xiangzhen.frontline.services import visit_problem_to_task
from xiangzhen.supervision.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def _to_task(township, problem):
    return visit_problem_to_task(
        actor=township.township_cadre.user,
        problem=problem,
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
    )


def test_problems_found_on_visits_count_when_settled_within_their_time_limit(township):
    indicators = registered()
    assert {"frontline.visit_problems_on_time", "frontline.window_cases_on_spot"} <= set(indicators)
    assert not {"frontline.stay_compliance", "frontline.visits", "frontline.duty_check_ins"} & set(indicators)
    visit = household_visit(township, problems=["贷款", "排污", "道路"])
    settled, late, never_handed_on = visit.problems.order_by("id")
    limit = date(2026, 11, 30)
    task = _to_task(township, settled)
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, due_date=limit, completed_on=limit)
    overdue = _to_task(township, late)
    Task.objects.filter(pk=overdue.pk).update(due_date=limit)  # still open, its time limit past
    today = timezone.localdate()
    running = household_visit(township, visited_on=today, problems=["尚未到期"]).problems.get()
    _to_task(township, running)

    problems = indicators["frontline.visit_problems_on_time"]
    assert problems.rate and problems.measures == Measure.RATE
    rows = problems.rows(date(2026, 11, 1), date(2026, 12, 1))
    assert rows.count() == 3 and rows.filter(problems.numerator).get() == settled
    assert never_handed_on in rows
    # Still within its time limit: not counted against anyone yet.
    assert running not in problems.rows(today.replace(day=1), today + timedelta(days=1))
