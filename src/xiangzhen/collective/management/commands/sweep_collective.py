from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.collective.services import collective_sweep_alerts


class Command(BaseCommand):
    help = (
        "村集体三资扫描:开出本月财务公开和本季度村务公开的应公开事项;合同到期前 90 天黄牌、到期未处置红牌;"
        "租金到期前 30 天黄牌、到期未收清红牌;村务公开期满未公布黄牌、超过公布时限红牌。"
    )
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(collective_sweep_alerts().summary())
