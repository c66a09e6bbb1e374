"""On a phone: a village cadre sees the 主题党日 missing on the board, records it with who attended, and the
board no longer lists it."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_a_village_cadre_records_a_theme_day_from_the_phone(phone, live_server):
    from tests.party.factories import make_branch
    from xiangzhen.party.models import BranchActivity

    # Each browser test starts from an emptied database: put back the default rules the migration seeded.
    importlib.import_module("xiangzhen.party.migrations.0002_default_activity_rules").seed(apps, None)
    township = build_township()
    branch = make_branch(township.town_leader.user, township.gepu, full=8, probationary=1)
    log_in(phone, live_server, "cunganbu")

    phone.goto(f"{live_server.url}/party/")
    board = phone.locator("#compliance-board")
    assert "主题党日" in board.inner_text()
    board.get_by_role("link", name="葛铺村党支部").click()
    phone.locator("#record-activity").click()
    phone.get_by_label("活动").select_option(label="主题党日")
    phone.get_by_label("主题").fill("重温入党誓词")
    checkboxes = phone.locator("#attendance input[type=checkbox]")
    assert checkboxes.count() == 9
    checkboxes.nth(8).uncheck()
    phone.get_by_label("缺席情况").fill("外出务工 1 人")
    phone.get_by_label("会议记录").fill("全体到会党员重温入党誓词,交流学习体会。")
    phone.get_by_role("button", name="保存").click()

    assert "已记录主题党日" in phone.locator(".messages").inner_text()
    assert "实到 8 人" in phone.locator("#attendance-count").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    activity = BranchActivity.objects.get()
    assert (activity.branch, activity.held_on, activity.present_count) == (branch, timezone.localdate(), 8)

    phone.goto(f"{live_server.url}/party/")
    row = phone.locator("#compliance-board tr", has_text="葛铺村党支部")
    assert "主题党日" not in row.locator("td").nth(1).inner_text()
