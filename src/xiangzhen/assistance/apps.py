from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "xiangzhen.assistance"
    verbose_name = _("防返贫监测帮扶")
