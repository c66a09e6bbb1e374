"""The menu offers exactly the pages the role may use."""

import re

import pytest

from tests.factories import UserFactory

PAGES_FOR_EVERYONE = {"/", "/services/", "/org/units/", "/workdays/", "/accounts/password/"}


def menu_links(client) -> set[str]:
    page = client.get("/").content.decode()
    nav = re.search(r"<nav>(.*?)</nav>", page, re.S)
    assert nav is not None
    return set(re.findall(r'href="([^"]+)"', nav.group(1)))


@pytest.mark.parametrize(
    ("persona", "has_intake", "has_import", "has_audit"),
    [
        ("county_supervisor", False, True, True),
        ("town_leader", True, True, True),
        ("window_staff", True, False, False),
        ("district_committee", True, False, False),
        ("township_cadre", True, False, False),
        ("village_cadre", True, False, False),
    ],
)
def test_each_role_sees_only_the_pages_it_may_use(
    client, township, persona, has_intake, has_import, has_audit
):
    client.force_login(getattr(township, persona).user)
    links = menu_links(client)
    assert links >= PAGES_FOR_EVERYONE
    assert ("/services/intake/" in links) == has_intake
    assert ("/org/import/" in links) == has_import
    assert ("/audit/" in links) == has_audit
    assert "/admin/" not in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_staff_reach_the_admin_from_the_menu(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    links = menu_links(client)
    assert {"/admin/", "/audit/", "/org/import/", "/services/intake/"} <= links
    page = client.get("/").content.decode()
    assert "系统管理" in page and "修改密码" in page
