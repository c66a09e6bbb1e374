"""The results page, the header's box and GET /api/v1/search."""

import pytest
from django.test import Client

from tests.search.conftest import ID_NUMBER, NAME, PHONE
from xiangzhen.audit.models import AuditEvent
from xiangzhen.search.query import QUERY_MAX_LENGTH


@pytest.fixture
def leader_client(township) -> Client:
    client = Client()
    client.force_login(township.town_leader.user)
    return client


def test_every_page_carries_the_search_box(leader_client):
    page = leader_client.get("/").content.decode()
    assert 'class="header-search"' in page and 'action="/search/"' in page


def test_the_page_lists_the_groups_with_counts_each_hit_linking_to_its_page(leader_client, world):
    response = leader_client.get("/search/", {"q": PHONE})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/services/requests/{world.request.pk}/"' in page
    assert f'href="/assistance/{world.household.pk}/"' in page
    assert 'id="search-requests"' in page and '办件 <span class="count">1</span>' in page
    assert "139****2345" in page and NAME not in page


def test_the_page_does_not_repeat_a_resident_id_in_full(leader_client, world):
    page = leader_client.get("/search/", {"q": ID_NUMBER}).content.decode()
    assert ID_NUMBER not in page
    assert f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}" in page


def test_the_page_without_a_query_shows_only_the_box(leader_client):
    response = leader_client.get("/search/")
    assert response.status_code == 200
    assert 'id="search-page-form"' in response.content.decode()
    assert "search-error" not in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [("1398501", "不支持按部分号码查询"), ("李" * (QUERY_MAX_LENGTH + 1), "不能超过")],
)
def test_the_page_answers_a_bad_query_with_a_message(leader_client, text, message):
    response = leader_client.get("/search/", {"q": text})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/search/", {"q": PHONE})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_api_answers_groups_with_counts(leader_client, world):
    response = leader_client.get("/api/v1/search", {"q": ID_NUMBER})
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "resident_id"
    groups = {group["key"]: group for group in body["groups"]}
    assert groups["requests"]["count"] == 1
    assert groups["requests"]["hits"][0]["url"] == f"/services/requests/{world.request.pk}/"
    assert ID_NUMBER not in response.content.decode()
    assert AuditEvent.objects.filter(action="search.resident_id").count() == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [({}, "请输入"), ({"q": " "}, "请输入"), ({"q": "李" * (QUERY_MAX_LENGTH + 1)}, "不能超过")],
)
def test_the_api_answers_an_empty_or_too_long_query_with_a_structured_error(leader_client, query, message):
    response = leader_client.get("/api/v1/search", query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and message in error["message"]


def test_the_api_refuses_anonymous_callers(client):
    response = client.get("/api/v1/search", {"q": PHONE})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
