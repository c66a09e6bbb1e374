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
