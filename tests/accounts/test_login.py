from datetime import UTC, datetime, timedelta

import time_machine
from django.conf import settings

from tests.factories import PASSWORD

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def attempt(client, password):
    return client.post("/accounts/login/", {"username": "shuji", "password": password})


def test_a_correct_login_lands_on_the_workbench(client, township):
    response = attempt(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_five_failures_lock_the_account_for_fifteen_minutes(client, township):
    with time_machine.travel(NOW, tick=False):
        for _ in range(5):
            assert "用户名或密码不正确" in attempt(client, "wrong").content.decode()
        page = attempt(client, PASSWORD).content.decode()
        assert "账号已锁定" in page
        assert "_auth_user_id" not in client.session
    with time_machine.travel(NOW + timedelta(minutes=14), tick=False):
        assert "账号已锁定" in attempt(client, PASSWORD).content.decode()
    with time_machine.travel(NOW + timedelta(minutes=15, seconds=1), tick=False):
        assert attempt(client, PASSWORD).status_code == 302


def test_four_failures_do_not_lock_and_a_success_clears_them(client, township):
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            attempt(client, "wrong")
        assert attempt(client, PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            attempt(client, "wrong")
        assert attempt(client, PASSWORD).status_code == 302


def test_the_session_expires_after_the_idle_timeout(client, township):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(NOW, tick=False):
        attempt(client, PASSWORD)
        assert client.get("/").status_code == 200
    with time_machine.travel(NOW + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity renews the session
    with time_machine.travel(NOW + timedelta(minutes=60), tick=False):
        assert client.get("/").status_code == 302


def test_the_login_page_is_chinese(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "登录乡镇治理工作台" in page and 'lang="zh-hans"' in page
