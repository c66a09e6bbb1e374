from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "xiangzhen.disputes"
    verbose_name = _("矛盾纠纷调处")

    def ready(self) -> None:
        from xiangzhen.disputes.services import recompute_provisional_dispute_deadlines
        from xiangzhen.workdays.calendar import register_provisional_recomputation

        register_provisional_recomputation(recompute_provisional_dispute_deadlines)
