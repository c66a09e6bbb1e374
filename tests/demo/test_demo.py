from collections import Counter
from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
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

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
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
    # "处理各类群众纠纷150余起": the year's 150, and this month's few still open with their 包保责任人.
    assert 150 <= disputes.count() <= 160
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
    # Everything, the load's own sweeps included, happened at the office on a working day, never later than
    # the load (today's events only up to the moment of the load).
    replayed = stamps
    assert all(calendar.is_workday(stamp.date()) for stamp in replayed)
    # Office hours, but for sign-ins: cadres sign in from the phone before nine.
    sign_ins = set(AuditEvent.objects.filter(action="check_in.record").values_list("created_at", flat=True))
    assert all(
        time(9) <= stamp.time() < time(17, 30) or (stamp in sign_ins and time(7, 30) <= stamp.time())
        for stamp in replayed
    )
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


# --- 生机镇 in every module: what each demo login finds in its own jurisdiction --------------------------------

SHENGJI_LOGINS = ["ducha", "shuji", "chuangkou", "pianqu", "baocun", "cunganbu"]


def _module_rows(user):
    """Each module's main list for `user`, with the unit each row belongs to (None: the selector's own rule,
    e.g. a task the user owns, is all there is to check)."""
    from xiangzhen.assistance.selectors import household_list
    from xiangzhen.collective.selectors import asset_list, contract_list, publication_scope
    from xiangzhen.disputes.selectors import dispute_list
    from xiangzhen.frontline.selectors import check_in_scope
    from xiangzhen.party.selectors import branch_list
    from xiangzhen.projects.selectors import project_list, target_scope
    from xiangzhen.services.selectors import service_request_scope
    from xiangzhen.supervision.selectors import meeting_scope, task_list
    from xiangzhen.training.selectors import school_scope, session_list

    return {
        "党建": (branch_list(viewer=user), "unit_id"),
        "监测帮扶": (household_list(viewer=user), "village_id"),
        "三资资产": (asset_list(viewer=user), "village_id"),
        "三资合同": (contract_list(viewer=user), "village_id"),
        "村务公开": (publication_scope(user), "village_id"),
        "重点项目": (project_list(viewer=user), None),
        "攻坚对象": (target_scope(user), "unit_id"),
        "培训学校": (school_scope(user), "unit_id"),
        "培训场次": (session_list(viewer=user), "school__unit_id"),
        "督办事项": (task_list(viewer=user), None),
        "会议": (meeting_scope(user), None),
        "矛盾纠纷": (dispute_list(viewer=user), "place_id"),
        "办件": (service_request_scope(user), None),
        "签到": (check_in_scope(user), None),
    }


def test_every_shengji_login_finds_every_module_in_its_own_jurisdiction(demo):
    from django.contrib.auth.models import User

    for username in SHENGJI_LOGINS:
        user = User.objects.get(username=username)
        visible = set(visible_units(user).values_list("pk", flat=True))
        for module, (rows, unit_field) in _module_rows(user).items():
            assert rows.exists(), (username, module)
            if unit_field is not None:
                units = set(rows.values_list(unit_field, flat=True))
                assert units <= visible, (username, module)
    # A 村干部 sees her village's part only, the 包村干部 his two villages', the 片区 its three villages'.
    cunganbu = User.objects.get(username="cunganbu")
    assert set(visible_units(cunganbu).filter(level=UnitLevel.VILLAGE).values_list("name", flat=True)) == {
        "葛铺村"
    }


def test_cunganbu_is_the_secretary_of_the_branch_she_sees(demo):
    from django.contrib.auth.models import User

    from xiangzhen.party.models import BranchPost, PostTitle
    from xiangzhen.party.selectors import branch_list, compliance_board

    user = User.objects.get(username="cunganbu")
    branches = list(branch_list(viewer=user))
    assert [branch.name for branch in branches] == ["葛铺村党支部"]
    secretary = BranchPost.objects.get(branch=branches[0], title=PostTitle.SECRETARY, ended_on__isnull=True)
    assert secretary.member.name == user.cadre.name == "吴秀英"
    # Her branch owes this quarter's 党课 and let this month's 主题党日 pass: her own to-do.
    missing = [
        requirement.kind
        for row in compliance_board(viewer=user, on=timezone.localdate())
        for requirement in row.requirements
        if requirement.held < requirement.required
    ]
    assert {"party_lecture", "theme_day"} <= set(missing)


