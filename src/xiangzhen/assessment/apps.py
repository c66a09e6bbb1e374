from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "xiangzhen.assessment"
    verbose_name = _("考核赛马")

    def ready(self) -> None:
        # Every app's indicators.py registers its computed indicators (assessment.registry).
        autodiscover_modules("indicators")
