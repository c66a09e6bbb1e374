from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "xiangzhen.projects"
    verbose_name = _("项目攻坚")
