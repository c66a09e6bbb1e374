from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "xiangzhen.projects"
    verbose_name = _("项目攻坚")

    def ready(self) -> None:
        from xiangzhen.projects.services import recompute_provisional_milestone_deadlines
        from xiangzhen.workdays.calendar import register_provisional_recomputation

        register_provisional_recomputation(recompute_provisional_milestone_deadlines)
