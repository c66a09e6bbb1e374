from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "xiangzhen.search"
    verbose_name = _("统一搜索")
