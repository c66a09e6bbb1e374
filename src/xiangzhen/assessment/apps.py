from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


def _sync_indicators(sender: AppConfig, **kwargs: Any) -> None:
    from xiangzhen.assessment.services import indicators_sync

    indicators_sync()


class AssessmentConfig(AppConfig):
    name = "xiangzhen.assessment"
    verbose_name = _("考核赛马")

    def ready(self) -> None:
        # Every app's indicators.py registers its computed indicators (assessment.registry).
        autodiscover_modules("indicators")
        post_migrate.connect(_sync_indicators, sender=self)
