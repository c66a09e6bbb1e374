from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.errors import ValidationFailed
from xiangzhen.workdays.importing import calendar_entries_from_workbook
from xiangzhen.workdays.models import CalendarSource
from xiangzhen.workdays.services import calendar_load_from_package, calendar_year_publish


class Command(BaseCommand):
    help = (
        "载入官方工作日历。不带参数:载入 chinese-calendar 软件包已知而数据库尚无的年份;"
        "带 --year 与 --file:从 Excel(日期、类型[放假/上班]、名称)发布一个年度,替换该年原有安排。"
        "两种方式都会重新计算落在该年的暂定办理期限。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        year, file = options["year"], options["file"]
        if (year is None) != (file is None):
            raise CommandError("--year 和 --file 需同时给出")
        if year is None:
            loaded = calendar_load_from_package(actor=None)
            self.stdout.write(
                f"载入官方年份 {len(loaded)} 个" + (f":{loaded[0]}–{loaded[-1]}" if loaded else "")
            )
            return
        try:
            with file.open("rb") as source:
                recomputed = calendar_year_publish(
                    actor=None,
                    year=year,
                    entries=calendar_entries_from_workbook(source),
                    source=CalendarSource.IMPORT,
                )
        except (ValidationFailed, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(f"已发布 {year} 年工作日历,重新计算暂定期限 {recomputed} 件")
