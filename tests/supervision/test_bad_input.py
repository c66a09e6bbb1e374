"""Meetings and tasks: garbage in any form answers a Chinese message and writes nothing."""

from datetime import date

import pytest

from xiangzhen.audit.models import AuditEvent
from xiangzhen.supervision.models import Decision, Meeting, MeetingKind, MeetingReport, Task
from xiangzhen.supervision.services import meeting_create


@pytest.fixture
def meeting(township):
    return meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="联席会议",
        held_on=date(2026, 3, 2),
    )


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_decision_without_a_task_saves_even_with_the_hidden_task_fields_posted(client, township, meeting):
    client.force_login(township.town_leader.user)
    # The browser posts the collapsed task fields with their defaults; unticked, they must not matter.
    response = client.post(
        f"/supervision/meetings/{meeting.pk}/decision/",
        {
            "text": "下周开展森林防火巡查",
            "title": "",
            "owner_unit": township.gepu_district.pk,
            "owner": township.village_cadre.pk,
            "limit_workdays": "10",
        },
        follow=True,
    )
    assert "已记录决定" in text_of(response)
    assert Decision.objects.get().text == "下周开展森林防火巡查"
    assert not Task.objects.exists()


def test_the_decision_form_does_not_require_the_task_fields(client, township, meeting):
    client.force_login(township.town_leader.user)
    page = text_of(client.get(f"/supervision/meetings/{meeting.pk}/"))
    form = page.split('id="decision-form"')[1].split("</form>")[0]
    assert 'name="with_task"' in form
    assert 'name="title" required' not in form and "required>" not in form.split("<details>")[1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "督办事项不能为空"),
        ({"owner": "abc"}, "责任人应为整数"),
        ({"owner_unit": "²"}, "责任单位应为整数"),
        ({"limit_workdays": "abc"}, "办理时限(工作日)应为整数"),
        ({"limit_workdays": "0"}, "办理时限(工作日)应在 1 到"),
        ({"owner_unit": "99999"}, "单位不存在"),
    ],
)
def test_a_decision_and_its_task_are_written_together_or_not_at_all(
    client, township, meeting, changes, message
):
    client.force_login(township.town_leader.user)
    events = AuditEvent.objects.count()
    data = {
        "text": "葛铺片区完成核桃基地补植",
        "with_task": "1",
        "title": "核桃补植",
        "owner_unit": township.gepu_district.pk,
        "owner": township.village_cadre.pk,
        "limit_workdays": "15",
    }
    response = client.post(f"/supervision/meetings/{meeting.pk}/decision/", data | changes, follow=True)
    assert message in text_of(response)
    assert not Decision.objects.exists() and not Task.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_service_rolls_back_the_decision_when_the_task_is_refused(township, meeting):
    from xiangzhen.errors import ValidationFailed
    from xiangzhen.supervision.services import TaskOrder, decision_record

    with pytest.raises(ValidationFailed):
        decision_record(
            actor=township.town_leader.user,
            meeting=meeting,
            text="修缮村道",
            task=TaskOrder(
                title="  ", owner_unit=township.gepu, owner=township.village_cadre, limit_workdays=5
            ),
        )
    assert not Decision.objects.exists()
    decision = decision_record(
        actor=township.town_leader.user,
        meeting=meeting,
        text="修缮村道",
        task=TaskOrder(
            title="修缮村道", owner_unit=township.gepu, owner=township.village_cadre, limit_workdays=5
        ),
    )
    task = decision.tasks.get()
    assert task.source == "会议决定" and task.owner_unit == township.gepu
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {"decision.record", "task.create"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "abc"}, "召开单位应为整数"),
        ({"held_on": "1900-01-01"}, "会议日期不能早于"),
        ({"held_on": "2999-01-01"}, "会议日期不能晚于"),
        ({"held_on": ""}, "请填写会议日期"),
        ({"attendees": ["²"]}, "参会人员应为整数"),
    ],
)
def test_the_meeting_form_refuses_garbage(client, township, changes, message):
    client.force_login(township.town_leader.user)
    data = {"kind": "joint", "unit": township.shengji.pk, "title": "联席会议", "held_on": "2026-03-02"}
    assert message in text_of(client.post("/supervision/meetings/", data | changes, follow=True))
    assert not Meeting.objects.exists()


def test_the_report_form_refuses_garbage(client, township, meeting):
    client.force_login(township.town_leader.user)
    response = client.post(
        f"/supervision/meetings/{meeting.pk}/report/", {"unit": "²", "recent_work": "完成"}, follow=True
    )
    assert "汇报单位应为整数" in text_of(response)
    assert not MeetingReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": "abc"}, "责任人应为整数"),
        ({"limit_workdays": "²"}, "应为整数"),
        ({"owner_unit": ""}, "请选择责任单位"),
    ],
)
def test_the_task_form_refuses_garbage(client, township, changes, message):
    client.force_login(township.town_leader.user)
    data = {
        "title": "镇江村道路硬化",
        "owner_unit": township.zhenjiang.pk,
        "owner": township.township_cadre.pk,
        "limit_workdays": "5",
    }
    assert message in text_of(client.post("/supervision/tasks/add/", data | changes, follow=True))
    assert not Task.objects.exists()


def test_text_a_column_cannot_hold_is_refused_before_the_database(client, township, meeting):
    client.force_login(township.town_leader.user)
    data = {"kind": "joint", "unit": township.shengji.pk, "held_on": "2026-03-02"}
    response = client.post("/supervision/meetings/", data | {"title": "会" * 121}, follow=True)
    assert "会议名称不能超过 120 个字" in text_of(response)
    assert Meeting.objects.count() == 1
    response = client.post(
        f"/supervision/meetings/{meeting.pk}/decision/",
        {
            "text": "决定",
            "with_task": "1",
            "title": "事" * 201,
            "owner_unit": township.gepu.pk,
            "owner": township.village_cadre.pk,
            "limit_workdays": "5",
        },
        follow=True,
    )
    assert "督办事项不能超过 200 个字" in text_of(response)
    response = client.post(f"/supervision/meetings/{meeting.pk}/decision/", {"text": "a\x00b"}, follow=True)
    assert "决定事项含有无效字符" in text_of(response)
    assert not Decision.objects.exists() and not Task.objects.exists()


@pytest.mark.parametrize("action", ["progress", "submit", "return"])
def test_the_task_forms_refuse_text_the_database_cannot_hold(client, township, action):
    from xiangzhen.supervision.models import TaskProgress
    from xiangzhen.supervision.services import task_create

    task = task_create(
        actor=township.town_leader.user,
        title="镇江村道路硬化",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    client.force_login(township.town_leader.user)
    response = client.post(f"/supervision/tasks/{task.pk}/{action}/", {"note": "完成\x00"}, follow=True)
    assert "含有无效字符" in text_of(response)
    assert not TaskProgress.objects.exists()
    task.refresh_from_db()
    assert task.status == "todo"
