from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.errors import DomainError
from xiangzhen.operations.backup import backup_restore


class Command(BaseCommand):
    help = (
        "从 xiangzhen backup 的归档恢复数据库和上传文件(先校验 SHA-256,不符则不做任何改动)。"
        "目标应是新装的空数据库;已有数据时须加 --replace。恢复前请先停止网站和后台任务。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="备份归档 xiangzhen-YYYYMMDD-HHMMSS.tar")
        parser.add_argument("--replace", action="store_true", help="覆盖已有数据的数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(Path(options["archive"]), replace=options["replace"])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"已恢复 {report.created_at} 的备份({report.engine} 数据库,上传文件 {report.media_files} 个)"
        )
