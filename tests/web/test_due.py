"""到期提醒: overdue, today and this week, for me and my units, across requests, tasks and disputes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.services.factories import intake, make_item
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.services.models import ServiceRequest
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create
from xiangzhen.workdays.calendar import workdays_between


def due_in(model, row, days):
    model.objects.filter(pk=row.pk).update(due_date=timezone.localdate() + timedelta(days=days))


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
    return {
        "dispute_today": dispute("镇江村排水纠纷", township.zhenjiang, 0),
        "task_overdue": task("镇江村道路硬化", township.zhenjiang, township.township_cadre, -3),
        "request_week": request,
        "gepu_task": task("葛铺村危房改造", township.gepu, township.village_cadre, 1),
        "later": dispute("镇江村林地纠纷", township.zhenjiang, 10),
    }


def section(page: str, key: str) -> str:
    return page.split(f'id="due-{key}"')[1].split("<h2")[0]


def test_the_due_list_sorts_my_units_work_into_overdue_today_and_this_week(client, township, due_rows):
    client.force_login(township.township_cadre.user)  # 包村 镇江村
    page = client.get("/due/").content.decode()
    overdue, today, week = section(page, "overdue"), section(page, "today"), section(page, "week")
    assert "镇江村道路硬化" in overdue and "超期 3 天" in overdue
    assert f'href="/supervision/tasks/{due_rows["task_overdue"].pk}/"' in overdue
    assert "镇江村排水纠纷" in today and f"/disputes/{due_rows['dispute_today'].pk}/" in today
    request = due_rows["request_week"]
    assert request.tracking_code in week and f"/services/requests/{request.pk}/" in week
    today_date = timezone.localdate()
    workdays = workdays_between(today_date, today_date + timedelta(days=5))
    assert f"还剩 5 天({workdays} 个工作日)" in week
    assert "李*兰" in week and "李秀兰" not in page
    # Outside the jurisdiction, or due beyond a week: not listed.
    assert "葛铺村危房改造" not in page and "镇江村林地纠纷" not in page


def test_mine_only_keeps_what_i_own_or_answer_for(client, township, due_rows):
    client.force_login(township.township_cadre.user)
    page = client.get("/due/?mine=1").content.decode()
    assert "镇江村道路硬化" in page and "镇江村排水纠纷" in page
    assert due_rows["request_week"].tracking_code not in page
    client.force_login(township.window_staff.user)  # accepted the request: first officer
    mine = client.get("/due/?mine=1").content.decode()
    assert due_rows["request_week"].tracking_code in mine and "镇江村道路硬化" not in mine


def test_a_village_cadre_sees_only_their_village(client, township, due_rows):
    client.force_login(township.village_cadre.user)
    page = client.get("/due/").content.decode()
    assert "葛铺村危房改造" in section(page, "week") and "镇江村" not in page


def test_the_due_list_runs_a_fixed_number_of_queries(
    client, township, due_rows, django_assert_max_num_queries
):
    for number in range(10):
        row = task_create(
            actor=township.town_leader.user,
            title=f"督办{number}",
            owner_unit=township.zhenjiang,
            owner=township.township_cadre,
            limit_workdays=10,
        )
        due_in(Task, row, -number)
    client.force_login(township.town_leader.user)
    # Session, user, menu and notices, jurisdiction, three kinds, co-ownership and the calendar's year.
    with django_assert_max_num_queries(18):
        page = client.get("/due/").content.decode()
    assert page.count("督办") >= 10


def test_the_workbench_links_to_the_due_list(client, township):
    client.force_login(township.village_cadre.user)
    assert 'href="/due/"' in client.get("/").content.decode()
