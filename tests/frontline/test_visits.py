"""五进 visits: recorded with their problems; a problem becomes a supervised task or a service request."""

from datetime import date

import pytest

from tests.services.factories import APPLICANT, REQUIRED, make_item
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.frontline.models import VisitProblem
from xiangzhen.frontline.selectors import visit_counts, visit_get_for_user
from xiangzhen.frontline.services import visit_problem_to_request, visit_problem_to_task, visit_record
from xiangzhen.services.models import RequestStatus

pytestmark = pytest.mark.django_db


def household_visit(township, **changes):
    fields = {
        "actor": township.township_cadre.user,
        "kind": "household",
        "unit": township.zhenjiang_group_one,
        "target": "敖银桃家",
        "visited_on": date(2026, 11, 16),
        "findings": "养猪场缺启动资金",
        "problems": ["需要协调 8 万元创业贷款", "", "圈舍排污不达标"],
    } | changes
    return visit_record(**fields)


def test_a_visit_keeps_each_problem_found(township):
    visit = household_visit(township)
    assert [problem.description for problem in visit.problems.all()] == [
        "需要协调 8 万元创业贷款",
        "圈舍排污不达标",
    ]


def test_a_problem_becomes_a_supervised_task_once(township):
    visit = household_visit(township)
    problem = visit.problems.first()
    task = visit_problem_to_task(
        actor=township.township_cadre.user,
        problem=problem,
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=10,
    )
    assert task.source == "五进走访" and task.title == "需要协调 8 万元创业贷款"
    assert "敖银桃家" in task.detail
    assert VisitProblem.objects.get(pk=problem.pk).task == task
    with pytest.raises(Conflict):
        visit_problem_to_task(
            actor=township.township_cadre.user,
            problem=VisitProblem.objects.get(pk=problem.pk),
            owner_unit=township.zhenjiang,
            owner=township.township_cadre,
            limit_workdays=10,
        )


def test_a_problem_becomes_a_service_request_with_one_notice_of_what_is_missing(township):
    item = make_item()
    visit = household_visit(township)
    first, second = visit.problems.all()
    request = visit_problem_to_request(
        actor=township.township_cadre.user,
        problem=first,
        item=item,
        unit=township.zhenjiang,
        applicant=APPLICANT,
    )
    assert request.status == RequestStatus.AWAITING_MATERIALS
    assert request.description == "需要协调 8 万元创业贷款"
    complete = visit_problem_to_request(
        actor=township.township_cadre.user,
        problem=second,
        item=item,
        unit=township.zhenjiang,
        applicant=APPLICANT,
        materials_present=REQUIRED,
    )
    assert complete.status == RequestStatus.ACCEPTED
    assert VisitProblem.objects.get(pk=second.pk).service_request == complete


def test_counts_per_cadre_and_kind(township):
    household_visit(township)
    household_visit(township, kind="enterprise", target="铁皮石斛基地", problems=[])
    household_visit(
        township, actor=township.village_cadre.user, unit=township.gepu, kind="school", problems=[]
    )
    counts = {
        row.cadre_name: row
        for row in visit_counts(
            viewer=township.town_leader.user, since=date(2026, 1, 1), until=date(2026, 12, 31)
        )
    }
    mine = counts[township.township_cadre.name]
    assert (mine.by_kind["household"], mine.by_kind["enterprise"], mine.total, mine.problems) == (1, 1, 2, 2)
    assert counts[township.village_cadre.name].by_kind["school"] == 1
    only_zhenjiang = visit_counts(
        viewer=township.district_committee.user, since=date(2026, 1, 1), until=date(2026, 12, 31)
    )
    assert [row.cadre_name for row in only_zhenjiang] == [township.township_cadre.name]


def test_visits_outside_the_jurisdiction_are_neither_recorded_nor_shown(township):
    with pytest.raises(NotFound):
        household_visit(township, unit=township.gepu)
    visit = household_visit(township, actor=township.village_cadre.user, unit=township.gepu)
    with pytest.raises(NotFound):
        visit_get_for_user(township.district_committee.user, visit.pk)


def test_bad_visit_input_is_refused(township):
    for changes in ({"kind": "进商场"}, {"target": " "}, {"visited_on": date(2099, 1, 1)}):
        with pytest.raises(ValidationFailed):
            household_visit(township, **changes)
