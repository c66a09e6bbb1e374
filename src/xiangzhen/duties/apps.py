from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "xiangzhen.duties"
    verbose_name = _("履职事项清单")
