"""In Chromium at a phone's width: the leaderboard, a village's breakdown, and the requests behind one of its
figures, each one tracking code a link to the request."""

import pytest

from tests.assessment.world import published_race
from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaderboard_to_a_village_to_the_rows_behind_its_figure(browser, live_server):
    from xiangzhen.services.models import RequestStatus, ServiceRequest

    township = build_township()
    scheme = published_race(township)
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_role("link", name=scheme.name).click()
    board = page.locator("#board-table")
    assert "2026年3月" in page.locator("h1").inner_text()
    board.get_by_role("link", name="镇江村").click()
    page.wait_for_url(f"**/assessment/{scheme.pk}/units/{township.zhenjiang.pk}/**")
    breakdown = page.locator("#breakdown-table")
    assert "办结率" in breakdown.inner_text()
    breakdown.get_by_role("link", name="75.0%(3/4)").click()
    rows = page.locator("#figure-rows")
    rows.wait_for()
    completed = ServiceRequest.objects.filter(
        handling_unit=township.zhenjiang, status=RequestStatus.COMPLETED
    )
    code = completed.first().tracking_code
    assert code in rows.inner_text()
    rows.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/services/requests/{completed.first().pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
