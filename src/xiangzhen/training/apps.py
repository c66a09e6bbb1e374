from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "xiangzhen.training"
    verbose_name = _("群众教育培训")
