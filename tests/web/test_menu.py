"""The menu offers the modules of the person's work, in groups, and never a page the role may not open."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.web.context_processors import ACCOUNT_MENU, MENU, ROLE_LETTERS, _required_action


def menu_of(client, path: str = "/") -> dict[str, list[str]]:
    """The groups of the main menu with their entries' labels, in order."""
    page = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav" data-menu[^>]*>(.*?)</nav>', page, re.S)
    assert nav is not None
    groups: dict[str, list[str]] = {}
    for single, summary, entries in re.findall(
        r'<a class="nav-single"[^>]*>([^<]+)</a>|<summary>([^<]+)</summary>\s*<ul>(.*?)</ul>',
        nav.group(1),
        re.S,
    ):
        if single:
            groups[single] = [single]
        else:
            groups[summary] = re.findall(r"<a [^>]*>([^<]+)</a>", entries)
    return groups


def account_menu_of(client) -> list[str]:
    page = client.get("/").content.decode()
    account = re.search(r'<details class="account" data-menu>(.*?)</details>', page, re.S)
    assert account is not None
    return re.findall(r"<a [^>]*>([^<]+)</a>|<button[^>]*>([^<]+)</button>", account.group(1))


def menu_hrefs(client) -> set[str]:
    page = client.get("/").content.decode()
    blocks = re.findall(r'<nav class="site-nav".*?</nav>|<details class="account".*?</details>', page, re.S)
    assert len(blocks) == 2
    return {href for block in blocks for href in re.findall(r'href="([^"]+)"', block)}


EXPECTED = {
    "county_supervisor": {
        "我的待办": ["我的待办"],
        "便民服务": ["办件", "办件统计", "事项目录"],
        "基层治理": [
            "矛盾纠纷",
            "会议",
            "督办事项",
            "清单外交办",
            "履职事项清单",
            "报表",
            "12345工单",
            "12345派单",
        ],
        "一线与帮扶": ["干部在一线", "监测帮扶", "群众教育"],
        "发展与三资": ["村集体三资", "重点项目", "攻坚"],
        "党建与考核": ["党建", "考核赛马"],
        "系统": ["行政单位", "导入组织数据", "审计日志", "工作日历"],
    },
    "window_staff": {
        "我的待办": ["我的待办"],
        "便民服务": ["办件", "一窗受理", "办件统计", "事项目录"],
        "基层治理": ["督办事项"],
        "一线与帮扶": ["干部在一线"],
        "系统": ["工作日历"],
    },
    "village_cadre": {
        "我的待办": ["我的待办"],
        "便民服务": ["办件", "一窗受理"],
        "基层治理": ["矛盾纠纷", "会议", "督办事项", "履职事项清单", "12345工单"],
        "一线与帮扶": ["干部在一线", "监测帮扶", "群众教育"],
        "发展与三资": ["村集体三资", "重点项目", "攻坚"],
        "党建与考核": ["党建", "考核赛马"],
    },
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_menu_shows_the_groups_of_the_role_work(client, township, persona):
    client.force_login(getattr(township, persona).user)
    assert menu_of(client) == EXPECTED[persona]


@pytest.mark.parametrize(
    "persona",
    [
        "county_supervisor",
        "town_leader",
        "window_staff",
        "district_committee",
        "township_cadre",
        "village_cadre",
    ],
)
def test_every_entry_opens_and_none_is_a_page_the_role_may_not_use(client, township, persona):
    user = getattr(township, persona).user
    client.force_login(user)
    groups = menu_of(client)
    assert next(iter(groups)) == "我的待办" and len(groups) <= 7
    assert all(groups.values()), "a group without entries is not shown"
    hrefs = menu_hrefs(client)
    assert "/" in hrefs and "/accounts/password/" in hrefs
    assert "/admin/" not in hrefs and "/due/" not in hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href
    for _group, url_name, _label, _roles in MENU:
        action = _required_action(url_name)
        if action is not None and not user_may(user, action):
            assert reverse(url_name) not in hrefs, url_name


def test_account_menu_holds_password_tokens_and_sign_out(client, township):
    client.force_login(township.town_leader.user)
    assert [label for pair in account_menu_of(client) for label in pair if label] == [
        "修改密码",
        "接口令牌",
        "退出",
    ]
    client.force_login(township.village_cadre.user)
    assert [label for pair in account_menu_of(client) for label in pair if label] == ["修改密码", "退出"]
    assert "接口令牌" not in str(menu_of(client)) and "导入组织数据" not in str(menu_of(client))


def test_the_current_page_marks_its_entry_and_group(client, township):
    client.force_login(township.window_staff.user)
    page = client.get("/services/intake/").content.decode()
    assert re.search(r'<details class="nav-group" data-current>\s*<summary>便民服务</summary>', page)
    assert '<a href="/services/intake/" aria-current="page">一窗受理</a>' in page
    assert '<a href="/services/" aria-current="page">' not in page


def test_the_table_names_only_roles_pages_and_at_most_seven_groups():
    letters = set(ROLE_LETTERS) | {"*"}
    for _group, url_name, _label, roles in [*MENU, *((None, *row) for row in ACCOUNT_MENU)]:
        reverse(url_name)
        assert set(roles) <= letters, url_name
    assert len({str(group) for group, *_ in MENU}) <= 7
    assert all(
        isinstance(action, Action) or action is None
        for action in map(_required_action, [row[1] for row in MENU])
    )


def test_a_user_without_a_cadre_record_sees_only_the_home_page(client, db):
    client.force_login(UserFactory())
    assert menu_of(client) == {"我的待办": ["我的待办"]}


def test_staff_reach_the_admin_from_the_system_group(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    groups = menu_of(client)
    assert len(groups) == 7
    assert groups["系统"][-1] == "系统管理"
    assert {"/admin/", "/audit/", "/org/import/", "/services/intake/", "/account/tokens/"} <= menu_hrefs(
        client
    )
