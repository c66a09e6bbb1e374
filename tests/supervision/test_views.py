from datetime import date

from xiangzhen.spreadsheets import response_bytes
from xiangzhen.supervision.models import MeetingKind, Task
from xiangzhen.supervision.services import meeting_create, task_create


def test_a_decision_with_an_owner_becomes_a_task_through_the_page(client, township):
    meeting = meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="联席会议",
        held_on=date(2026, 3, 2),
    )
    client.force_login(township.town_leader.user)
    response = client.post(
        f"/supervision/meetings/{meeting.pk}/decision/",
        {
            "text": "葛铺片区完成核桃基地补植",
            "with_task": "1",
            "title": "核桃补植",
            "owner_unit": township.gepu_district.pk,
            "owner": township.village_cadre.pk,
            "limit_workdays": "15",
        },
        follow=True,
    )
    assert "已记录决定,已交办“核桃补植”" in response.content.decode()
    task = Task.objects.get()
    assert task.decision.text == "葛铺片区完成核桃基地补植" and task.limit_workdays == 15
    printed = client.get(f"/supervision/meetings/{meeting.pk}/?print=1").content.decode()
    assert "核桃补植" in printed and "decision-form" not in printed


def test_task_pages_and_export_respect_jurisdiction(client, township):
    task = task_create(
        actor=township.town_leader.user,
        title="镇江村道路硬化",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    client.force_login(township.village_cadre.user)
    assert client.get(f"/supervision/tasks/{task.pk}/").status_code == 404
    assert "镇江村道路硬化" not in client.get("/supervision/tasks/").content.decode()
    client.force_login(township.town_leader.user)
    assert client.get(f"/supervision/tasks/{task.pk}/").status_code == 200
    export = client.get("/supervision/tasks.xlsx")
    from io import BytesIO

    from xiangzhen.spreadsheets import read_sheet

    rows = list(
        read_sheet(BytesIO(response_bytes(export)), sheet="督办事项", required_columns=["督办事项", "责任人"])
    )
    assert [row.values["督办事项"] for row in rows] == ["镇江村道路硬化"]


def test_the_agenda_page_is_printable_for_the_town(client, township):
    client.force_login(township.town_leader.user)
    page = client.get(f"/supervision/agenda/{township.shengji.pk}/").content.decode()
    assert "镇江片区" in page and "葛铺片区" in page
    client.force_login(township.village_cadre.user)
    assert client.get(f"/supervision/agenda/{township.shengji.pk}/").status_code == 404


def test_a_meeting_created_on_the_page_records_its_attendees(client, township):
    from xiangzhen.supervision.models import Meeting

    client.force_login(township.town_leader.user)
    client.post(
        "/supervision/meetings/",
        {
            "kind": "party_committee",
            "unit": township.shengji.pk,
            "title": "党委会",
            "held_on": "2026-03-09",
            "attendees": [township.town_leader.pk, township.window_staff.pk, township.district_committee.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert set(meeting.attendees.values_list("name", flat=True)) == {"张明华", "刘晓燕", "杨光荣"}
    response = client.post(
        "/supervision/meetings/",
        {"kind": "joint", "unit": township.shengji.pk, "title": "x", "held_on": "bad"},
        follow=True,
    )
    assert "会议日期格式不正确" in response.content.decode()
    assert Meeting.objects.count() == 1
