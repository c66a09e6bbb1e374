import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import forms as forms_module
from django.db import connection, connections
from django.test import Client

from tests.factories import PASSWORD, build_township
from xiangzhen.accounts.models import FailedLogin, LoginThrottle

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
    with time_machine.travel(NOW, tick=False):
        attempt(client, PASSWORD)
        assert client.get("/").status_code == 200
    with time_machine.travel(NOW + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity renews the session
    with time_machine.travel(NOW + timedelta(minutes=60), tick=False):
        assert client.get("/").status_code == 302


def test_reading_pages_within_a_minute_writes_the_session_once(client, township):
    from django.contrib.sessions.models import Session

    with time_machine.travel(NOW, tick=False):
        attempt(client, PASSWORD)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        client.get("/")
        renewed = Session.objects.get().expire_date
        assert renewed == NOW + timedelta(minutes=35)
    with time_machine.travel(NOW + timedelta(minutes=5, seconds=30), tick=False):
        client.get("/")
        assert Session.objects.get().expire_date == renewed
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert client.get("/").status_code == 200  # the renewal at minute 5 kept it alive


def test_the_login_page_is_chinese(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "登录乡镇治理工作台" in page and 'lang="zh-hans"' in page


def test_failures_from_one_address_lock_that_address_across_usernames(client, township, settings):
    settings.LOGIN_LOCKOUT_IP_ATTEMPTS = 6
    with time_machine.travel(NOW, tick=False):
        for username in ["shuji", "chuangkou", "pianqu", "baocun", "cunganbu", "ducha"]:
            client.post(
                "/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
            )
        page = client.post(
            "/accounts/login/", {"username": "shuji", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
        ).content.decode()
        assert "本机登录失败次数过多" in page and "_auth_user_id" not in client.session
        # Another address is not affected, and no single username reached its own limit.
        other = client.post(
            "/accounts/login/", {"username": "shuji", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
        )
        assert other.status_code == 302
    with time_machine.travel(NOW + timedelta(minutes=15, seconds=1), tick=False):
        client.logout()
        again = client.post(
            "/accounts/login/", {"username": "shuji", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
        )
        assert again.status_code == 302


def test_a_locked_attempt_never_reaches_the_password_check(client, township, monkeypatch):
    checked = []
    real_authenticate = forms_module.authenticate

    def counting_authenticate(*args, **kwargs):
        checked.append(kwargs.get("username"))
        return real_authenticate(*args, **kwargs)

    monkeypatch.setattr(forms_module, "authenticate", counting_authenticate)
    with time_machine.travel(NOW, tick=False):
        for _ in range(8):
            attempt(client, "wrong")
    assert len(checked) == 5
    assert FailedLogin.objects.filter(username="shuji").count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_evaluate_no_more_passwords_than_the_limit(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the race needs PostgreSQL's row locks")
    build_township()
    checked = []
    lock = threading.Lock()
    real_authenticate = forms_module.authenticate

    def slow_authenticate(*args, **kwargs):
        with lock:
            checked.append(1)
        time.sleep(0.05)  # widen the window between the lockout check and the result
        return real_authenticate(*args, **kwargs)

    monkeypatch.setattr(forms_module, "authenticate", slow_authenticate)
    barrier = threading.Barrier(12)

    def guess(number):
        try:
            barrier.wait()
            Client().post(
                "/accounts/login/",
                {"username": "shuji", "password": f"wrong{number}"},
                REMOTE_ADDR="10.0.0.5",
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == settings.LOGIN_LOCKOUT_ATTEMPTS == 5
    assert LoginThrottle.objects.get(key="user:shuji").failures == 5


@pytest.mark.parametrize("forwarded", ["not-an-address", "", "1.2.3.4:80, garbage", ",,,"])
def test_an_unparsable_forwarded_header_still_counts_against_an_address(
    client, township, settings, forwarded
):
    # Behind one trusted proxy, a client that garbles X-Forwarded-For has no address; its guesses must still
    # meet a per-address lockout (one shared counter), not slip past it with a fresh username each time.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_LOCKOUT_IP_ATTEMPTS = 6
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    with time_machine.travel(NOW, tick=False):
        for username in ["shuji", "chuangkou", "pianqu", "baocun", "cunganbu", "ducha"]:
            client.post("/accounts/login/", {"username": username, "password": "wrong"}, **headers)
        page = client.post("/accounts/login/", {"username": "shuji", "password": PASSWORD}, **headers)
        assert "本机登录失败次数过多" in page.content.decode()
        assert "_auth_user_id" not in client.session
        # A client with a proper header is a different address and signs in.
        good = client.post(
            "/accounts/login/", {"username": "shuji", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.1.1.1"
        )
        assert good.status_code == 302
