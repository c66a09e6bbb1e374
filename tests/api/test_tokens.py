"""Users create (shown once), list and revoke their own API tokens; an admin command issues one."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from xiangzhen.api.models import ApiToken, token_digest
from xiangzhen.audit.models import AuditEvent

PAGE = "/account/tokens/"


def create(client, name):
    response = client.post(PAGE, {"name": name})
    return response, response.context["new_token"]


def test_a_new_token_is_shown_once_and_works_as_a_bearer(client, township):
    client.force_login(township.window_staff.user)
    response, raw = create(client, "便民服务自助终端")
    assert response.status_code == 200
    assert raw and raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # Stored only as its digest; the listing does not show it again.
    token = ApiToken.objects.get()
    assert token.digest == token_digest(raw) and raw not in str(vars(token))
    listing = client.get(PAGE).content.decode()
    assert "便民服务自助终端" in listing and "从未使用" in listing and raw not in listing

    api = Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "从未使用" not in client.get(PAGE).content.decode()


def test_the_token_value_is_never_written_to_the_audit_log(client, township):
    client.force_login(township.window_staff.user)
    _, raw = create(client, "终端")
    event = AuditEvent.objects.get(action="api_token.issue")
    assert event.changes == {"name": [None, "终端"]}
    assert not any(raw in str(value) for value in vars(event).values())


def test_revoking_a_token_stops_it_at_once(client, township):
    client.force_login(township.window_staff.user)
    _, raw = create(client, "终端")
    token = ApiToken.objects.get()
    response = client.post(f"{PAGE}revoke/", {"token": token.pk}, follow=True)
    assert "已吊销令牌“终端”" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
    assert Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    again = client.post(f"{PAGE}revoke/", {"token": token.pk}, follow=True)
    assert "该令牌已吊销" in again.content.decode()


def test_a_user_cannot_see_or_revoke_another_users_token(client, township):
    client.force_login(township.window_staff.user)
    create(client, "窗口终端")
    token = ApiToken.objects.get()
    client.force_login(township.village_cadre.user)
    assert "窗口终端" not in client.get(PAGE).content.decode()
    response = client.post(f"{PAGE}revoke/", {"token": token.pk}, follow=True)
    assert "令牌不存在" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("name", "message"), [("", "这个字段是必填项"), ("终" * 101, "100"), ("a\x00b", "空字符")]
)
def test_a_bad_name_is_refused_in_chinese_and_creates_nothing(client, township, name, message):
    client.force_login(township.window_staff.user)
    response = client.post(PAGE, {"name": name})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("token", ["abc", "99999999999999999999999", ""])
def test_a_malformed_revoke_is_a_message_not_a_500(client, township, token):
    client.force_login(township.window_staff.user)
    response = client.post(f"{PAGE}revoke/", {"token": token}, follow=True)
    assert response.status_code == 200
    assert response.context["messages"]


def test_the_page_needs_a_login(client, township):
    assert client.get(PAGE).status_code == 302


def test_the_command_prints_a_new_token_once(township):
    out, err = StringIO(), StringIO()
    call_command("issue_token", township.town_leader.user.username, "统计脚本", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.user == township.town_leader.user and token.name == "统计脚本"
    assert token.digest == token_digest(raw)
    assert "请立即保存" in err.getvalue()
    with pytest.raises(CommandError, match="没有名为“nobody”的在用账号"):
        call_command("issue_token", "nobody", "x", stdout=out, stderr=err)
