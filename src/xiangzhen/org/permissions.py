"""What a role may do, beside `visible_units` (where it may do it): one table, checked in the services.

Jurisdiction decides *where*; this table decides *what*. Both must allow an action. A superuser (系统管理员)
may do everything; a user without an active cadre record may do nothing listed here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PageDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from xiangzhen.errors import PermissionDenied
from xiangzhen.org.models import CadreRole
from xiangzhen.org.selectors import AnyUser, cadre_of


class Action(models.TextChoices):
    IMPORT_ORG = "import_org", _("导入组织数据")
    MANAGE_UNITS = "manage_units", _("管理行政单位")
    CREATE_ACCOUNTS = "create_accounts", _("创建干部和账号")
    MANAGE_CATALOGUE = "manage_catalogue", _("管理事项目录")
    VERIFY_TASKS = "verify_tasks", _("核验督办事项")
    OVERRIDE_NOTICE = "override_notice", _("超出一次性告知补充材料")
    BROWSE_AUDIT = "browse_audit", _("查看审计日志")
    PUBLISH_CALENDAR = "publish_calendar", _("发布工作日历")
    INTAKE = "intake", _("窗口受理")
    REGISTER_DISPUTES = "register_disputes", _("登记矛盾纠纷")
    CONVENE_MEETINGS = "convene_meetings", _("召开会议")
    REVEAL_PERSONAL_DATA = "reveal_personal_data", _("查看完整个人信息")
    ENTER_SCORES = "enter_scores", _("录入考核分数")
    PUBLISH_BOARD = "publish_board", _("发布考核榜单")
    MANAGE_SCHEMES = "manage_schemes", _("管理考核指标和方案")
    MANAGE_DUTY = "manage_duty", _("排定坐班轮值和驻村规则")
    RECORD_ASSISTANCE = "record_assistance", _("录入监测帮扶")
    REVIEW_ASSISTANCE = "review_assistance", _("审核确认监测对象和风险消除")
    MANAGE_TRAINING = "manage_training", _("组织培训")
    MANAGE_PROJECTS = "manage_projects", _("管理重点项目和攻坚")
    RECORD_CAMPAIGN_PROGRESS = "record_campaign_progress", _("记录攻坚进度")
    RECORD_BRANCH_LIFE = "record_branch_life", _("记录组织生活")
    MANAGE_BRANCHES = "manage_branches", _("管理党组织和后备干部")
    MANAGE_COLLECTIVE = "manage_collective", _("管理村集体三资")
    MANAGE_DUTY_LIST = "manage_duty_list", _("导入履职事项清单")
    REVIEW_ADMISSION = "review_admission", _("准入审核清单外交办事项")
    HANDLE_HOTLINE = "handle_hotline", _("办理12345工单")
    DISPATCH_HOTLINE = "dispatch_hotline", _("派发和审核12345工单")
    ANSWER_FEEDBACK = "answer_feedback", _("答复投诉建议")
    MANAGE_RETURN_TEMPLATES = "manage_return_templates", _("管理县级报表模板")


_FRONTLINE = frozenset(
    {
        Action.INTAKE,
        Action.REGISTER_DISPUTES,
        Action.REVEAL_PERSONAL_DATA,
        Action.RECORD_ASSISTANCE,
        Action.RECORD_CAMPAIGN_PROGRESS,
    }
)
_LEADERSHIP = frozenset(
    {
        Action.IMPORT_ORG,
        Action.MANAGE_UNITS,
        Action.CREATE_ACCOUNTS,
        Action.MANAGE_CATALOGUE,
        Action.VERIFY_TASKS,
        Action.OVERRIDE_NOTICE,
        Action.BROWSE_AUDIT,
        Action.CONVENE_MEETINGS,
        Action.ENTER_SCORES,
        Action.PUBLISH_BOARD,
        Action.REGISTER_DISPUTES,
        Action.MANAGE_SCHEMES,
        Action.MANAGE_DUTY,
        Action.RECORD_ASSISTANCE,
        Action.REVIEW_ASSISTANCE,
        Action.MANAGE_TRAINING,
        Action.MANAGE_PROJECTS,
        Action.RECORD_CAMPAIGN_PROGRESS,
        Action.RECORD_BRANCH_LIFE,
        Action.MANAGE_BRANCHES,
        Action.MANAGE_COLLECTIVE,
        Action.MANAGE_DUTY_LIST,
    }
)

# The one source of truth. The calendar is the State Council's: only 系统管理员 publishes it. A county
# supervisor checks the work and does not stand at a window; the window staff accept requests and nothing
# else of the town's administration. 查看完整个人信息 goes only to those who call, visit or sign for a person
# by name: the window (applicants), the town leaders (agreements, reviews) and the cadres of 片区 and
# villages (mediation, pairing, campaign contacts). A county supervisor checks the work from the masked
# records and never needs a full ID number or phone.
PERMITTED_ACTIONS: dict[str, frozenset[Action]] = {
    # 准入 review of what the county hands to its towns is the county's own check on its departments; so are
    # the forms (return templates) the county asks its towns to send up.
    # 12345: the county's hotline dispatches, reviews 退单 and 延期 and rates; the town and its villages handle.
    CadreRole.COUNTY_SUPERVISOR: _LEADERSHIP
    | {
        Action.REVIEW_ADMISSION,
        Action.DISPATCH_HOTLINE,
        Action.ANSWER_FEEDBACK,
        Action.MANAGE_RETURN_TEMPLATES,
    },
    CadreRole.TOWN_LEADER: _LEADERSHIP | {Action.INTAKE, Action.REVEAL_PERSONAL_DATA, Action.HANDLE_HOTLINE},
    CadreRole.WINDOW_STAFF: frozenset({Action.INTAKE, Action.REVEAL_PERSONAL_DATA}),
    CadreRole.DISTRICT_COMMITTEE: _FRONTLINE
    | {Action.CONVENE_MEETINGS, Action.MANAGE_TRAINING, Action.RECORD_BRANCH_LIFE, Action.HANDLE_HOTLINE},
    CadreRole.TOWNSHIP_CADRE: _FRONTLINE | {Action.MANAGE_TRAINING, Action.HANDLE_HOTLINE},
    CadreRole.VILLAGE_CADRE: _FRONTLINE
    | {Action.CONVENE_MEETINGS, Action.RECORD_BRANCH_LIFE, Action.MANAGE_COLLECTIVE, Action.HANDLE_HOTLINE},
}

# The role ceiling: nobody creates an account above their own rank (系统管理员 stands above all).
ROLE_RANK: dict[str, int] = {
    CadreRole.COUNTY_SUPERVISOR: 50,
    CadreRole.TOWN_LEADER: 40,
    CadreRole.DISTRICT_COMMITTEE: 30,
    CadreRole.WINDOW_STAFF: 20,
    CadreRole.TOWNSHIP_CADRE: 20,
    CadreRole.VILLAGE_CADRE: 10,
}

DENIED_MESSAGES: dict[Action, str] = {
    Action.IMPORT_ORG: "只有乡镇领导、县级督查和系统管理员可以导入组织数据",
    Action.MANAGE_UNITS: "只有乡镇领导、县级督查和系统管理员可以新建或修改单位",
    Action.CREATE_ACCOUNTS: "只有乡镇领导、县级督查和系统管理员可以创建干部和账号",
    Action.MANAGE_CATALOGUE: "只有乡镇领导、县级督查和系统管理员可以修改事项目录",
    Action.VERIFY_TASKS: "只有督办人或上级领导可以核验",
    Action.OVERRIDE_NOTICE: "只有乡镇领导和县级督查可以超出首次告知补充材料",
    Action.BROWSE_AUDIT: "只有乡镇领导和县级督查可以查看审计日志",
    Action.PUBLISH_CALENDAR: "只有系统管理员可以发布工作日历",
    Action.INTAKE: "县级督查不在窗口受理办件",
    Action.REGISTER_DISPUTES: "窗口人员不登记矛盾纠纷,请交包村干部、村干部或片区工委登记",
    Action.CONVENE_MEETINGS: "只有乡镇领导、县级督查、片区工委和村干部可以召开会议",
    Action.ENTER_SCORES: "只有乡镇领导和县级督查可以录入考核分数",
    Action.PUBLISH_BOARD: "只有乡镇领导和县级督查可以发布考核榜单",
    Action.MANAGE_SCHEMES: "只有乡镇领导和县级督查可以设置考核指标和方案",
    Action.MANAGE_DUTY: "只有乡镇领导和县级督查可以排定坐班轮值和驻村规则",
    Action.REVIEW_ASSISTANCE: "只有乡镇领导和县级督查可以审核确认监测对象",
    Action.MANAGE_TRAINING: "只有乡镇领导、片区工委和包村干部可以组织培训",
    Action.MANAGE_PROJECTS: "只有乡镇领导和县级督查可以管理重点项目和攻坚",
    Action.RECORD_BRANCH_LIFE: "只有乡镇领导、片区工委和村干部可以记录组织生活",
    Action.MANAGE_BRANCHES: "只有乡镇领导和县级督查可以管理党组织和后备干部",
    Action.MANAGE_COLLECTIVE: "只有乡镇领导和村干部可以管理村集体三资",
    Action.MANAGE_DUTY_LIST: "只有乡镇领导、县级督查和系统管理员可以导入履职事项清单",
    Action.REVIEW_ADMISSION: "只有县级督查可以对清单外交办事项作准入审核",
    Action.HANDLE_HOTLINE: "只有乡镇领导、片区工委、包村干部和村干部可以办理12345工单",
    Action.DISPATCH_HOTLINE: "只有县级12345派单人员(县级督查)可以派单、审核退单和延期、回访考核",
    Action.MANAGE_RETURN_TEMPLATES: "只有县级督查和系统管理员可以新增县级报表模板",
    Action.REVEAL_PERSONAL_DATA: "县级督查依据脱敏记录督查,不查看完整身份证号和手机号;请由乡镇或村里的经办人员查看",
}


def role_of(user: AnyUser) -> str | None:
    cadre = cadre_of(user)
    return cadre.role if cadre is not None else None


def user_is_administrator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def user_may(user: AnyUser, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if user_is_administrator(user):
        return True
    role = role_of(user)
    return role is not None and action in PERMITTED_ACTIONS.get(role, frozenset())


def permission_require(user: AnyUser, action: Action) -> None:
    """Raise PermissionDenied (403) with a Chinese message unless the user's role may do `action`."""
    if not user_may(user, action):
        raise PermissionDenied(denied_message(action))


