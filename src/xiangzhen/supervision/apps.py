from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "xiangzhen.supervision"
    verbose_name = _("会议与督办")

    def ready(self) -> None:
        from xiangzhen.supervision.services import recompute_provisional_task_deadlines
        from xiangzhen.workdays.calendar import register_provisional_recomputation

        register_provisional_recomputation(recompute_provisional_task_deadlines)
