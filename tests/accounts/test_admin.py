from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def test_a_staff_member_who_edits_accounts_cannot_make_anyone_a_superuser(client, db):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_user", "view_user"]))
    target = UserFactory()
    client.force_login(editor)
    page = client.get(f"/admin/auth/user/{target.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()

    client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {"username": target.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    target.refresh_from_db()
    editor.refresh_from_db()
    assert not target.is_superuser and not target.is_staff
    assert not editor.is_superuser


def test_a_superuser_still_grants_superuser_status(admin_client, db):
    target = UserFactory()
    page = admin_client.get(f"/admin/auth/user/{target.pk}/change/")
    assert 'name="is_superuser"' in page.content.decode()