def test_nothing_in_the_demo_is_dated_after_the_load(demo):
    from xiangzhen.services.models import Notification

    now = timezone.now()
    assert not AuditEvent.objects.filter(created_at__gt=now).exists()
    assert not Notification.objects.filter(created_at__gt=now).exists()
    # Notices arrive in office hours of working days (the replayed sweeps and digests, the assignments).
    calendar = WorkdayCalendar()
    stamps = [
        timezone.localtime(stamp) for stamp in Notification.objects.values_list("created_at", flat=True)
    ]
    assert len(stamps) >= 20
    assert all(
        calendar.is_workday(stamp.date()) and time(9) <= stamp.time() < time(17, 30) for stamp in stamps
    )
    assert len({stamp.date() for stamp in stamps}) >= 5


def test_overdue_requests_are_a_handful_and_overdue_by_days_not_months(demo):
    today = timezone.localdate()
    calendar = WorkdayCalendar()
    overdue = ServiceRequest.objects.filter(status=RequestStatus.ACCEPTED, due_date__lt=today)
    late_by = [calendar.workdays_between(due, today) for due in overdue.values_list("due_date", flat=True)]
    assert late_by and max(late_by) <= 20
    shengji = Unit.objects.get(name="生机镇")
    in_shengji = overdue.filter(handling_unit__in=Unit.objects.within([shengji])).count()
    assert 1 <= in_shengji <= 15


def test_a_few_per_cent_of_shengji_households_are_monitored(demo):
    from xiangzhen.assistance.models import PAIRED_STATUSES, Household, HouseholdStatus
    from xiangzhen.demo.shengji.assistance import VILLAGE_HOUSEHOLDS

    shengji = Unit.objects.get(name="生机镇")
    households = Household.objects.filter(village__in=Unit.objects.within([shengji]))
    share = households.count() / sum(VILLAGE_HOUSEHOLDS.values())
    assert 0.015 <= share <= 0.04
    statuses = Counter(households.values_list("status", flat=True))
    # Waiting at every step: 公示, the town's review, the county's confirmation, a risk-removal 公示.
    for status in (
        HouseholdStatus.PUBLICITY,
        HouseholdStatus.TOWN_APPROVED,
        HouseholdStatus.MONITORED,
        HouseholdStatus.EXIT_PUBLICITY,
        HouseholdStatus.CLEARED,
    ):
        assert statuses[status] >= 1, status
    assert statuses[HouseholdStatus.MONITORED] > households.count() // 2
    loads = Counter(households.filter(status__in=PAIRED_STATUSES).values_list("responsible_id", flat=True))
    assert max(loads.values()) <= 5


def _own_open_work(user):
    """The domains in which `user` has something of their own still to do on the load day."""
    from xiangzhen.assistance.models import HouseholdStatus, MeasureStep
    from xiangzhen.assistance.selectors import household_scope
    from xiangzhen.clock.selectors import todo_counts
    from xiangzhen.collective.models import Publication
    from xiangzhen.disputes.models import Dispute, DisputeStatus
    from xiangzhen.frontline.models import DutyShift
    from xiangzhen.frontline.selectors import pending_swaps
    from xiangzhen.party.selectors import compliance_board
    from xiangzhen.projects.models import CampaignTarget, Milestone, MilestoneStatus
    from xiangzhen.supervision.models import RUNNING_TASK_STATUSES, Task, TaskStatus
    from xiangzhen.supervision.selectors import user_may_verify

    today = timezone.localdate()
    cadre = user.cadre
    households = household_scope(user)
    domains = {
        "办件": ServiceRequest.objects.filter(
            assigned_officer=user, status__in=[RequestStatus.ACCEPTED, RequestStatus.PAUSED]
        ).exists(),
        "督办": Task.objects.filter(owner=cadre, status__in=RUNNING_TASK_STATUSES).exists()
        or any(
            user_may_verify(user, task)
            for task in Task.objects.filter(status=TaskStatus.AWAITING_VERIFICATION)
        ),
        "会议": Meeting.objects.filter(attendees=cadre, held_on__gte=today).exists(),
        "纠纷": Dispute.objects.filter(responsible=cadre, status=DisputeStatus.OPEN).exists(),
        "监测帮扶": households.filter(responsible=cadre, status=HouseholdStatus.PUBLICITY).exists()
        or MeasureStep.objects.filter(
            measure__household__responsible=cadre,
            done_on__isnull=True,
            due_date__lte=today + timedelta(days=14),
        ).exists()
        or (
            cadre.role == "town_leader"
            and households.filter(
                status=HouseholdStatus.PUBLICITY, publicity_from__lte=today - timedelta(days=5)
            ).exists()
        )
        or (
            cadre.role == "county_supervisor"
            and households.filter(status=HouseholdStatus.TOWN_APPROVED).exists()
        ),
        "党建": cadre.role == "village_cadre"
        and any(
            requirement.held < requirement.required and requirement.alert != "none"
            for row in compliance_board(viewer=user, on=today)
            for requirement in row.requirements
        ),
        "三资": cadre.role == "village_cadre"
        and Publication.objects.filter(
            village__in=visible_units(user), published_on__isnull=True, period_end__lt=today
        ).exists(),
        "项目攻坚": Milestone.objects.filter(owner=cadre, status=MilestoneStatus.PENDING).exists()
        or CampaignTarget.objects.filter(cadre=cadre, step__lt=2).exists(),
        "一线": DutyShift.objects.filter(cadre=cadre, on__gte=today).exists()
        or (cadre.role == "town_leader" and pending_swaps(viewer=user).exists()),
        "红牌": cadre.role in {"town_leader", "county_supervisor"}
        and todo_counts(viewer=user, today=today).red > 0,
    }
    return {domain for domain, found in domains.items() if found}


