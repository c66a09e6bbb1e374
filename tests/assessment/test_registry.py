"""基层减负 by design: no registered indicator scores how much was recorded.

《整治形式主义为基层减负若干规定》(2024) and 《关于防治"指尖上的形式主义"的若干意见》(2023): work is not judged
by check-ins, logins, uploads or the number of records entered. Every indicator an app registers declares
what it measures (an outcome, or a rate of what was due), and its rows are not check-ins, logins, uploads or
audit rows; a count (an outcome) is not a count of activity records (visits, meetings, sessions, stays).
"""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Q

from xiangzhen.accounts.models import FailedLogin, LoginThrottle
from xiangzhen.assessment.registry import ComputedIndicator, Measure, register, registered
from xiangzhen.assistance.models import HouseholdEvent
from xiangzhen.assistance.models import Visit as HouseholdVisit
from xiangzhen.attachments.models import Attachment
from xiangzhen.audit.models import AuditEvent
from xiangzhen.frontline.models import CheckIn, DutyShift, VillageStay, Visit
from xiangzhen.party.models import ActivityAttachment, BranchActivity
from xiangzhen.training.models import Enrollment, TrainingSession

# Rows that record presence, logins or uploads: never a source of any indicator.
NEVER_SCORED = {CheckIn, DutyShift, VillageStay, User, Session, FailedLogin, LoginThrottle, AuditEvent}
NEVER_SCORED |= {Attachment, ActivityAttachment}
# Rows that record activity: a rate over them may be scored (主题党日 on its fixed day), their count never.
ACTIVITY_RECORDS = {Visit, HouseholdVisit, HouseholdEvent, BranchActivity, TrainingSession, Enrollment}
REMOVED = {
    "frontline.duty_check_ins",
    "frontline.stay_compliance",
    "frontline.visits",
    "assistance.household_visits",
    "party.activities_held",
    "training.sessions_held",
    "training.attendances",
}

PERIOD = (date(2026, 1, 1), date(2026, 2, 1))


@pytest.mark.parametrize("code", sorted(registered()))
def test_no_registered_indicator_counts_records_check_ins_logins_or_uploads(code):
    indicator = registered()[code]
    assert indicator.measures in Measure.values, f"{code} 未声明 measures"
    source = indicator.rows(*PERIOD).model
    assert source not in NEVER_SCORED, f"{code} 以签到、登录或上传记录计分"
    if indicator.measures == Measure.OUTCOME:
        assert not indicator.rate
        assert source not in ACTIVITY_RECORDS, f"{code} 以记录条数(走访、会议、培训)计分"


def test_the_seven_activity_counts_are_gone_and_each_has_an_outcome_in_its_place():
    codes = set(registered())
    assert not codes & REMOVED
    assert {
        "frontline.visit_problems_on_time",
        "frontline.window_cases_on_spot",
        "assistance.risk_eliminated_held",
        "party.required_activities_on_time",
        "training.target_group_finished",
    } <= codes


def test_an_indicator_without_a_declared_measure_or_with_a_count_of_records_is_refused():
    def count(measures: str, rate: bool = False) -> ComputedIndicator:
        return ComputedIndicator(
            code="frontline.sign_ins",
            name="签到次数",
            category="干部在一线",
            rows=lambda start, end: CheckIn.objects.filter(on__gte=start, on__lt=end),
            unit_field="village",
            numerator=Q(),
            rate=rate,
            measures=measures,
        )

    for measures in ("", "count", "activity"):
        with pytest.raises(ValueError, match="measures"):
            register(count(measures))
    with pytest.raises(ValueError, match="rate"):
        register(count(Measure.RATE, rate=False))
    assert "frontline.sign_ins" not in registered()
