"""In Chromium on a phone: a village cadre sees rent in arrears, records it received, and the arrears clear."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.collective.factories import make_contract
from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_village_cadre_records_overdue_rent_on_a_phone(browser, live_server):
    from xiangzhen.collective.services import collective_sweep_alerts

    township = build_township()
    today = timezone.localdate()
    make_contract(
        township.village_cadre,
        township.gepu,
        number="GP-2026-01",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=720),
        amount="6000.00",
    )
    collective_sweep_alerts()
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server, "cunganbu")
        page.goto(f"{live_server.url}/collective/")
        arrears = page.locator("#rent-arrears")
        assert "GP-2026-01 水面承包合同 · 第 1 期" in arrears.inner_text()
        assert "欠缴租金 2000.00 元" in page.locator("#collective-summary").inner_text()
        arrears.get_by_role("link").first.click()
        row = page.locator("#payment-table tbody tr", has_text="第 1 期")
        assert "欠缴" in row.inner_text()
        row.get_by_role("button", name="收款").click()
        assert "已登记收款" in page.locator(".messages").inner_text()
        assert "已收清" in page.locator("#payment-table tbody tr", has_text="第 1 期").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(f"{live_server.url}/collective/")
        assert "没有" in page.locator("#rent-arrears").inner_text()
        assert "欠缴租金 0.00 元" in page.locator("#collective-summary").inner_text()
    finally:
        context.close()
