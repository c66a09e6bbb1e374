"""The clock's jobs: the one sweep every five minutes, the digest each working morning."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.clock.schedule import beijing
from xiangzhen.clock.services import clock_sweep, digest_send


@db_periodic_task(crontab(minute="*/5"))
def sweep_obligations() -> str:
    """Every five minutes: every dated obligation of every app synced, coloured, red and urgent ones notified."""
    return clock_sweep().summary()


@db_periodic_task(beijing(hour=7, minute=30))
def send_digest() -> int:
    """Every working morning at 07:30 Beijing time: each person's one digest of what is red, yellow or waiting."""
    return digest_send()
