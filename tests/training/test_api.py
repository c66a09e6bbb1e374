"""The same services through /api/v1/training: capacity, waitlist, attendance and figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.training.factories import make_course, make_school, make_session
from xiangzhen.api.services import api_token_issue


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


@pytest.fixture
def session(township):
    school = make_school(township, township.zhenjiang_district)
    return make_session(township, school, make_course(township), capacity=1, held_on=timezone.localdate())


def test_enroll_waitlist_cancel_and_attend_through_the_api(client, township, session):
    headers = bearer(township.district_committee.user)
    url = f"/api/v1/training/sessions/{session.pk}"

    def add(name):
        return client.post(
            f"{url}/enrollments",
            {"name": name, "village_id": township.qingping.pk},
            content_type="application/json",
            **headers,
        )

    seated, waiting = add("王一"), add("王二")
    assert seated.status_code == 201 and seated.json()["status"] == "enrolled"
    assert waiting.json()["status"] == "waitlisted" and waiting.json()["waitlist_position"] == 1
    roster = client.post(
        f"/api/v1/training/enrollments/{seated.json()['id']}/cancel",
        content_type="application/json",
        **headers,
    )
    assert [(row["trainee"], row["status"]) for row in roster.json()] == [("王二", "enrolled")]
    version = client.get(url, **headers).json()["version"]
    held = client.post(
        f"{url}/attendance",
        {"attended": [waiting.json()["id"]], "version": version},
        content_type="application/json",
        **headers,
    )
    assert held.status_code == 200 and held.json()["status"] == "held"
    stale = client.post(
        f"{url}/attendance", {"attended": [], "version": version}, content_type="application/json", **headers
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    figures = client.get("/api/v1/training/figures", **headers).json()
    assert figures[-1] == {
        "unit_id": None,
        "name": "合计",
        "sessions": 1,
        "skills": 2,
        "attendances": 1,
        "people": 1,
    }


def test_schedule_through_the_api_and_bad_input_is_422(client, township, session):
    headers = bearer(township.town_leader.user)
    body = {
        "course_id": session.course_id,
        "school_id": session.school_id,
        "held_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "teacher": "李老师",
    }
    created = client.post("/api/v1/training/sessions", body, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["capacity"] == 30
    too_big = client.post(
        "/api/v1/training/sessions", {**body, "capacity": 1000}, content_type="application/json", **headers
    )
    assert too_big.status_code == 422
    far = client.post(
        "/api/v1/training/sessions",
        {**body, "held_on": "2099-01-01"},
        content_type="application/json",
        **headers,
    )
    assert far.status_code == 422 and "一年以内" in far.json()["error"]["message"]


def test_other_jurisdictions_and_roles_are_refused(client, township, session):
    outside = client.get(f"/api/v1/training/sessions/{session.pk}", **bearer(township.village_cadre.user))
    assert outside.status_code == 404
    school = make_school(township, township.gepu)
    own = make_session(township, school, session.course)
    refused = client.post(
        f"/api/v1/training/sessions/{own.pk}/enrollments",
        {"name": "王一", "village_id": township.gepu.pk},
        content_type="application/json",
        **bearer(township.village_cadre.user),
    )
    assert refused.status_code == 403 and "组织培训" in refused.json()["error"]["message"]
    listed = client.get("/api/v1/training/sessions", **bearer(township.village_cadre.user)).json()
    assert [row["id"] for row in listed] == [own.pk]
