from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.accounts.selectors import active_user_by_username
from xiangzhen.errors import DomainError
from xiangzhen.workdays.importing import calendar_entries_from_workbook
from xiangzhen.workdays.models import CalendarSource
from xiangzhen.workdays.services import calendar_load_from_package, calendar_year_publish


class Command(BaseCommand):
    help = (
        "载入官方工作日历。不带参数:载入 chinese-calendar 软件包已知而数据库尚无的年份;"
        "带 --year 与 --file:从 Excel(日期、类型[放假/上班]、名称)发布一个年度,替换该年原有安排。"
        "两种方式都会重新计算落在该年的暂定办理期限。"
        "不带参数时以“系统”身份运行(与夜间任务相同,只载入国务院已公布、软件包收录的年份);"
        "从文件发布须用 --actor 指明系统管理员的登录名。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--file", type=Path)
        parser.add_argument("--actor", help="发布年度安排的系统管理员登录名(从文件发布时必填)")

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
        if not options["actor"]:
            raise CommandError("从文件发布须用 --actor 指明系统管理员的登录名")
        try:
            actor = active_user_by_username(options["actor"])
            with file.open("rb") as source:
                recomputed = calendar_year_publish(
                    actor=actor,
                    year=year,
                    entries=calendar_entries_from_workbook(source),
                    source=CalendarSource.IMPORT,
                )
        except DomainError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已发布 {year} 年工作日历,重新计算暂定期限 {recomputed} 件")
