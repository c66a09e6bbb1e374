from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectiveConfig(AppConfig):
    name = "xiangzhen.collective"
    verbose_name = _("村集体三资")
