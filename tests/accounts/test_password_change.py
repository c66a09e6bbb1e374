from tests.factories import PASSWORD
from xiangzhen.audit.models import AuditEvent

NEW_PASSWORD = "Shengji-Window-2027"


def test_a_user_changes_their_own_password_and_it_is_audited(client, township):
    user = township.window_staff.user
    client.force_login(user)
    page = client.get("/accounts/password/").content.decode()
    assert "修改密码" in page and "原密码" in page
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The session that changed the password stays signed in.
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="account.password_change")
    assert event.actor == user and NEW_PASSWORD not in str(event.changes)


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(client, township):
    user = township.window_staff.user
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "你的旧密码不正确" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "密码只包含数字" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="account.password_change").exists()


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
