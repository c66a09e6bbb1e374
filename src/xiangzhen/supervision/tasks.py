from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.supervision.services import task_sweep_alerts


@db_periodic_task(crontab(minute="*/5"))
def sweep_task_alerts() -> str:
    count = task_sweep_alerts()
    return f"督办事项:超期 {count.red} 件, 预警 {count.yellow} 件"
