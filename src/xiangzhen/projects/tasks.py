from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.projects.services import milestone_sweep_alerts


@db_periodic_task(crontab(minute="*/5"))
def sweep_milestone_alerts() -> str:
    count = milestone_sweep_alerts()
    return f"项目节点:超期 {count.red} 个, 预警 {count.yellow} 个"
