"""In Chromium on a phone (390×844): a 包村 cadre checks in from the village, and the town leader sees the
sign-in among the day's records. Outside a named 安保/应急 duty the check-in asks for no photo and keeps
neither the phone's position nor its device, even when the browser would give them (基层减负)."""

from pathlib import Path

import pytest

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# 生机镇镇江村, 七星关区.
POSITION = {"latitude": 27.3512, "longitude": 105.0621, "accuracy": 25}


def test_a_cadre_checks_in_from_the_phone_page(browser, live_server):
    from xiangzhen.frontline.models import CheckIn

    township = build_township()
    context = browser.new_context(
        locale="zh-CN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation=POSITION,
        permissions=["geolocation"],
    )
    phone = context.new_page()
    log_in(phone, live_server, "baocun")
    phone.get_by_text("菜单").click()
    phone.locator("header nav").get_by_role("link", name="干部在一线").click()
    phone.wait_for_url(f"{live_server.url}/frontline/")
    form = phone.locator("#check-in-form")
    form.get_by_label("签到地点").select_option(label="镇江村")
    assert form.get_by_label("现场照片").count() == 0
    form.get_by_role("button", name="签到").click()
    phone.wait_for_selector(".messages")
    assert "已签到" in phone.locator(".messages").inner_text()
    my_check_ins = phone.locator("#my-check-ins").inner_text()
    assert "镇江村" in my_check_ins and "已定位" not in my_check_ins
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "frontline-check-in.png"), full_page=True)

    check_in = CheckIn.objects.get()
    assert check_in.cadre == township.township_cadre and check_in.village == township.zhenjiang
    assert check_in.latitude is None and not check_in.photo and not check_in.device

    phone.context.clear_cookies()
    log_in(phone, live_server, "shuji")
    phone.goto(f"{live_server.url}/frontline/check-ins/")
    row = phone.locator("#check-in-table tbody tr", has_text=township.township_cadre.name)
    assert "镇江村" in row.inner_text() and "下载" not in row.inner_text()
    context.close()
