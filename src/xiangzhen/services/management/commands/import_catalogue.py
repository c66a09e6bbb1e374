from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.accounts.selectors import active_user_by_username
from xiangzhen.errors import DomainError
from xiangzhen.org.models import Unit
from xiangzhen.org.selectors import unit_get_for_user
from xiangzhen.services.catalogue import CatalogueImportFailed, catalogue_export, catalogue_import


class Command(BaseCommand):
    help = (
        "导入或导出服务事项目录(.xlsx,工作表“事项”和“材料”)。导入按事项编码新增或更新,"
        "文件中事项的材料整体替换;有任何错误整份文件不导入,并逐行列出错误。"
        "导入须用 --actor 指明以哪个账号的身份导入(与网页相同:乡镇领导、县级督查只能改本辖区县乡的目录),"
        "--unit 指明事项所属的县或乡镇(单位编号);不带 --unit 即省级通用事项,只有系统管理员可以导入。"
        "导出无需 --actor;带 --unit 只导出该单位自己的事项。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--export", action="store_true", help="把当前目录导出到该文件")
        parser.add_argument("--actor", help="执行导入的登录名(导入时必填)")
        parser.add_argument("--unit", type=int, help="事项所属的县或乡镇的单位编号;不填为省级通用事项")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if options["export"]:
                owner = Unit.objects.filter(pk=options["unit"]).first() if options["unit"] else None
                if options["unit"] and owner is None:
                    raise CommandError(f"没有编号为 {options['unit']} 的单位")
                path.write_bytes(catalogue_export(owner_unit=owner))
                self.stdout.write(f"已导出到 {path}")
                return
            if not options["actor"]:
                raise CommandError("导入须用 --actor 指明执行导入的登录名")
            actor = active_user_by_username(options["actor"])
            owner_unit = unit_get_for_user(actor, options["unit"]) if options["unit"] else None
            with path.open("rb") as source:
                report = catalogue_import(actor=actor, source=source, owner_unit=owner_unit)
        except CatalogueImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(failure.message) from failure
        except DomainError as error:
            raise CommandError(error.message) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"导入成功:{report.summary()}")
