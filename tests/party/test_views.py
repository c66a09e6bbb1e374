"""The party pages and API through HTTP: recording from the form, downloads inside the jurisdiction, bad
input answered in Chinese without a 500."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.party.factories import hold, make_branch
from xiangzhen.party.models import ActivityKind, BranchActivity, BranchVote, ReserveCadre
from xiangzhen.party.selectors import branch_members
from xiangzhen.spreadsheets import response_bytes
from xiangzhen.supervision.models import MeetingKind
from xiangzhen.supervision.services import decision_record, meeting_create

pytestmark = pytest.mark.django_db


def client_for(cadre) -> Client:
    client = Client()
    client.force_login(cadre.user)
    return client


@pytest.fixture
def branch(township):
    return make_branch(township.town_leader.user, township.gepu)


def test_a_village_cadre_records_a_theme_day_with_a_photo(township, branch):
    client = client_for(township.village_cadre)
    members = list(branch_members(branch))
    response = client.post(
        f"/party/branches/{branch.pk}/activities/new/",
        {
            "kind": "theme_day",
            "held_on": timezone.localdate().isoformat(),
            "topic": "学习新修订的党章",
            "minutes": "全体党员重温入党誓词。",
            "attendees": [member.pk for member in members[:6]],
            "absence_note": "外出务工 3 人",
            "attachments": [SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)],
        },
    )
    activity = BranchActivity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/party/activities/{activity.pk}/"
    assert (activity.present_count, activity.expected_count) == (6, 9)
    file = activity.files.get()
    download = client.get(f"/party/activities/{activity.pk}/files/{file.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    # 镇江片区 does not reach 葛铺村: the activity and its file are not found.
    outsider = client_for(township.district_committee)
    assert outsider.get(f"/party/activities/{activity.pk}/").status_code == 404
    assert outsider.get(f"/party/activities/{activity.pk}/files/{file.pk}/").status_code == 404


def test_the_recording_form_is_refused_to_a_role_without_the_action(township, branch):
    assert (
        client_for(township.township_cadre).get(f"/party/branches/{branch.pk}/activities/new/").status_code
        == 403
    )
    assert (
        client_for(township.village_cadre).get(f"/party/branches/{branch.pk}/activities/new/").status_code
        == 200
    )


def test_a_form_without_attendees_or_with_a_future_date_changes_nothing(township, branch):
    client = client_for(township.village_cadre)
    url = f"/party/branches/{branch.pk}/activities/new/"
    base = {"kind": "theme_day", "topic": "主题", "minutes": "记录"}
    response = client.post(
        url, {**base, "held_on": "2099-01-01", "attendees": [branch_members(branch).first().pk]}
    )
    assert "不能晚于" in response.content.decode()
    response = client.post(url, {**base, "held_on": "2026-03-02"})
    assert "请勾选出席的党员" in response.content.decode()
    response = client.post(url, {**base, "held_on": "2026-03-02", "attendees": ["²"]})
    assert response.status_code == 200 and "应为整数" in response.content.decode()
    assert not BranchActivity.objects.exists()


def test_the_board_page_names_the_missing_activities_and_exports(township, branch):
    client = client_for(township.town_leader)
    page = client.get("/party/?on=2026-03-27").content.decode()
    assert "葛铺村党支部" in page and "支部委员会会议" in page and "badge-red" in page
    assert "不能晚于" in client.get("/party/?on=2999-01-01").content.decode()
    export = client.get("/party/?on=2026-03-27&format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_branch_page_links_the_party_committees_major_decisions(township, branch):
    leader = township.town_leader.user
    meeting = meeting_create(
        actor=leader,
        kind=MeetingKind.PARTY_COMMITTEE,
        unit=township.shengji,
        title="镇党委会",
        held_on=date(2026, 3, 2),
        attendees=[township.town_leader, township.county_supervisor, township.district_committee],
    )
    decision_record(
        actor=leader,
        meeting=meeting,
        text="葛铺村党支部换届选举方案",
        is_major=True,
        opinions={cadre.pk: "同意" for cadre in meeting.attendees.all()},
    )
    page = client_for(township.village_cadre).get(f"/party/branches/{branch.pk}/")
    # The village cadre is not at the town: the town's meeting is outside their jurisdiction.
    assert "葛铺村党支部换届选举方案" not in page.content.decode()
    page = client_for(township.town_leader).get(f"/party/branches/{branch.pk}/").content.decode()
    assert "葛铺村党支部换届选举方案" in page and f"/supervision/meetings/{meeting.pk}/" in page


def test_the_vote_form_refuses_a_meeting_without_quorum(township, branch):
    assembly = hold(
        township.town_leader.user, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=date(2026, 3, 20), present=3
    )
    client = client_for(township.village_cadre)
    response = client.post(
        f"/party/activities/{assembly.pk}/vote/", {"subject": "事项", "ayes": "3"}, follow=True
    )
    assert "不能表决" in response.content.decode()
    assert not BranchVote.objects.exists()


def test_the_api_records_an_activity_and_a_vote(township, branch):
    client = client_for(township.village_cadre)
    members = list(branch_members(branch).values_list("pk", flat=True))
    response = client.post(
        f"/api/v1/party/branches/{branch.pk}/activities",
        data=json.dumps(
            {
                "kind": "general_assembly",
                "held_on": "2026-03-20",
                "topic": "党员大会",
                "minutes": "记录",
                "attendee_ids": members[:7],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["has_quorum"] is True
    activity_id = response.json()["id"]
    vote = client.post(
        f"/api/v1/party/activities/{activity_id}/votes",
        data=json.dumps({"subject": "接收预备党员", "ayes": 6, "noes": 1}),
        content_type="application/json",
    )
    assert vote.status_code == 201 and vote.json()["adopted"] is True
    compliance = client.get("/api/v1/party/compliance?on=2026-03-20").json()
    assembly = next(item for item in compliance[0]["requirements"] if item["kind"] == "general_assembly")
    assert assembly["held"] == 1 and assembly["missing"] == 0


def test_the_api_answers_bad_input_as_json(township, branch):
    client = client_for(township.village_cadre)
    response = client.post(
        f"/api/v1/party/branches/{branch.pk}/activities",
        data=json.dumps(
            {"kind": "nonsense", "held_on": "2026-03-20", "topic": "x", "minutes": "x", "attendee_ids": [1]}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422 and "error" in response.json()
    assert client.get("/api/v1/party/compliance?on=1999-01-01").status_code == 422
    assert client.get(f"/api/v1/party/branches/{2**63 - 1}").status_code == 404


def test_a_reserve_cadre_is_added_and_shown_masked(township):
    client = client_for(township.town_leader)
    response = client.post(
        "/party/reserves/",
        {"village": township.gepu.pk, "name": "陈光明", "source": "villagers", "phone": "13985011111"},
    )
    reserve = ReserveCadre.objects.get()
    assert response["Location"] == f"/party/reserves/{reserve.pk}/"
    page = client.get("/party/reserves/").content.decode()
    assert "陈*明" in page and "陈光明" not in page and "13985011111" not in page
    # A village cadre may read the pool but not add to it.
    refused = client_for(township.village_cadre).post(
        "/party/reserves/", {"village": township.gepu.pk, "name": "李四", "source": "self"}, follow=True
    )
    assert "只有乡镇领导和县级督查" in refused.content.decode()
    assert ReserveCadre.objects.count() == 1


def test_the_activity_ledger_exports_only_the_viewers_branches(township, branch):
    import io

    from openpyxl import load_workbook

    leader = township.town_leader.user
    hold(leader, branch, ActivityKind.THEME_DAY, held_on=date(2026, 3, 10), topic="重温入党誓词")
    other = make_branch(leader, township.zhenjiang)
    hold(leader, other, ActivityKind.THEME_DAY, held_on=date(2026, 3, 10), topic="镇江村主题党日")
    response = client_for(township.village_cadre).get("/party/activities/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    topics = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert topics == ["重温入党誓词"]
