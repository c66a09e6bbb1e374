from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "xiangzhen.web"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from xiangzhen.web import checks  # noqa: F401  (registers the deployment checks)
