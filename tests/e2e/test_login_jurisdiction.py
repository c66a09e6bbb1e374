"""In Chromium: a 包村干部 logs in and sees exactly their own villages."""

from pathlib import Path

import pytest

from tests.factories import PASSWORD, build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_a_cadre_logs_in_and_sees_exactly_their_villages(page, live_server):
    build_township()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("baocun")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "我的待办"
    assert page.locator(".responsible-unit strong").all_inner_texts() == ["镇江村"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workbench.png"), full_page=True)

    page.goto(f"{live_server.url}/org/units/")  # not in a 包村干部's menu, open to them all the same
    names = page.locator("#unit-table tbody td:first-child a").all_inner_texts()
    assert names == ["镇江村", "一组"]

    # Typing another village's address into the bar does not reveal it.
    response = page.goto(f"{live_server.url}/org/units/{_unit_id('葛铺村')}/")
    assert response.status == 404


def test_a_wrong_password_shows_a_chinese_message(page, live_server):
    build_township()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("baocun")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码不正确" in page.locator(".errorlist").inner_text()


def _unit_id(name: str) -> int:
    from xiangzhen.org.models import Unit

    return Unit.objects.values_list("pk", flat=True).get(name=name)
