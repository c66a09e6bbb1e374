from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.errors import ValidationFailed
from xiangzhen.org.importing import ImportFailed, org_import_workbook


class Command(BaseCommand):
    help = (
        "从 Excel 导入单位、干部和包保关系(工作表:单位、干部、包保)。"
        "全部正确才导入;有任何错误,整份文件不导入,并逐行列出错误。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with options["file"].open("rb") as source:
                report = org_import_workbook(actor=None, source=source)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(failure.message) from failure
        except (ValidationFailed, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(f"导入成功:{report.summary()}")
