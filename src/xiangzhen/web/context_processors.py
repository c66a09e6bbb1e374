from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import CadreRole
from xiangzhen.org.permissions import Action, role_of, user_is_administrator, user_may
from xiangzhen.org.selectors import AnyUser
from xiangzhen.services.models import Notification

# Who works with which module, one letter a role (a user without a cadre record sees only "*" entries;
# 系统管理员 sees every entry):
ROLE_LETTERS = {
    "督": CadreRole.COUNTY_SUPERVISOR,  # checks the towns' work: figures, deadlines, registers
    "领": CadreRole.TOWN_LEADER,  # runs the town: everything but publishing the calendar
    "窗": CadreRole.WINDOW_STAFF,  # the service hall: requests, the catalogue, their own sign-in and duty
    "片": CadreRole.DISTRICT_COMMITTEE,  # the 片区 office: its station, meetings, school, villages' registers
    "包": CadreRole.TOWNSHIP_CADRE,  # in the villages: sign-in and stays, disputes, households, campaigns
    "村": CadreRole.VILLAGE_CADRE,  # the village: its requests, disputes, branch, collective assets
}
EVERYONE = "*"

# The menu, one table: group, page (URL name), label, the roles whose work it is. It only narrows: a page
# whose view declares an action (org.permissions.action_required) is offered only to roles that may take
# it, so the menu never leads to a 403 whatever this table says. At most seven groups; a group with no
# entry for the person disappears. 接口令牌 and 修改密码 sit in the account menu (ACCOUNT_MENU).
MENU: list[tuple[str | Promise, str, str | Promise, str]] = [
    (_("我的待办"), "home", _("我的待办"), EVERYONE),
    (_("便民服务"), "services:queue", _("办件"), "督领窗片包村"),
    (_("便民服务"), "services:intake", _("一窗受理"), "领窗片包村"),
    (_("便民服务"), "services:statistics", _("办件统计"), "督领窗片"),
    (_("便民服务"), "services:catalogue", _("事项目录"), "督领窗"),
    (_("基层治理"), "disputes:register", _("矛盾纠纷"), "督领片包村"),
    (_("基层治理"), "supervision:meetings", _("会议"), "督领片包村"),
    (_("基层治理"), "supervision:tasks", _("督办事项"), "督领窗片包村"),
    (_("基层治理"), "supervision:admissions", _("清单外交办"), "督"),
    (_("基层治理"), "duties:list", _("履职事项清单"), "督领片包村"),
    (_("基层治理"), "returns:index", _("报表"), "督领"),
    (_("一线与帮扶"), "frontline:today", _("干部在一线"), "督领窗片包村"),
    (_("一线与帮扶"), "assistance:households", _("监测帮扶"), "督领片包村"),
    (_("一线与帮扶"), "training:sessions", _("群众教育"), "督领片包村"),
    (_("发展与三资"), "collective:overview", _("村集体三资"), "督领片村"),
    (_("发展与三资"), "projects:index", _("重点项目"), "督领片包村"),
    (_("发展与三资"), "projects:campaigns", _("攻坚"), "督领片包村"),
    (_("党建与考核"), "party:board", _("党建"), "督领片村"),
    (_("党建与考核"), "assessment:scheme_list", _("考核赛马"), "督领片包村"),
    (_("系统"), "org:unit_list", _("行政单位"), "督领片"),
    (_("系统"), "org:import", _("导入组织数据"), "督领"),
    (_("系统"), "audit:event_list", _("审计日志"), "督领"),
    (_("系统"), "workdays:calendar", _("工作日历"), "督领窗"),
    (_("基层治理"), "hotline:orders", _("12345工单"), "督领片包村"),
    (_("基层治理"), "hotline:county", _("12345派单"), "督"),
]
# Under the user's name, beside 退出. API tokens are for those who connect other systems: the hall's
# terminals and Open311 (window staff), the leaders' and supervisors' reporting.
ACCOUNT_MENU: list[tuple[str, str | Promise, str]] = [
    ("password_change", _("修改密码"), EVERYONE),
    ("api_tokens:list", _("接口令牌"), "督领窗"),
]


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str | Promise
    current: bool = False


@dataclass(frozen=True)
class MenuGroup:
    label: str | Promise
    links: list[MenuLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> bool:
        """A group that is one page of its own name (我的待办): a plain link, not a list."""
        return len(self.links) == 1 and str(self.links[0].label) == str(self.label)


@cache
def _required_action(url_name: str) -> Action | None:
    """The action the page's view declares; resolved once per process (the URL table does not change)."""
    action = getattr(resolve(reverse(url_name)).func, "required_action", None)
    return action if isinstance(action, Action) else None


def _offered(request: HttpRequest, url_name: str, roles: str) -> bool:
    return _offered_to(request.user, url_name, roles)


def page_offered(user: AnyUser, url_name: str) -> bool:
    """Whether the menu offers the page to the user (its roles and its view's action): what other parts
    of the workbench (the one search) show of a module follows the menu."""
    return any(_offered_to(user, url_name, roles) for _group, name, _label, roles in MENU if name == url_name)


def _offered_to(user: AnyUser, url_name: str, roles: str) -> bool:
    if not user_is_administrator(user):
        role = role_of(user)
        letters = {letter for letter, letter_role in ROLE_LETTERS.items() if letter_role == role}
        if roles != EVERYONE and not letters & set(roles):
            return False
    action = _required_action(url_name)
    return action is None or user_may(user, action)


def _current_url(path: str, urls: list[str]) -> str | None:
    """The entry the page belongs to: the longest entry URL the path starts with (the home page only
    exactly), so /services/intake/ lights 一窗受理, not 办件."""
    matching = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matching, key=len, default=None)


def menu_for(request: HttpRequest) -> list[MenuGroup]:
    entries = [
        (group, reverse(url_name), label)
        for group, url_name, label, roles in MENU
        if _offered(request, url_name, roles)
    ]
    if getattr(request.user, "is_staff", False):
        entries.append((_("系统"), reverse("admin:index"), _("系统管理")))
    current = _current_url(request.path, [url for _, url, _ in entries])
    groups: dict[str, MenuGroup] = {}
    for group, url, label in entries:
        groups.setdefault(str(group), MenuGroup(group, [])).links.append(
            MenuLink(url, label, current=url == current)
        )
    return list(groups.values())


def account_menu_for(request: HttpRequest) -> list[MenuLink]:
    return [
        MenuLink(reverse(url_name), label, current=request.path == reverse(url_name))
        for url_name, label, roles in ACCOUNT_MENU
        if _offered(request, url_name, roles)
    ]


def workbench(request: HttpRequest) -> dict[str, object]:
    """What the navigation of every staff page shows: the person's menu, the account menu, unread notices."""
    if not request.user.is_authenticated:
        return {}
    return {
        "menu": menu_for(request),
        "account_menu": account_menu_for(request),
        "may_read_audit": user_may(request.user, Action.BROWSE_AUDIT),
        "unread_notifications": Notification.objects.filter(
            recipient=request.user, read_at__isnull=True
        ).count(),
    }
