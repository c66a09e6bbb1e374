from typing import Any

from django.core.management.base import BaseCommand

from xiangzhen.clock.services import clock_sweep


class Command(BaseCommand):
    help = (
        "期限扫描:同步各业务的全部期限事项(办件、督办、纠纷、项目节点、三资、村务公开、监测审核、三会一课、联席会议、培训),"
        "临近期限的标黄牌、超过期限的标红牌;红牌和紧急事项立即通知责任人,其余进入每日待办摘要。后台每 5 分钟自动运行一次。"
    )
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(clock_sweep().summary())
