"""In Chromium: one request from the window to the citizen's rating and into the statistics."""

from pathlib import Path

import pytest

from tests.factories import PASSWORD, build_township
from tests.services.factories import APPLICANT, make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_request_from_notice_to_rating(page, live_server):
    build_township()
    make_item()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server, "chuangkou")

    # Intake with a missing material: the window issues one complete notice.
    page.goto(f"{live_server.url}/services/intake/")
    page.select_option("#id_unit", label="镇江村(村(社区))")
    page.select_option("#id_item", label="MZ-001 最低生活保障申请")
    # htmx swaps in the chosen item's checklist.
    page.locator("#materials input[value='身份证']").check()
    page.get_by_label("申请人姓名").fill(APPLICANT.name)
    page.get_by_label("联系电话").fill(APPLICANT.phone)
    page.get_by_label("身份证号", exact=True).fill(APPLICANT.id_number)
    page.get_by_role("button", name="一次性告知(材料不齐)").click()
    page.wait_for_selector("#tracking-code")
    tracking_code = page.locator("#tracking-code").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "request-notice.png"), full_page=True)

    page.get_by_role("link", name="打印第 1 次告知书").click()
    missing = page.locator(".missing-list li").all_inner_texts()
    assert missing == ["户口簿", "家庭收入证明"]
    page.screenshot(path=str(SCREENSHOTS / "notice-print.png"), full_page=True)
    page.go_back()

    # The citizen returns with everything: accepted, the clock starts.
    form = page.locator("#return-form")
    for name in ["身份证", "户口簿", "家庭收入证明"]:
        form.get_by_label(name, exact=True).check()
    form.get_by_role("button", name="登记补正").click()
    assert "材料已齐,已受理" in page.locator(".messages").inner_text()

    page.get_by_placeholder("办理结果").fill("经审核符合条件,已纳入低保")
    page.get_by_role("button", name="办结", exact=True).click()
    assert "已办结" in page.locator(".messages").inner_text()

    # The citizen rates on the public page, without logging in.
    citizen = page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = citizen.new_page()
    phone.goto(f"{live_server.url}/public/track/")
    phone.get_by_label("查询码", exact=False).fill(tracking_code)
    phone.get_by_role("button", name="查询").click()
    assert phone.locator("#public-status").inner_text() == "已办结"
    phone.get_by_label("非常满意").check()
    phone.get_by_role("button", name="提交评价").click()
    assert "感谢您的评价" in phone.locator(".messages").inner_text()
    phone.screenshot(path=str(SCREENSHOTS / "public-status.png"), full_page=True)
    citizen.close()

    # The leader sees it in the statistics: one accepted, one completed on time, fully satisfied.
    page.context.clear_cookies()
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/services/statistics/")
    row = page.locator("#statistics-table tbody tr", has_text="镇江村")
    cells = row.locator("td").all_inner_texts()
    assert cells[1:4] == ["1", "1", "100.0%"]
    assert cells[-1] == "100.0%"
    page.wait_for_function("document.querySelector('#statistics-chart canvas') !== null")
    page.screenshot(path=str(SCREENSHOTS / "statistics.png"), full_page=True)
