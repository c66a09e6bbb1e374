from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.errors import ValidationFailed
from xiangzhen.services.catalogue import CatalogueImportFailed, catalogue_export, catalogue_import


class Command(BaseCommand):
    help = (
        "导入或导出服务事项目录(.xlsx,工作表“事项”和“材料”)。导入按事项编码新增或更新,"
        "文件中事项的材料整体替换;有任何错误整份文件不导入,并逐行列出错误。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--export", action="store_true", help="把当前目录导出到该文件")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["export"]:
            path.write_bytes(catalogue_export())
            self.stdout.write(f"已导出到 {path}")
            return
        try:
            with path.open("rb") as source:
                report = catalogue_import(actor=None, source=source)
        except CatalogueImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(failure.message) from failure
        except (ValidationFailed, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(f"导入成功:{report.summary()}")
