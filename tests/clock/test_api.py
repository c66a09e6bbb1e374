"""GET /api/v1/todo answers what the home page shows, to each persona; 401 without a login, 422 for bad input."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from tests.clock.conftest import at, persona
from tests.clock.test_kinds import CASES

PERSONAS = [
    "county_supervisor",
    "town_leader",
    "window_staff",
    "district_committee",
    "township_cadre",
    "village_cadre",
    "outsider",
]
TODAY = date(2026, 4, 8)


@pytest.fixture
def world(township):
    """Requests, tasks, disputes, milestones, a household review and a verification, swept on 8 April 2026:
    some red, some yellow, some later."""
    for kind in (
        "services.request",
        "supervision.task",
        "supervision.verification",
        "disputes.dispute",
        "assistance.review",
        "projects.milestone",
    ):
        CASES[kind](township)
    with time_machine.travel(at(TODAY), tick=False):
        from xiangzhen.clock.services import clock_sweep

        clock_sweep()
    return township


@pytest.mark.parametrize("name", PERSONAS)
def test_the_api_answers_the_home_pages_items(client, world, outsider, name):
    client.force_login(persona(world, outsider, name))
    with time_machine.travel(at(TODAY, 11), tick=False):
        page = client.get("/").context["todo"]
        body = client.get("/api/v1/todo").json()
        kinds = {item.kind for item in page.items}
        only = {kind: client.get("/api/v1/todo", {"kind": kind, "limit": "500"}).json() for kind in kinds}
        first = client.get("/api/v1/todo", {"limit": "1"}).json()
    assert body["items"] == [item.as_json() for item in page.items]
    assert body["counts"] == page.counts.__dict__ and body["truncated"] is page.truncated
    for kind, answer in only.items():
        assert [item["id"] for item in answer["items"]] == [
            item.id for item in page.items if item.kind == kind
        ]
    if page.items:
        assert first["items"] == [page.items[0].as_json()]
        assert first["truncated"] is (len(page.items) > 1)
    # Everyone in 生机镇 has something on their list (葛铺村's cadre its 村务公开); the outsider nothing.
    assert bool(page.items) is (name != "outsider")


def test_the_api_wants_a_login(world):
    answer = Client().get("/api/v1/todo")
    assert answer.status_code == 401 and set(answer.json()["error"]) == {"code", "message"}


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nope.kind"},
        {"kind": "x" * 41},
        {"limit": "0"},
        {"limit": "501"},
        {"limit": "true"},
        {"limit": "1.5"},
        {"limit": ""},
    ],
)
def test_the_api_refuses_an_unknown_kind_or_a_bad_limit(client, township, query):
    client.force_login(township.town_leader.user)
    answer = client.get("/api/v1/todo", query)
    assert answer.status_code == 422, (query, answer.content)
    assert set(answer.json()["error"]) == {"code", "message"}
