from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.permissions import Action, user_may
from xiangzhen.services.models import Notification

# The menu, in order. Whether a role sees a link is not decided here: it is the `required_action` the
# page's view declares (org.permissions.action_required), so the menu never offers a page that answers 403.
MENU = [
    ("home", _("我的待办")),
    ("services:queue", _("便民服务")),
    ("services:intake", _("一窗受理")),
    ("services:statistics", _("办件统计")),
    ("disputes:register", _("矛盾纠纷")),
    ("training:sessions", _("群众教育")),
    ("assistance:households", _("监测帮扶")),
    ("supervision:tasks", _("督办事项")),
    ("supervision:meetings", _("会议")),
    ("frontline:today", _("干部在一线")),
    ("collective:overview", _("村集体三资")),
    ("assessment:scheme_list", _("考核赛马")),
    ("party:board", _("党建")),
    ("projects:index", _("重点项目")),
    ("projects:campaigns", _("攻坚")),
    ("org:unit_list", _("行政单位")),
    ("org:import", _("导入组织数据")),
    ("audit:event_list", _("审计日志")),
    ("workdays:calendar", _("工作日历")),
    ("password_change", _("修改密码")),
    ("api_tokens:list", _("接口令牌")),
]


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str | Promise


@cache
def _required_action(url_name: str) -> Action | None:
    """The action the page's view declares; resolved once per process (the URL table does not change)."""
    action = getattr(resolve(reverse(url_name)).func, "required_action", None)
    return action if isinstance(action, Action) else None


def menu_for(request: HttpRequest) -> list[MenuLink]:
    links = []
    for url_name, label in MENU:
        action = _required_action(url_name)
        if action is None or user_may(request.user, action):
            links.append(MenuLink(reverse(url_name), label))
    if getattr(request.user, "is_staff", False):
        links.append(MenuLink(reverse("admin:index"), _("系统管理")))
    return links


def workbench(request: HttpRequest) -> dict[str, object]:
    """What the navigation of every staff page shows: the links of the pages the role may use, unread notices."""
    if not request.user.is_authenticated:
        return {}
    return {
        "menu": menu_for(request),
        "may_read_audit": user_may(request.user, Action.BROWSE_AUDIT),
        "unread_notifications": Notification.objects.filter(
            recipient=request.user, read_at__isnull=True
        ).count(),
    }
