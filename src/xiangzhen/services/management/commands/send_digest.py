from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.clock.services import digest_send


class Command(BaseCommand):
    help = (
        "工作日早上给每个人发送一份每日待办摘要(红牌、黄牌、待本人办理的事项)。同一天重复运行不会重复发送。"
    )
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send()
        self.stdout.write(f"已发送每日待办摘要 {sent} 份")
