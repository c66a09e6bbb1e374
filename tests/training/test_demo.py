"""The demo's four 片区 schools tell the report's figures: 20 sessions, 21 skills, 600 attendances."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, make_unit
from xiangzhen.audit.models import AuditEvent
from xiangzhen.demo.training import training_load
from xiangzhen.org.models import CadreRole, UnitLevel
from xiangzhen.org.services import cadre_create
from xiangzhen.training.models import Enrollment, School, SessionStatus, TrainingSession
from xiangzhen.training.selectors import plan_progress, training_figures
from xiangzhen.workdays.calendar import WorkdayCalendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def shengji():
    county = make_unit("七星关区", UnitLevel.COUNTY, code="520502000000")
    town = make_unit("生机镇", UnitLevel.TOWN, county)
    for district, villages in {
        "镇江片区": ["镇江村", "庆坪村", "峨峰村"],
        "葛铺片区": ["葛铺村", "新街村", "大水村"],
        "耿官片区": ["联合村", "耿官村", "双河村"],
        "镰刀湾片区": ["镰刀湾村", "高流村", "石丫村"],
    }.items():
        parent = make_unit(district, UnitLevel.DISTRICT, town)
        for village in villages:
            make_unit(village, UnitLevel.VILLAGE, parent)
    # In office for years: the demo replays the year's work at the moments it happened.
    return cadre_create(
        actor=None,
        name="张明华",
        role=CadreRole.TOWN_LEADER,
        unit=town,
        title="党委书记",
        start_date=timezone.localdate() - timedelta(days=730),
        username="shuji",
        password=PASSWORD,
    )


def test_the_demo_schools_report_the_seeds_figures_once(shengji):
    today = timezone.localdate()
    assert training_load(today=today) == 20
    assert training_load(today=today) == 0
    assert School.objects.count() == 4
    _rows, total = training_figures(viewer=shengji.user, since=today - timedelta(days=365), until=today)
    assert (total.sessions, total.skills, total.attendances) == (20, 21, 600)
    assert total.people < 600  # the same residents come back for other courses
    assert all(session.enrolled_count <= session.capacity == 30 for session in TrainingSession.objects.all())
    plan = School.objects.get(unit__name="镇江片区").plans.get()
    progress = plan_progress(plan)
    assert (progress.held_sessions, progress.planned_sessions, progress.covered, progress.target) == (
        3,
        4,
        90,
        120,
    )
    waiting = Enrollment.objects.filter(status="waitlisted", session__status=SessionStatus.SCHEDULED)
    assert waiting.count() == 3
    # The paperwork was typed in at the office, on working days before the load day.
    calendar = WorkdayCalendar()
    stamps = [
        timezone.localtime(stamp)
        for stamp in AuditEvent.objects.filter(actor=shengji.user).values_list("created_at", flat=True)
    ]
    assert len(stamps) > 700
    assert all(stamp.date() < today and calendar.is_workday(stamp.date()) for stamp in stamps)
    assert all(time(9) <= stamp.time() < time(17, 30) for stamp in stamps)
