from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "xiangzhen.returns"
    verbose_name = _("报表")
