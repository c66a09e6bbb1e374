"""In Chromium at 390 px: the county platform pushes a 12345 order through the API; it appears in the town
leader's 待办, is signed in two taps, the caller contacted and answered; the dispatcher rates it at 回访 and the
town's 三率 change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_long_lists import reseed
from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_an_order_from_push_to_rating_changes_the_towns_rates(browser, live_server):
    from xiangzhen.api.services import api_token_issue
    from xiangzhen.hotline.models import OrderStatus, WorkOrder

    reseed()
    township = build_township()
    token = api_token_issue(actor=None, user=township.county_supervisor.user, name="12345平台")
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    pushed = page.request.post(
        f"{live_server.url}/api/v1/hotline/orders",
        headers={"Authorization": f"Bearer {token}"},
        data={
            "platform_number": "QXG202612000001",
            "town_id": township.shengji.pk,
            "content": "镇江村三组路灯不亮,晚上出行不便",
            "dispatched_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
            "caller_name": "李大山",
            "caller_phone": "13812345678",
            "category": "路灯",
        },
    )
    assert pushed.status == 201, pushed.text()

    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/hotline/")
    assert page.locator("#rate-response").inner_text() == "0.0%"
    assert page.locator("#rate-satisfaction").inner_text() == "—"
    page.goto(f"{live_server.url}/")
    fits(page)
    # Tap one: the order in 我的待办; tap two: 签收.
    page.locator("li.todo-item a", has_text="QXG202612000001").click()
    fits(page)
    page.locator("#sign-button").click()
    assert page.locator("#order-status").inner_text() == "已签收"
    page.locator("#contact-form textarea").fill("已电话联系李大山,约定今日查看")
    page.locator("#contact-form button").click()
    assert page.locator("#order-status").inner_text() == "已联系"
    page.locator("#reply-form textarea").fill("已联系供电所更换灯具,路灯恢复照明")
    page.locator("#reply-form button").click()
    assert page.locator("#order-status").inner_text() == "已反馈"
    fits(page)
    order = WorkOrder.objects.get()
    assert order.status == OrderStatus.REPLIED and order.responded_on_time

    page.context.clear_cookies()
    log_in(page, live_server, "ducha")
    page.goto(f"{live_server.url}/hotline/orders/{order.pk}/")
    page.locator("#visit-form select[name=rating]").select_option(label="基本满意")
    page.locator("#visit-form button").click()
    assert "基本满意" in page.locator("#order-rating").inner_text()
    page.goto(f"{live_server.url}/hotline/county/")
    assert "生机镇" in page.locator("#hotline-ranking").inner_text()
    fits(page)

    page.context.clear_cookies()
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/hotline/")
    assert page.locator("#rate-response").inner_text() == "100.0%"
    assert page.locator("#rate-resolution").inner_text() == "100.0%"
    assert page.locator("#rate-satisfaction").inner_text() == "90.0%"
    fits(page)
    context.close()
