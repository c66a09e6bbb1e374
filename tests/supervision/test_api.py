from xiangzhen.api.services import api_token_issue


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def test_the_task_loop_through_the_api(client, township):
    leader, owner = bearer(township.town_leader.user), bearer(township.township_cadre.user)
    created = client.post(
        "/api/v1/tasks",
        {
            "title": "镇江村污水管网",
            "owner_unit_id": township.zhenjiang.pk,
            "owner_id": township.township_cadre.pk,
            "limit_workdays": 5,
        },
        content_type="application/json",
        **leader,
    )
    assert created.status_code == 201
    task_id = created.json()["id"]
    progress = client.post(
        f"/api/v1/tasks/{task_id}/progress", {"note": "已开挖"}, content_type="application/json", **owner
    )
    assert progress.json()["status"] == "in_progress"
    submitted = client.post(
        f"/api/v1/tasks/{task_id}/submit", {"note": "完工"}, content_type="application/json", **owner
    )
    assert submitted.json()["status"] == "awaiting_verification"
    own = client.post(
        f"/api/v1/tasks/{task_id}/verify", {"approved": True}, content_type="application/json", **owner
    )
    assert own.status_code == 403 and own.json()["error"]["code"] == "forbidden"
    done = client.post(
        f"/api/v1/tasks/{task_id}/verify", {"approved": True}, content_type="application/json", **leader
    )
    assert done.json()["status"] == "done"
    outsider = bearer(township.village_cadre.user)
    assert client.get(f"/api/v1/tasks/{task_id}", **outsider).status_code == 404


def test_meetings_are_listed_within_the_jurisdiction(client, township):
    from datetime import date

    from xiangzhen.supervision.services import meeting_create

    meeting_create(
        actor=township.town_leader.user,
        kind="joint",
        unit=township.shengji,
        title="联席会议",
        held_on=date(2026, 3, 2),
    )
    assert [
        m["title"] for m in client.get("/api/v1/meetings", **bearer(township.town_leader.user)).json()
    ] == ["联席会议"]
    assert client.get("/api/v1/meetings", **bearer(township.village_cadre.user)).json() == []


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", **bearer(user))


def test_a_joint_meeting_through_the_api_create_report_decide_and_read(client, township):
    leader = township.town_leader.user
    created = post(
        client,
        "/api/v1/meetings",
        {
            "kind": "joint",
            "unit_id": township.shengji.pk,
            "title": "第 3 次片区工委联席会议",
            "held_on": "2026-03-10",
            "attendee_ids": [
                township.town_leader.pk,
                township.window_staff.pk,
                township.district_committee.pk,
            ],
        },
        leader,
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["kind_label"] == "片区工委联席会议"
    assert [attendee["name"] for attendee in meeting["attendees"]] == ["张明华", "刘晓燕", "杨光荣"]
    url = f"/api/v1/meetings/{meeting['id']}"

    reported = post(
        client,
        f"{url}/reports",
        {
            "unit_id": township.zhenjiang_district.pk,
            "recent_work": "完成人居环境整治",
            "urgent_problems": "缺垃圾车",
        },
        leader,
    )
    assert reported.status_code == 200
    assert reported.json()["reports"][0]["unit_name"] == "镇江片区"

    plain = post(client, f"{url}/decisions", {"text": "下月再议"}, leader)
    assert plain.status_code == 201 and plain.json()["task_ids"] == []

    major = post(
        client,
        f"{url}/decisions",
        {
            "text": "购置垃圾车一辆",
            "is_major": True,
            "opinions": [
                {"cadre_id": township.town_leader.pk, "opinion": "同意"},
                {"cadre_id": township.window_staff.pk, "opinion": "同意"},
                {"cadre_id": township.district_committee.pk, "opinion": "同意,尽快"},
            ],
            "task": {
                "title": "采购垃圾车",
                "owner_unit_id": township.zhenjiang_district.pk,
                "owner_id": township.district_committee.pk,
                "limit_workdays": 10,
            },
        },
        leader,
    )
    assert major.status_code == 201, major.content
    task_id = major.json()["task_ids"][0]
    assert client.get(f"/api/v1/tasks/{task_id}", **bearer(leader)).json()["title"] == "采购垃圾车"

    detail = client.get(url, **bearer(leader)).json()
    assert [decision["text"] for decision in detail["decisions"]] == ["下月再议", "购置垃圾车一辆"]
    assert detail["decisions"][1]["opinions"][2]["opinion"] == "同意,尽快"
    assert client.get(url, **bearer(township.village_cadre.user)).status_code == 404


def test_a_decision_whose_task_is_refused_leaves_no_decision(client, township):
    from xiangzhen.supervision.models import Decision, Task

    meeting = post(
        client,
        "/api/v1/meetings",
        {
            "kind": "party_committee",
            "unit_id": township.shengji.pk,
            "title": "党委会",
            "held_on": "2026-03-10",
        },
        township.town_leader.user,
    ).json()
    refused = post(
        client,
        f"/api/v1/meetings/{meeting['id']}/decisions",
        {
            "text": "修路",
            "task": {
                "title": "修路",
                "owner_unit_id": township.qingshi.pk,
                "owner_id": township.township_cadre.pk,
                "limit_workdays": 5,
            },
        },
        township.town_leader.user,
    )
    assert refused.status_code == 404
    assert not Decision.objects.exists() and not Task.objects.exists()


def test_meeting_input_out_of_bounds_is_a_422(client, township):
    for body in (
        {"kind": "joint", "unit_id": township.shengji.pk, "title": "会" * 121, "held_on": "2026-03-10"},
        {"kind": "joint", "unit_id": township.shengji.pk, "title": "会议", "held_on": "1900-01-01"},
        {"kind": "joint", "unit_id": township.shengji.pk, "title": "会\x00议", "held_on": "2026-03-10"},
        {"kind": "joint", "unit_id": 2**64, "title": "会议", "held_on": "2026-03-10"},
    ):
        response = post(client, "/api/v1/meetings", body, township.town_leader.user)
        assert response.status_code == 422, body
    assert client.get("/api/v1/meetings", **bearer(township.town_leader.user)).json() == []
