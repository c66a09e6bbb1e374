"""Login lockout, per username and per client address.

A username is locked after LOGIN_LOCKOUT_ATTEMPTS failures, a client address after
LOGIN_LOCKOUT_IP_ATTEMPTS (higher: a township office signs in from one address), each for
LOGIN_LOCKOUT_MINUTES from the last failure; a count whose last failure is older than that starts again.

Every attempt first reserves a failure (`login_attempt_begin`, one locked row per key, committed before
the password is checked); `login_attempt_succeeded` hands the reservation back. A guess therefore counts
even if the process dies mid-check, and parallel guesses cannot evaluate more passwords than the limit."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.accounts.models import FailedLogin, LoginThrottle
from xiangzhen.audit.services import audit_record


@dataclass(frozen=True)
class LoginLock:
    until: datetime
    by_address: bool  # locked because of the client address rather than the username


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


# The one address key of every attempt whose client address is unknown (behind TRUSTED_PROXY_COUNT proxies
# with a missing or unparsable X-Forwarded-For): a client that garbles the header shares one counter with
# every other such client instead of escaping the per-address lockout.
UNKNOWN_ADDRESS_KEY = "ip:unknown"


def _keys(username: str, ip_address: str | None) -> dict[str, int]:
    return {
        f"user:{username}"[:200]: settings.LOGIN_LOCKOUT_ATTEMPTS,
        f"ip:{ip_address}" if ip_address else UNKNOWN_ADDRESS_KEY: settings.LOGIN_LOCKOUT_IP_ATTEMPTS,
    }


@transaction.atomic
def login_attempt_begin(
    *, username: str, ip_address: str | None, now: datetime | None = None
) -> LoginLock | None:
    """Reserve one failure for this attempt, or answer the lock that refuses it (and reserve nothing)."""
    now = now or timezone.now()
    keys = _keys(username, ip_address)
    # Create missing rows without racing a parallel attempt, then lock them in a fixed order (no deadlock).
    LoginThrottle.objects.bulk_create([LoginThrottle(key=key) for key in keys], ignore_conflicts=True)
    throttles = list(LoginThrottle.objects.select_for_update().filter(key__in=keys).order_by("key"))
    for throttle in throttles:
        if throttle.last_failure_at is not None and throttle.last_failure_at <= now - _window():
            throttle.failures = 0
        if throttle.failures >= keys[throttle.key] and throttle.last_failure_at is not None:
            return LoginLock(
                until=throttle.last_failure_at + _window(), by_address=throttle.key.startswith("ip:")
            )
    for throttle in throttles:
        throttle.failures += 1
        throttle.last_failure_at = now
        throttle.save(update_fields=["failures", "last_failure_at"])
    return None


@transaction.atomic
def login_attempt_failed(*, username: str, ip_address: str | None, now: datetime | None = None) -> None:
    """The reserved failure stands; keep a row of it for the administrators."""
    FailedLogin.objects.create(
        username=username[:150], ip_address=ip_address, attempted_at=now or timezone.now()
    )


@transaction.atomic
def login_attempt_succeeded(*, username: str, ip_address: str | None) -> None:
    """A correct password clears the username's count and gives back the address's reservation."""
    keys = _keys(username, ip_address)
    LoginThrottle.objects.filter(key=f"user:{username}"[:200]).update(failures=0, last_failure_at=None)
    LoginThrottle.objects.filter(
        key__in=[key for key in keys if key.startswith("ip:")], failures__gt=0
    ).update(failures=F("failures") - 1)


@transaction.atomic
def account_password_change(*, user: User, new_password: str) -> None:
    """A user sets their own new password (already checked by the form and the password validators).
    The audit event records that it changed, never the password."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="account.password_change", target=user)
