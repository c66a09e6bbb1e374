from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.accounts.selectors import active_user_by_username
from xiangzhen.errors import DomainError
from xiangzhen.org.importing import ImportFailed, org_import_workbook


class Command(BaseCommand):
    help = (
        "从 Excel 导入单位、干部和包保关系(工作表:单位、干部、包保)。"
        "全部正确才导入;有任何错误,整份文件不导入,并逐行列出错误。"
        "必须用 --actor 指明以哪个账号的身份导入:与网页导入相同,只能导入该账号管辖范围内的单位,"
        "只有乡镇领导、县级督查和系统管理员可以导入,且不能创建高于本人角色的账号。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--actor", required=True, help="执行导入的登录名(系统管理员可导入全部单位)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = active_user_by_username(options["actor"])
            with options["file"].open("rb") as source:
                report = org_import_workbook(actor=actor, source=source)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(failure.message) from failure
        except DomainError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"导入成功:{report.summary()}")
