"""Background jobs of the service hall, run by the huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task

from xiangzhen.services.services import service_request_sweep_alerts
from xiangzhen.services.webhooks import post_to_robot


@db_periodic_task(crontab(minute="*/5"))
def sweep_alerts() -> str:
    """Every five minutes: turn requests yellow when their deadline nears and red when it has passed."""
    return service_request_sweep_alerts().summary()


@task(retries=3, retry_delay=60)
def send_alert_to_robot(text: str) -> bool:
    return post_to_robot(text)
