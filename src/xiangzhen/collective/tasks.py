from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.collective.services import collective_sweep_alerts


# Contract terms, rent and publication periods are counted in days: one sweep early each morning is enough.
@db_periodic_task(crontab(minute="20", hour="1"))
def sweep_collective_alerts() -> str:
    return collective_sweep_alerts().summary()
