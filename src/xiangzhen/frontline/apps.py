from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontlineConfig(AppConfig):
    name = "xiangzhen.frontline"
    verbose_name = _("干部在一线")
