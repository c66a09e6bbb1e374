"""In Chromium on a phone: a cadre records a household as signed and the campaign board's count rises."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township
from tests.projects.helpers import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    opened = context.new_page()
    yield opened
    context.close()


def test_a_target_recorded_as_signed_raises_the_boards_count(phone, live_server):
    township = build_township()
    today = timezone.localdate()
    campaign = make_campaign(township, start_on=today - timedelta(days=3), goal_on=today + timedelta(days=20))

    log_in(phone, live_server, "baocun")
    phone.goto(f"{live_server.url}/projects/campaigns/{campaign.pk}/")
    assert phone.locator("#board-done").inner_text() == "0"
    assert phone.locator("#board-today").inner_text() == "0"

    phone.get_by_role("link", name="攻坚对象").first.click()
    phone.locator("#target-table").get_by_role("link", name="0001").click()
    phone.locator("#record-step").select_option(label="已签约")
    phone.locator("#record-note").fill("户主从宁波赶回来签约")
    phone.get_by_role("button", name="保存", exact=True).click()
    assert phone.locator("#target-step").inner_text() == "已签约"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_role("link", name=campaign.name).click()
    assert phone.locator("#board-done").inner_text() == "1"
    assert phone.locator("#board-today").inner_text() == "1"
