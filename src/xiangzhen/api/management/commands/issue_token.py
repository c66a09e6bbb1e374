from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiangzhen.accounts.selectors import active_user_by_username
from xiangzhen.api.services import api_token_issue
from xiangzhen.errors import DomainError


class Command(BaseCommand):
    help = (
        "为账号签发一个接口令牌并打印一次:系统只保存它的 SHA-256 摘要,之后无法再查看;"
        "令牌的权限和管辖范围与该账号相同。用户也可以在“接口令牌”页面自行创建和吊销。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="登录名")
        parser.add_argument("name", help="用途,例如“便民服务自助终端”")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = active_user_by_username(options["user"])
            raw = api_token_issue(actor=None, user=user, name=options["name"])
        except DomainError as error:
            raise CommandError(error.message) from error
        # The raw token alone on stdout, so it can be piped; the summary goes to stderr.
        self.stdout.write(raw)
        self.stderr.write(
            f"已为 {user.get_username()} 签发令牌“{options['name'].strip()}”,请立即保存,不会再次显示"
        )
