from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.services.services import digest_send


class Command(BaseCommand):
    help = "给乡镇领导和县级督查发送每日督办摘要(管辖范围内的红牌办件、督办事项、矛盾纠纷)。同一天重复运行不会重复发送。"
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send()
        self.stdout.write(f"已发送每日督办摘要 {sent} 份")
