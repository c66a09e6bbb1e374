"""我的待办, the home page: each person's obligations from every app, most urgent first, from the one clock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.services.factories import intake, make_item
from xiangzhen.clock.services import clock_sweep
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.services.models import ServiceRequest
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create


@pytest.mark.parametrize(
    ("persona", "cards"),
    [
        ("county_supervisor", ["七星关区"]),
        ("town_leader", ["生机镇"]),
        ("district_committee", ["镇江片区"]),
        ("township_cadre", ["镇江村"]),
        ("village_cadre", ["葛铺村"]),
    ],
)
def test_the_home_page_lists_the_units_the_user_answers_for(client, township, persona, cards):
    client.force_login(getattr(township, persona).user)
    page = client.get("/").content.decode()
    for name in ["七星关区", "生机镇", "镇江片区", "镇江村", "葛铺村", "青石村"]:
        assert (f"<strong>{name}</strong>" in page) == (name in cards), name


def test_english_is_available(client, township):
    client.force_login(township.village_cadre.user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    assert "Units I answer for" in page and "Village cadre" in page


def test_the_deploy_check_refuses_the_development_key(settings):
    from xiangzhen.web.checks import secret_key_is_not_the_development_key

    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [message.id for message in secret_key_is_not_the_development_key()] == ["xiangzhen.E001"]
    settings.SECRET_KEY = "a-real-production-secret"
    assert secret_key_is_not_the_development_key() == []


def due_in(model, row, days):
    """Move a row's deadline (a bulk UPDATE, as a data fix would): the sweep brings the clock up to date."""
    today = timezone.localdate()
    model.objects.filter(pk=row.pk).update(due_date=today + timedelta(days=days), yellow_from=today)


@pytest.fixture
def due_rows(township):
    leader = township.town_leader.user
    category = DisputeCategory.objects.get(name="邻里")

    def dispute(title, place, days):
        row = dispute_register(
            actor=leader,
            title=title,
            summary="情况",
            place=place,
            category=category,
            risk_level="general",
            source="visit",
            responsible=township.township_cadre,
            parties=[Party("李四光")],
        )
        due_in(Dispute, row, days)
        return row

    def task(title, unit, owner, days):
        row = task_create(actor=leader, title=title, owner_unit=unit, owner=owner, limit_workdays=10)
        due_in(Task, row, days)
        return row

    request = intake(township.window_staff.user, make_item(), township.zhenjiang, now=timezone.now())
    due_in(ServiceRequest, request, 5)
    rows = {
        "dispute_today": dispute("镇江村排水纠纷", township.zhenjiang, 0),
        "task_overdue": task("镇江村道路硬化", township.zhenjiang, township.township_cadre, -3),
        "request_week": request,
        "gepu_task": task("葛铺村危房改造", township.gepu, township.village_cadre, 1),
        "later": dispute("镇江村林地纠纷", township.zhenjiang, 10),
    }
    clock_sweep()
    return rows


def section(page: str, key: str) -> str:
    return page.split(f'id="todo-{key}"')[1].split("<h2")[0]


def test_my_todo_sorts_my_work_into_overdue_today_this_week_and_later(client, township, due_rows):
    client.force_login(township.township_cadre.user)  # 包村 镇江村, 包保 both disputes, owns the road task
    page = client.get("/").content.decode()
    overdue, today, later = section(page, "overdue"), section(page, "today"), section(page, "later")
    assert "镇江村道路硬化" in overdue and "超期 3 天" in overdue and "todo-red" in overdue
    assert f'href="/supervision/tasks/{due_rows["task_overdue"].pk}/"' in overdue
    assert "镇江村排水纠纷" in today and f"/disputes/{due_rows['dispute_today'].pk}/" in today
    assert "镇江村林地纠纷" in later and "还有 10 天" in later
    # Not mine: the clerk's request, the village's task.
    assert due_rows["request_week"].tracking_code not in page and "葛铺村危房改造" not in page
    counts = client.get("/").context["todo"].counts
    assert (counts.red, counts.mine) == (1, 3)


def test_the_clerk_finds_the_request_she_accepted(client, township, due_rows):
    client.force_login(township.window_staff.user)  # first officer of the request
    page = client.get("/").content.decode()
    request = due_rows["request_week"]
    week = section(page, "week")
    assert request.tracking_code in week and f"/services/requests/{request.pk}/" in week
    assert "李秀兰" not in page and "镇江村道路硬化" not in page


def test_a_leader_sees_the_red_items_of_their_units_and_a_village_cadre_only_their_own(
    client, township, due_rows
):
    client.force_login(township.town_leader.user)
    page = client.get("/").content.decode()
    assert "镇江村道路硬化" in section(page, "overdue")
    assert "镇江村排水纠纷" not in page  # not red and not the leader's
    client.force_login(township.county_supervisor.user)
    assert "镇江村道路硬化" in client.get("/").content.decode()
    client.force_login(township.village_cadre.user)
    page = client.get("/").content.decode()
    assert "葛铺村危房改造" in section(page, "week") and "镇江村" not in page


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, township, due_rows, django_assert_max_num_queries
):
    for number in range(30):
        row = task_create(
            actor=township.town_leader.user,
            title=f"督办{number}",
            owner_unit=township.zhenjiang,
            owner=township.township_cadre,
            limit_workdays=10,
        )
        due_in(Task, row, -number)
    clock_sweep()
    client.force_login(township.town_leader.user)
    # Session, user, menu and notices, jurisdiction, the list, its counters, the chart's tallies, the units.
    with django_assert_max_num_queries(16):
        page = client.get("/").content.decode()
    assert page.count("督办") >= 30


def test_the_old_due_page_opens_my_todo(client, township):
    client.force_login(township.village_cadre.user)
    response = client.get("/due/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_chart_reads_the_monthly_tallies(client, township):
    from tests.services.factories import at

    intake(township.window_staff.user, make_item(), township.zhenjiang, now=at(2026, 3, 2))
    client.force_login(township.town_leader.user)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: at(2026, 3, 20).date())
        context = client.get("/").context
    assert context["has_chart"] and context["chart"]["accepted"][-1] == 1
    assert context["chart"]["months"][-1] == "2026-03" and len(context["chart"]["months"]) == 12