def test_every_shengji_login_has_open_work_of_its_own_in_three_domains(demo):
    from django.contrib.auth.models import User

    for username in SHENGJI_LOGINS:
        domains = _own_open_work(User.objects.get(username=username))
        assert len(domains) >= 3, (username, domains)


def test_shengji_sign_ins_agree_with_the_rota_and_the_stays_are_mostly_kept(demo):
    from django.contrib.auth.models import User

    from xiangzhen.frontline.models import CheckIn, DutyShift
    from xiangzhen.frontline.selectors import attendance_sheet, stay_compliance, week_start_of

    today = timezone.localdate()
    shengji = Unit.objects.get(name="生机镇")
    leader = User.objects.get(username="shuji")
    # Whoever held a shift that day signed in that day, at the moment the rota records.
    for shift in DutyShift.objects.filter(unit=shengji, on__lt=today, checked_in_at__isnull=False):
        assert CheckIn.objects.filter(cadre_id=shift.cadre_id, at=shift.checked_in_at).exists(), shift
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    sheet = attendance_sheet(viewer=leader, unit=shengji, month=last_month, today=today)
    marks = Counter(mark for row in sheet.rows for mark in row.marks)
    # Signing in is optional: no day is marked 缺.
    assert marks["缺"] == 0 and marks["假"] >= 1
    assert (
        marks["√"] > 20
    )  # 迟 still comes from the window-duty sign-ins (duty_shift_check_in): see the report
    week = week_start_of(today) - timedelta(days=7)
    stays = stay_compliance(viewer=leader, week_start=week)
    assert len(stays) >= 20 and sum(stay.compliant for stay in stays) >= 0.75 * len(stays)


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_nothing_shown_to_a_demo_role_answers_403_or_404(demo, username):
    from django.contrib.auth import get_user_model

    from tests.web.test_links import dead_links

    dead = dead_links(get_user_model().objects.get(username=username))
    assert not dead, f"{username}:\n" + "\n".join(dead)


def test_shengji_has_its_duty_list_and_the_district_handed_down_tasks_wait_for_review(demo, client):
    from xiangzhen.duties.models import DutyCategory, DutyItem
    from xiangzhen.supervision.models import Admission, Task, TaskStatus

    shengji = Unit.objects.get(name="生机镇")
    items = DutyItem.objects.filter(town=shengji, is_current=True)
    assert {category for category, _ in DutyCategory.choices} == set(items.values_list("category", flat=True))
    handed_down = Task.objects.filter(owner_unit=shengji, handed_down=True)
    assert handed_down.filter(admission=Admission.PENDING).count() == 2
    returned = handed_down.get(admission=Admission.RETURNED)
    assert returned.status == TaskStatus.WITHDRAWN and returned.duty_item.category == DutyCategory.WITHDRAWN
    client.login(username="ducha", password=DEMO_PASSWORD)
    page = client.get(reverse("supervision:admissions")).content.decode()
    assert "填报区文明办网络文明志愿服务台账" in page
