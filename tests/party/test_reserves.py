"""The reserve-cadre pool: 选 (entry), 育 (training), 管 (trial posts after training, assessments), 用
(appointment only after all three with a passing latest assessment), and out with a reason."""

from datetime import date

import pytest

from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.party.models import AssessmentGrade, ReserveStatus, ReserveStepKind
from xiangzhen.party.selectors import reserve_list
from xiangzhen.party.services import reserve_add, reserve_appoint, reserve_remove, reserve_step_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def reserve(township):
    return reserve_add(
        actor=township.town_leader.user,
        village=township.gepu,
        name="陈光明",
        source="members",
        selected_on=date(2025, 3, 1),
        is_party_member=True,
        education="大专",
        current_work="种植大户",
    )


def step(township, reserve, kind, on, grade=""):
    return reserve_step_record(
        actor=township.town_leader.user,
        reserve=reserve,
        kind=kind,
        started_on=on,
        content="记录",
        grade=grade,
    )


def test_a_trial_post_comes_after_training(township, reserve):
    with pytest.raises(ValidationFailed, match="先培训后上岗"):
        step(township, reserve, ReserveStepKind.TRIAL_POST, date(2025, 4, 1))
    step(township, reserve, ReserveStepKind.TRAINING, date(2025, 4, 1))
    step(township, reserve, ReserveStepKind.TRIAL_POST, date(2025, 5, 1))
    assert reserve.steps.count() == 2


def test_an_assessment_needs_a_grade_and_nothing_predates_the_entry(township, reserve):
    with pytest.raises(ValidationFailed, match="须评定结果"):
        step(township, reserve, ReserveStepKind.ASSESSMENT, date(2025, 6, 1))
    with pytest.raises(ValidationFailed, match="早于入库日期"):
        step(township, reserve, ReserveStepKind.TRAINING, date(2025, 2, 1))


def test_appointment_needs_training_a_trial_post_and_a_passing_latest_assessment(township, reserve):
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="培训、上岗锻炼、称职以上的跟踪考察"):
        reserve_appoint(actor=leader, reserve=reserve, post="村委会委员", appointed_on=date(2026, 1, 5))
    step(township, reserve, ReserveStepKind.TRAINING, date(2025, 4, 1))
    step(township, reserve, ReserveStepKind.TRIAL_POST, date(2025, 5, 1))
    step(township, reserve, ReserveStepKind.ASSESSMENT, date(2025, 9, 1), AssessmentGrade.COMPETENT)
    step(township, reserve, ReserveStepKind.ASSESSMENT, date(2025, 12, 1), AssessmentGrade.INCOMPETENT)
    with pytest.raises(ValidationFailed, match="称职以上的跟踪考察"):
        reserve_appoint(actor=leader, reserve=reserve, post="村委会委员", appointed_on=date(2026, 1, 5))
    step(township, reserve, ReserveStepKind.ASSESSMENT, date(2026, 1, 2), AssessmentGrade.EXCELLENT)
    reserve_appoint(actor=leader, reserve=reserve, post="村委会委员", appointed_on=date(2026, 1, 5))
    assert (reserve.status, reserve.appointed_post) == (ReserveStatus.APPOINTED, "村委会委员")
    with pytest.raises(Conflict):
        step(township, reserve, ReserveStepKind.TRAINING, date(2026, 2, 1))


def test_out_of_the_pool_with_a_reason_and_a_new_entry_later(township, reserve):
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="写明原因"):
        reserve_remove(actor=leader, reserve=reserve, reason="", removed_on=date(2026, 1, 5))
    reserve_remove(actor=leader, reserve=reserve, reason="外出务工,无法履职", removed_on=date(2026, 1, 5))
    assert reserve.status == ReserveStatus.REMOVED
    with pytest.raises(Conflict):
        reserve_remove(actor=leader, reserve=reserve, reason="重复", removed_on=date(2026, 1, 6))
    assert list(reserve_list(viewer=leader, status=ReserveStatus.IN_POOL)) == []
    again = reserve_add(
        actor=leader, village=township.gepu, name="陈光明", source="self", selected_on=date(2026, 6, 1)
    )
    assert list(reserve_list(viewer=leader, status=ReserveStatus.IN_POOL)) == [again]


def test_one_person_is_in_the_pool_once(township, reserve):
    leader = township.town_leader.user
    reserve_add(
        actor=leader,
        village=township.gepu,
        name="李一",
        source="self",
        selected_on=date(2025, 3, 1),
        id_number="11010519491231002X",
    )
    with pytest.raises(Conflict, match="已在后备干部库中"):
        reserve_add(
            actor=leader,
            village=township.zhenjiang,
            name="李一",
            source="self",
            selected_on=date(2025, 3, 1),
            id_number="11010519491231002x",
        )


def test_reserves_are_kept_per_village_by_leaders(township, reserve):
    with pytest.raises(ValidationFailed, match="按村"):
        reserve_add(
            actor=township.town_leader.user,
            village=township.shengji,
            name="王五",
            source="self",
            selected_on=date(2025, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        reserve_step_record(
            actor=township.village_cadre.user,
            reserve=reserve,
            kind=ReserveStepKind.TRAINING,
            started_on=date(2025, 4, 1),
            content="培训",
        )
    with pytest.raises(NotFound):
        reserve_step_record(
            actor=township.district_committee.user,
            reserve=reserve,
            kind=ReserveStepKind.TRAINING,
            started_on=date(2025, 4, 1),
            content="培训",
        )
    assert list(reserve_list(viewer=township.village_cadre.user)) == [reserve]
