from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_key(**kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [Error("SECRET_KEY 仍是开发用密钥,生产环境必须通过环境变量设置", id="xiangzhen.E001")]
    return []
