import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from xiangzhen.assessment.models import Scheme
from xiangzhen.assessment.periods import PERIOD_FORMATS, period_containing, period_parse, periods_between
from xiangzhen.assessment.services import scores_compute
from xiangzhen.errors import DomainError


class Command(BaseCommand):
    help = "重算考核方案的分数和排名(集合运算,可重复运行)。"
    # Run by cron and the background jobs every few minutes: the system checks, which import every URL
    # module, belong to a deploy, not to each run.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scheme", required=True, help="方案编号或名称")
        parser.add_argument("--period", help=f"考核周期:{PERIOD_FORMATS};默认本期")
        parser.add_argument("--through", help="连同此后各期一直算到这一期(按顺序,排名变化随之更新)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["scheme"].strip()
        scheme = Scheme.objects.filter(pk=int(text)).first() if text.isdigit() else None
        scheme = scheme or Scheme.objects.filter(name=text).first()
        if scheme is None:
            raise CommandError(f"没有编号或名称为“{text}”的考核方案")
        try:
            first = (
                period_parse(scheme.period_kind, options["period"])
                if options["period"]
                else period_containing(scheme.period_kind, timezone.localdate())
            )
            last = period_parse(scheme.period_kind, options["through"]) if options["through"] else first
        except ValueError as error:
            raise CommandError(str(error)) from error
        for period in periods_between(scheme.period_kind, first.start, last.start):
            started = time.perf_counter()
            try:
                units = scores_compute(actor=None, scheme=scheme, period=period)
            except DomainError as error:
                raise CommandError(error.message) from error
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{scheme.name} {period.label}:{units} 个单位,用时 {elapsed:.2f} 秒")
