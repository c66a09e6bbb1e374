from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "xiangzhen.services"
    label = "services"
    verbose_name = _("便民服务")

    def ready(self) -> None:
        from xiangzhen.services.deadlines import recompute_provisional_deadlines
        from xiangzhen.workdays.calendar import register_provisional_recomputation

        register_provisional_recomputation(recompute_provisional_deadlines)
