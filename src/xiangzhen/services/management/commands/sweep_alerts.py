from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.disputes.services import dispute_sweep_alerts
from xiangzhen.services.services import service_request_sweep_alerts
from xiangzhen.supervision.services import task_sweep_alerts


class Command(BaseCommand):
    help = (
        "跟踪督办扫描:剩余工作日不超过时限的 20%(至少 1 个工作日)的办件标黄牌,超过期限的标红牌,"
        "并通知承办人(无承办人时通知首问责任人);督办事项和矛盾纠纷同一规则。后台每 5 分钟自动运行一次。"
    )
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        requests = service_request_sweep_alerts().summary()
        tasks = task_sweep_alerts()
        disputes = dispute_sweep_alerts()
        self.stdout.write(
            f"办件:{requests};督办事项:标记超期 {tasks.red} 件, 预警 {tasks.yellow} 件;"
            f"纠纷:标记超期 {disputes.red} 件, 预警 {disputes.yellow} 件"
        )
