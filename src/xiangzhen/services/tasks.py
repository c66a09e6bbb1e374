"""Background jobs of the service hall, run by the huey consumer. Its red/yellow sweep and the daily digest
are the one clock's (`clock.tasks`)."""

from huey.contrib.djhuey import task

from xiangzhen.services.webhooks import post_to_robot


@task(retries=3, retry_delay=60)
def send_alert_to_robot(text: str) -> bool:
    return post_to_robot(text)
