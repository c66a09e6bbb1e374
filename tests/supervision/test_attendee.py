"""The 片区 cadre who attends the town's joint meeting sees it, and his 片区's part of its agenda."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import meeting_create, meeting_report_submit


@pytest.fixture
def town_meeting(township):
    return meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="第 7 次片区工委联席会议",
        held_on=timezone.localdate() + timedelta(days=3),
        attendees=[township.town_leader, township.district_committee],
    )


def test_an_attendee_sees_the_town_meeting_in_the_list_and_on_its_page(client, township, town_meeting):
    client.force_login(township.district_committee.user)  # 镇江片区; the town is outside his jurisdiction
    assert "第 7 次片区工委联席会议" in client.get("/supervision/meetings/").content.decode()
    page = client.get(f"/supervision/meetings/{town_meeting.pk}/").content.decode()
    assert "第 7 次片区工委联席会议" in page
    # He reports for his 片区 but records no decision for the town.
    assert 'id="decision-form"' not in page and "镇江片区下次议程" in page
    response = client.post(
        f"/supervision/meetings/{town_meeting.pk}/report/",
        {
            "unit": township.zhenjiang_district.pk,
            "recent_work": "完成柑橘基地灌溉",
            "urgent_problems": "缺水泵",
        },
        follow=True,
    )
    assert "已登记镇江片区的汇报" in response.content.decode()
    denied = client.post(
        f"/supervision/meetings/{town_meeting.pk}/decision/", {"text": "越权决定"}, follow=True
    )
    assert "越权决定" not in denied.content.decode()
    assert not town_meeting.decisions.exists()


def test_a_cadre_who_did_not_attend_still_does_not_see_it(client, township, town_meeting):
    client.force_login(township.village_cadre.user)
    assert "第 7 次片区工委联席会议" not in client.get("/supervision/meetings/").content.decode()
    assert client.get(f"/supervision/meetings/{town_meeting.pk}/").status_code == 404
    # Nor does the API list it for someone whose units are elsewhere.
    town_meeting.attendees.remove(township.district_committee)
    client.force_login(township.district_committee.user)
    assert client.get(f"/supervision/meetings/{town_meeting.pk}/").status_code == 404


def test_the_district_agenda_shows_its_part_of_the_town_meeting(client, township, town_meeting):
    client.force_login(township.district_committee.user)
    page = client.get(f"/supervision/agenda/{township.zhenjiang_district.pk}/").content.decode()
    assert "第 7 次片区工委联席会议" in page and "生机镇召开" in page
    assert "镇江片区" in page.split('id="owing-reports"')[1].split("</ul>")[0]
    meeting_report_submit(
        actor=township.district_committee.user,
        meeting=town_meeting,
        unit=township.zhenjiang_district,
        recent_work="完成",
    )
    page = client.get(f"/supervision/agenda/{township.zhenjiang_district.pk}/").content.decode()
    assert "均已提交" in page.split('id="owing-reports"')[1].split("</ul>")[0]
    # The town's own agenda is unchanged: every 片区 reports to it.
    client.force_login(township.town_leader.user)
    town = client.get(f"/supervision/agenda/{township.shengji.pk}/").content.decode()
    owing = town.split('id="owing-reports"')[1].split("</ul>")[0]
    assert "葛铺片区" in owing and "镇江片区" not in owing
