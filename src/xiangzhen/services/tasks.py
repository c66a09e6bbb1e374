"""Background jobs of the service hall, run by the huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task

from xiangzhen.services.services import digest_send, service_request_sweep_alerts
from xiangzhen.services.webhooks import post_to_robot


@db_periodic_task(crontab(minute="*/5"))
def sweep_alerts() -> str:
    """Every five minutes: turn requests yellow when their deadline nears and red when it has passed."""
    return service_request_sweep_alerts().summary()


# huey evaluates crontabs in UTC (its default): 00:00 UTC is 08:00 in China, before the working day starts.
@db_periodic_task(crontab(hour="0", minute="0"))
def send_digest() -> int:
    """Every morning: the leaders' digest of red items (a second run the same day sends nothing)."""
    return digest_send()


@task(retries=3, retry_delay=60)
def send_alert_to_robot(text: str) -> bool:
    return post_to_robot(text)
