from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectiveConfig(AppConfig):
    name = "xiangzhen.collective"
    verbose_name = _("村集体三资")

    def ready(self) -> None:
        from xiangzhen.collective.services import recompute_provisional_publication_deadlines
        from xiangzhen.workdays.calendar import register_provisional_recomputation

        register_provisional_recomputation(recompute_provisional_publication_deadlines)
