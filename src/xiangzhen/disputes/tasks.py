from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.disputes.services import dispute_sweep_alerts


@db_periodic_task(crontab(minute="*/5"))
def sweep_dispute_alerts() -> str:
    count = dispute_sweep_alerts()
    return f"纠纷:超期 {count.red} 件, 预警 {count.yellow} 件"
