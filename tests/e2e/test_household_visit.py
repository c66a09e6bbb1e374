"""In Chromium on a phone: a pairing cadre records a household visit and sees it on the household's timeline."""

import pytest

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_a_visit_recorded_on_a_phone_is_on_the_household_timeline(phone, live_server):
    from tests.assistance.factories import register

    township = build_township()
    register(township.town_leader.user, township.gepu, township.village_cadre, head="敖银桃")

    log_in(phone, live_server, "cunganbu")
    phone.goto(f"{live_server.url}/assistance/")
    phone.get_by_role("link", name="敖*桃").click()
    form = phone.locator("#visit-form")
    form.locator("textarea[name=notes]").fill("养猪场 100 多头猪长势良好,协调兽医上门防疫")
    form.get_by_role("button", name="登记走访").click()

    assert "已登记走访" in phone.locator(".messages").inner_text()
    timeline = phone.locator("#household-timeline")
    assert "吴秀英入户走访:养猪场 100 多头猪长势良好" in timeline.inner_text()
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
