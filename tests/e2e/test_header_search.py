"""In Chromium on a phone (390 px): the header's search by a citizen's phone finds their request and opens it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township
from tests.services.factories import APPLICANT, intake, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_a_phone_typed_in_the_header_finds_the_request_and_opens_it(phone, live_server):
    township = build_township()
    request = intake(township.window_staff.user, make_item(), township.zhenjiang)

    log_in(phone, live_server, "shuji")
    header = phone.locator("header")
    box = header.locator("form.header-search input[name=q]")
    # On a phone the box folds behind the bar's 搜索 button, beside 通知 and 菜单: the bar stays one row.
    assert not box.is_visible() and header.bounding_box()["height"] < 60
    header.locator("label.search-button").click()
    assert box.is_visible()
    expect(box).to_be_focused()
    assert _overflow(phone) <= 0
    box.fill(APPLICANT.phone)
    box.press("Enter")

    phone.wait_for_url(f"{live_server.url}/search/?q={APPLICANT.phone}")
    group = phone.locator("#search-requests")
    assert "共 1 条" in group.inner_text()
    assert "李*兰" in group.inner_text() and APPLICANT.name not in group.inner_text()
    assert _overflow(phone) <= 0

    group.get_by_role("link", name=request.tracking_code).click()
    phone.wait_for_url(f"{live_server.url}/services/requests/{request.pk}/")
    assert not box.is_visible()  # folded again on the next page
    assert request.tracking_code in phone.locator("main").inner_text()
    assert _overflow(phone) <= 0


def test_on_a_desktop_the_bar_stays_one_row_and_the_box_opens_below(page, live_server):
    build_township()
    log_in(page, live_server, "shuji")
    header = page.locator("header")
    box = header.locator("form.header-search input[name=q]")
    assert not box.is_visible() and header.bounding_box()["height"] < 70
    header.locator("label.search-button").click()
    expect(box).to_be_focused()
    box.fill("李秀兰")
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=%E6%9D%8E%E7%A7%80%E5%85%B0")
    assert "没有找到" in page.locator("#search-summary").inner_text()
