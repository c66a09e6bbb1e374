"""Login lockout: after LOGIN_LOCKOUT_ATTEMPTS failures within LOGIN_LOCKOUT_MINUTES, a username is locked
for LOGIN_LOCKOUT_MINUTES from its last failure."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xiangzhen.accounts.models import FailedLogin
from xiangzhen.audit.context import current_ip_address


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_locked_until(*, username: str, now: datetime | None = None) -> datetime | None:
    now = now or timezone.now()
    recent = FailedLogin.objects.filter(username=username, attempted_at__gt=now - _window())
    if recent.count() < settings.LOGIN_LOCKOUT_ATTEMPTS:
        return None
    last = recent.order_by("-attempted_at").values_list("attempted_at", flat=True).first()
    return last + _window() if last else None


@transaction.atomic
def login_failure_record(*, username: str) -> None:
    FailedLogin.objects.create(
        username=username[:150], ip_address=current_ip_address.get(), attempted_at=timezone.now()
    )


@transaction.atomic
def login_success_record(*, username: str) -> None:
    FailedLogin.objects.filter(username=username).delete()