def grantable_roles(user: AnyUser) -> list[str]:
    """The roles `user` may give a new account: none above their own."""
    if user_is_administrator(user):
        return list(CadreRole.values)
    role = role_of(user)
    if role is None:
        return []
    return [candidate for candidate in CadreRole.values if ROLE_RANK[candidate] <= ROLE_RANK[role]]


def role_grant_require(user: AnyUser, role: str) -> None:
    if role not in grantable_roles(user):
        label = CadreRole(role).label if role in CadreRole.values else role
        raise PermissionDenied(f"不能创建高于本人角色的账号(“{label}”)")


def denied_message(action: Action) -> str:
    return DENIED_MESSAGES.get(action, f"您的角色不能{action.label}")


View = TypeVar("View", bound=Callable[..., HttpResponse])


def action_required(action: Action) -> Callable[[View], View]:
    """A page only a role with `action` may open: anonymous users go to the login page, others get a 403
    page with the reason. The action is kept on the view (`required_action`) so that the role-matrix test
    and the menu read the same declaration."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_may(request.user, action):
                raise PageDenied(denied_message(action))
            return view(request, *args, **kwargs)

        protected = login_required(guarded)
        protected.required_action = action  # type: ignore[attr-defined]  # read by the role-matrix test
        return protected  # type: ignore[return-value]  # same signature as `view`

    return decorate
