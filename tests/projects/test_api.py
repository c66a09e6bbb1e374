from datetime import timedelta

from django.utils import timezone

from tests.projects.helpers import make_campaign, make_project
from xiangzhen.api.services import api_token_issue


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def test_progress_through_the_api_shows_on_the_board(client, township):
    today = timezone.localdate()
    campaign = make_campaign(township, start_on=today - timedelta(days=1), goal_on=today + timedelta(days=5))
    target = campaign.targets.order_by("code").first()
    headers = bearer(township.township_cadre.user)
    recorded = client.post(
        f"/api/v1/projects/targets/{target.pk}/progress",
        {"step": 2, "note": "签约", "version": target.version},
        content_type="application/json",
        **headers,
    )
    assert recorded.status_code == 200 and recorded.json()["step_label"] == "已签约"
    assert recorded.json()["contact"] == "王*明"
    stale = client.post(
        f"/api/v1/projects/targets/{target.pk}/progress",
        {"step": 3, "version": target.version},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    board = client.get(f"/api/v1/projects/campaigns/{campaign.pk}", **headers).json()
    # His part of the town's campaign: the two targets in 镇江村.
    assert board["done"] == 1 and board["done_today"] == 1 and board["total"] == 2


def test_a_window_clerk_is_refused_and_a_village_cadre_sees_no_other_village(client, township):
    campaign = make_campaign(township)
    target = campaign.targets.get(code="0001")  # 镇江村
    refused = client.post(
        f"/api/v1/projects/targets/{target.pk}/progress",
        {"step": 1},
        content_type="application/json",
        **bearer(township.window_staff.user),
    )
    assert refused.status_code == 403
    hidden = client.post(
        f"/api/v1/projects/targets/{target.pk}/progress",
        {"step": 1},
        content_type="application/json",
        **bearer(township.village_cadre.user),
    )
    assert hidden.status_code == 404


def test_milestones_and_problems_through_the_api(client, township):
    project = make_project(township)
    headers = bearer(township.town_leader.user)
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    milestone = client.post(
        f"/api/v1/projects/{project.pk}/milestones",
        {"title": "主体封顶", "due_on": due, "owner_id": township.township_cadre.pk},
        content_type="application/json",
        **headers,
    )
    assert milestone.status_code == 201 and milestone.json()["status"] == "pending"
    problem = client.post(
        f"/api/v1/projects/{project.pk}/problems",
        {"description": "施工便道占用耕地"},
        content_type="application/json",
        **bearer(township.township_cadre.user),
    )
    assert problem.status_code == 201
    task = client.post(
        f"/api/v1/projects/problems/{problem.json()['id']}/task",
        {"owner_id": township.township_cadre.pk, "owner_unit_id": township.zhenjiang.pk, "limit_workdays": 5},
        content_type="application/json",
        **headers,
    )
    assert task.status_code == 200 and task.json()["status"] == "assigned" and task.json()["task_id"]
    detail = client.get(f"/api/v1/projects/{project.pk}", **headers).json()
    assert [m["title"] for m in detail["milestones"]] == ["主体封顶"]
    bad = client.post(
        f"/api/v1/projects/{project.pk}/milestones",
        {"title": "x", "due_on": "2026-13-01", "owner_id": township.township_cadre.pk},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
