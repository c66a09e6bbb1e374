"""我的待办 on a phone: each 生机镇 login of the demo finds its own work from several apps on the home page and
reaches one item's page with one tap."""

import pytest

from xiangzhen.demo.township import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.demo, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHENGJI_LOGINS = ["ducha", "shuji", "chuangkou", "pianqu", "baocun", "cunganbu"]


def test_each_shengji_login_finds_work_from_three_apps_and_opens_one_with_a_tap(browser, live_server):
    from tests.e2e.test_long_lists import reseed
    from xiangzhen.demo.township import demo_load

    reseed()  # the rows the migrations seed, which an earlier transactional test's flush removed
    demo_load()
    for username in SHENGJI_LOGINS:
        context = browser.new_context(locale="zh-CN", viewport=PHONE)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        kinds = page.locator("li.todo-item").evaluate_all("items => items.map(item => item.dataset.kind)")
        apps = {kind.split(".")[0] for kind in kinds}
        assert len(apps) >= 3, (username, sorted(apps))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (username, width)
        page.screenshot(path=f"/tmp/xiangzhen-home-{username}.png", full_page=False)
        first = page.locator("li.todo-item a").first
        target = first.get_attribute("href")
        with page.expect_navigation() as navigation:
            first.click()
        response = navigation.value
        assert response is not None and response.status == 200, (username, target)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (username, target)
        context.close()
