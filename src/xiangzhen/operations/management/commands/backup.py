from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.errors import DomainError
from xiangzhen.operations.backup import backup_create, backup_prune, file_sha256


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件到一个带日期的归档(含 SHA-256 校验文件),网站运行时也可执行。"
        "默认写入 BACKUP_DIR;--prune 按 BACKUP_KEEP_DAILY / BACKUP_KEEP_MONTHLY 清理旧备份。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", dest="destination", help="备份目录(默认 BACKUP_DIR)")
        parser.add_argument("--prune", action="store_true", help="备份后按保留策略删除旧备份")

    def handle(self, *args: Any, **options: Any) -> None:
        destination = Path(options["destination"] or settings.BACKUP_DIR)
        try:
            archive = backup_create(destination)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{archive}  sha256 {file_sha256(archive)}")
        if options["prune"]:
            for deleted in backup_prune(
                destination, daily=settings.BACKUP_KEEP_DAILY, monthly=settings.BACKUP_KEEP_MONTHLY
            ):
                self.stdout.write(f"已删除旧备份 {deleted.name}")
