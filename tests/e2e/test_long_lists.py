"""In Chromium at 390×844 on the demo: the longest lists fit a phone.

Each page shows its first 50 rows as compact cards with the filters folded behind one 筛选 button, so the
page stays under about ten phone screens, never wider than the phone, and 下一页 leads on with the filters.
"""

import importlib

import pytest
from django.core.management import call_command

from xiangzhen.demo.township import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.demo, pytest.mark.django_db(transaction=True)]
# Rows the migrations seed and the demo reads; an earlier transactional test's flush removed them.
SEEDING_MIGRATIONS = [
    ("xiangzhen.disputes.migrations.0002_categories", "seed"),
    ("xiangzhen.party.migrations.0002_default_activity_rules", "seed"),
    ("xiangzhen.assistance.migrations.0002_standard_causes_and_rule", "add_defaults"),
    ("xiangzhen.hotline.migrations.0002_profiles", "load"),
]

PHONE = {"width": 390, "height": 844}
SCREENS = 10
# The lists the demo makes longest (admin sees every town); before pagination they ran 31 to 82 screens.
LONG_LISTS = [
    ("/collective/contracts/", "contract-table"),
    ("/frontline/stays/", "stay-table"),
    ("/audit/", "audit-table"),
    ("/assistance/", "household-table"),
    ("/party/activities/", "activity-table"),
    ("/disputes/", "dispute-table"),
]


def reseed() -> None:
    from django.apps import apps

    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


def test_the_longest_demo_lists_fit_a_phone(browser, live_server, capsys):
    reseed()
    call_command("load_demo")
    capsys.readouterr()
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("admin")
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        for url, table in LONG_LISTS:
            page.goto(f"{live_server.url}{url}")
            rows = page.locator(f"#{table} tbody tr")
            assert rows.count() == (40 if url in ("/frontline/stays/", "/audit/") else 50), (
                url,
                rows.count(),
            )
            height = page.evaluate("document.documentElement.scrollHeight")
            assert height < SCREENS * PHONE["height"], (url, height)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
            fold = page.locator("details.filter-fold")
            if fold.count():
                # Folded: the button shows, the filter form does not, until the button is tapped.
                assert fold.get_attribute("open") is None, url
                assert not fold.locator("form").is_visible(), url
                fold.locator("summary").click()
                assert fold.locator("form").is_visible(), url
            assert page.locator("a.pager-next").is_visible(), url
        # 下一页 keeps a filter and shows the rest.
        page.goto(f"{live_server.url}/collective/contracts/?status=active")
        assert page.locator("details.filter-fold").get_attribute("open") is not None
        page.locator("a.pager-next").click()
        assert "status=active" in page.url and "after=" in page.url
        assert page.locator("#contract-table tbody tr").count() > 0
        assert page.locator("a.pager-first").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_filters_are_open_on_a_wide_screen(browser, live_server):
    from tests.factories import PASSWORD, build_township

    build_township()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill("shuji")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/collective/contracts/")
        assert page.locator("details.filter-fold form").is_visible()
    finally:
        context.close()
