from collections import Counter
from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from xiangzhen.audit.models import AuditEvent
from xiangzhen.demo.catalogue import catalogue_load
from xiangzhen.demo.secret import SECRET_FILE_NAME, demo_secret
from xiangzhen.demo.service_requests import service_requests_load
from xiangzhen.demo.township import DEMO_LOGINS, DEMO_PASSWORD, demo_load
from xiangzhen.org.models import Cadre, Post, Unit, UnitLevel
from xiangzhen.org.selectors import visible_units
from xiangzhen.services.models import RequestStatus, ServiceRequest
from xiangzhen.supervision.models import Meeting, MeetingKind
from xiangzhen.workdays.calendar import WorkdayCalendar

pytestmark = pytest.mark.django_db
FIRST_INSTALL_SECRET = "first-install-" + "x" * 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # One load for the whole module, rolled back at its end: the demo year takes seconds to generate.
    with (
        django_db_blocker.unblock(),
        override_settings(
            SECRET_KEY=FIRST_INSTALL_SECRET,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        demo_load()
        yield
        transaction.set_rollback(True)


def test_the_demo_township_loads_once_and_every_printed_login_works(demo, client, capsys):
    units, cadres, requests = Unit.objects.count(), Cadre.objects.count(), ServiceRequest.objects.count()
    call_command("load_demo")
    assert (Unit.objects.count(), Cadre.objects.count(), ServiceRequest.objects.count()) == (
        units,
        cadres,
        requests,
    )
    assert "已存在,未重复创建" in capsys.readouterr().out

    shengji = Unit.objects.get(name="生机镇")
    districts = Unit.objects.filter(parent=shengji, level=UnitLevel.DISTRICT)
    assert set(districts.values_list("name", flat=True)) == {"镇江片区", "葛铺片区", "耿官片区", "镰刀湾片区"}
    for district in districts:
        assert district.children.filter(level=UnitLevel.VILLAGE).count() == 3
    assert Cadre.objects.filter(posts__title="农村警务助理", posts__unit__parent__name="神山镇").count() == 11
    for name in [
        "千秋村",
        "燕岩村",
        "小场坝村",
        "赖山村",
        "果约村",
        "青石镇",
        "紫港街道",
        "大桥头乡",
        "新昌乡",
        "球川镇",
    ]:
        assert Unit.objects.filter(name=name).exists(), name

    # 生机镇's stations: about 2,350 accepted and 2,110 completed in a year, as the report says.
    in_shengji = ServiceRequest.objects.filter(handling_unit__in=Unit.objects.within([shengji]))
    accepted = in_shengji.exclude(
        status__in=[RequestStatus.AWAITING_MATERIALS, RequestStatus.REJECTED]
    ).count()
    completed = in_shengji.filter(status=RequestStatus.COMPLETED).count()
    assert accepted == 2350
    assert 2000 <= completed <= 2200
    assert in_shengji.filter(alert="red").exists() and in_shengji.filter(notices__isnull=False).exists()

    for login in DEMO_LOGINS:
        client.logout()
        assert client.login(username=login.username, password=DEMO_PASSWORD), login.username
        assert client.get("/").status_code == 200
        assert client.get("/services/").status_code == 200
        if login.username != "admin":
            user = Cadre.objects.get(user__username=login.username).user
            assert visible_units(user).exists()
            assert not visible_units(user).filter(name="常山县").exists()


def test_the_demo_has_disputes_meetings_and_tasks(demo):
    from xiangzhen.disputes.models import Dispute, ScreeningReport
    from xiangzhen.supervision.models import Task

    shengji = Unit.objects.get(name="生机镇")
    disputes = Dispute.objects.filter(place__in=Unit.objects.within([shengji]))
    assert disputes.count() == 150
    settled = disputes.filter(status="settled")
    assert settled.filter(settled_level="village").count() > settled.count() // 2
    assert Meeting.objects.filter(unit=shengji, kind=MeetingKind.JOINT).count() >= 6
    assert Task.objects.filter(status="done").exists() and Task.objects.exclude(status="done").exists()
    assert ScreeningReport.objects.filter(dispute_count=0).exists()

    # Every decision of a joint meeting answers an urgent problem reported at that meeting, and every
    # problem reported there is answered by a decision with a task for the 片区 that raised it.
    held = Meeting.objects.filter(unit=shengji, kind=MeetingKind.JOINT, held_on__lt=timezone.localdate())
    assert held.count() >= 6
    for meeting in held:
        reported = {
            report.urgent_problems: report.unit_id for report in meeting.reports.exclude(urgent_problems="")
        }
        decisions = list(meeting.decisions.prefetch_related("tasks"))
        assert reported and decisions, meeting.title
        answered = set()
        for decision in decisions:
            problems = [problem for problem in reported if problem in decision.text]
            assert len(problems) == 1, decision.text
            assert [task.owner_unit_id for task in decision.tasks.all()] == [reported[problems[0]]]
            answered.add(problems[0])
        assert answered == set(reported), meeting.title


def test_the_demo_year_looks_like_real_work(demo):
    today = timezone.localdate()
    calendar = WorkdayCalendar()

    # 生机镇 accepts requests in every week of the past year that had a working day before today.
    shengji = Unit.objects.get(name="生机镇")
    accepted_on = ServiceRequest.objects.filter(
        handling_unit__in=Unit.objects.within([shengji]), accepted_on__isnull=False
    ).values_list("accepted_on", flat=True)
    weeks_with_acceptances = {day.isocalendar()[:2] for day in accepted_on}
    working_weeks = {
        day.isocalendar()[:2]
        for day in (today - timedelta(days=offset) for offset in range(1, 365))
        if calendar.is_workday(day)
    }
    assert len(working_weeks) >= 50
    assert working_weeks - weeks_with_acceptances == set()

    # Audit events are spread over the year's working days and office hours, never piled in one minute.
    stamps = [timezone.localtime(stamp) for stamp in AuditEvent.objects.values_list("created_at", flat=True)]
    assert len(stamps) > 1000
    per_minute = Counter(stamp.replace(second=0, microsecond=0) for stamp in stamps)
    assert max(per_minute.values()) <= len(stamps) * 0.01
    # The load's own sweeps run now; everything replayed happened at the office on a working day.
    replayed = [stamp for stamp in stamps if stamp.date() < today]
    assert len(replayed) >= len(stamps) - 5
    assert all(calendar.is_workday(stamp.date()) for stamp in replayed)
    assert all(time(9) <= stamp.time() < time(17, 30) for stamp in replayed)
    assert len({stamp.date() for stamp in replayed}) > 150

    # People took up their posts on working days over several years, not all on one day.
    starts = list(Post.objects.values_list("start_date", flat=True))
    assert max(Counter(starts).values()) <= len(starts) * 0.05
    assert all(calendar.is_workday(day) and day < today for day in starts)
    assert len({day.year for day in starts}) >= 4


def test_two_installs_with_different_secrets_get_different_tracking_codes(demo):
    first = dict(ServiceRequest.objects.values_list("applicant_id_number", "tracking_code"))
    newest = ServiceRequest.objects.order_by("-pk").values_list("pk", flat=True).first()
    # The year of requests of a second install, generated beside the first with another secret.
    service_requests_load(
        items=catalogue_load(), today=timezone.localdate(), secret="second-install-" + "y" * 40
    )
    second = dict(
        ServiceRequest.objects.filter(pk__gt=newest).values_list("applicant_id_number", "tracking_code")
    )

    # The same requests (the rest of the demo is reproducible), under codes the other install cannot guess.
    assert len(first) > 3000
    assert first.keys() == second.keys()
    assert set(first.values()).isdisjoint(second.values())


def test_with_the_development_key_the_secret_is_made_once_per_data_dir(settings, tmp_path):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    settings.DATA_DIR = tmp_path / "one"
    settings.DATA_DIR.mkdir()
    secret = demo_secret()
    assert demo_secret() == secret == (tmp_path / "one" / SECRET_FILE_NAME).read_text().strip()
    assert len(secret) >= 32

    settings.DATA_DIR = tmp_path / "two"
    settings.DATA_DIR.mkdir()
    assert demo_secret() != secret


def test_the_demo_races_tell_the_seeds_story(demo):
    from xiangzhen.assessment.models import Score

    weekly = Score.objects.filter(scheme__name="大桥头乡村级党建周评比").select_related("unit")
    weeks = sorted(set(weekly.values_list("period_start", flat=True)))
    assert len(weeks) == 10 and weekly.filter(period_start=weeks[0]).count() == 8
    mengqiao = {score.period_start: score for score in weekly.filter(unit__name="濛桥村")}
    worst = {start: max(s.rank for s in weekly.filter(period_start=start)) for start in weeks}
    fell = [start for start in weeks if mengqiao[start].rank == worst[start]]
    assert len(fell) == 1  # the model village, last in exactly one week
    assert mengqiao[fell[0]].previous_rank is not None and mengqiao[fell[0]].rank_change < 0
    assert weekly.filter(needs_talk=True).exists()  # somebody was last two weeks running
    county = Score.objects.filter(scheme__name="全县一月一乡一推进").select_related("unit")
    months = sorted(set(county.values_list("period_start", flat=True)))
    daqiaotou = [county.get(period_start=month, unit__name="大桥头乡").rank for month in months]
    assert daqiaotou[0] == 5 and daqiaotou[-1] == 1  # from the back of the county to the front


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_nothing_shown_to_a_demo_role_answers_403_or_404(demo, username):
    from django.contrib.auth import get_user_model

    from tests.web.test_links import dead_links

    dead = dead_links(get_user_model().objects.get(username=username))
    assert not dead, f"{username}:\n" + "\n".join(dead)
