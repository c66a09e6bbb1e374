"""我的待办 on the demo: the list and its counters agree for every demo persona."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from xiangzhen.clock.selectors import todo_counts, todo_list
from xiangzhen.clock.services import clock_sweep
from xiangzhen.demo.township import DEMO_LOGINS, demo_load

pytestmark = [pytest.mark.django_db, pytest.mark.demo]
PERSONAS = [login.username for login in DEMO_LOGINS]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # One load for the module, rolled back at its end; then the one sweep puts every app's deadlines on the clock.
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        demo_load()
        clock_sweep()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", PERSONAS)
def test_the_list_and_its_counters_agree(demo, username):
    user = get_user_model().objects.get(username=username)
    today = timezone.localdate()
    for day in (today, today + timedelta(days=7)):
        found = todo_list(viewer=user, today=day, limit=100_000)
        counts = todo_counts(viewer=user, today=day)
        items = found.items
        assert found.counts == counts
        assert counts.total == len(items), username
        assert counts.red == sum(item.colour == "red" for item in items)
        assert counts.yellow == sum(item.colour == "yellow" for item in items)
        assert counts.mine == sum(item.mine for item in items)
        assert counts.waiting_for_role == sum(item.waiting_for_role for item in items)
        assert [(item.due_date, item.id) for item in items] == sorted(
            (item.due_date, item.id) for item in items
        )
