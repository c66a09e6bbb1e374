"""In Chromium: a joint meeting's decision becomes a task, goes red, is done and verified."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_decision_task_overdue_done_verified(page, live_server):
    from xiangzhen.supervision.models import MeetingKind, Task
    from xiangzhen.supervision.services import meeting_create, task_sweep_alerts

    township = build_township()
    meeting = meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="片区工委联席会议",
        held_on=timezone.localdate(),
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/supervision/meetings/{meeting.pk}/")
    form = page.locator("#decision-form")
    form.locator("textarea[name=text]").fill("镇江片区两周内修复柑橘基地灌溉渠")
    form.locator("summary").click()
    form.locator("input[name=with_task]").check()
    form.locator("input[name=title]").fill("修复柑橘基地灌溉渠")
    form.locator("select[name=owner_unit]").select_option(label="镇江片区")
    form.locator("select[name=owner]").select_option(label="杨光荣 · 干部(镇江片区)")
    form.locator("input[name=limit_workdays]").fill("10")
    form.get_by_role("button", name="记录").click()
    assert "已交办“修复柑橘基地灌溉渠”" in page.locator(".messages").inner_text()
    task = Task.objects.get()

    # Three weeks pass without the task being done: the sweep turns it red.
    task_sweep_alerts(now=datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=21))
    page.context.clear_cookies()
    log_in(page, live_server, "pianqu")
    page.goto(f"{live_server.url}/supervision/tasks/")
    row = page.locator("#task-table tbody tr", has_text="修复柑橘基地灌溉渠")
    assert "红牌超期" in row.inner_text()
    row.get_by_role("link").click()
    page.locator("form", has_text="登记进展").locator("textarea").fill("已完成 80%")
    page.get_by_role("button", name="登记", exact=True).click()
    page.locator("form", has_text="办结并提交核验").locator("textarea").fill("灌溉渠已全部修复")
    page.get_by_role("button", name="提交核验").click()
    assert page.locator("#task-status").inner_text() == "待核验"
    page.screenshot(path=str(SCREENSHOTS / "task-awaiting-verification.png"), full_page=True)

    page.context.clear_cookies()
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/supervision/tasks/{task.pk}/")
    page.get_by_role("button", name="核验通过").click()
    assert page.locator("#task-status").inner_text() == "已办结"
    timeline = page.locator("#task-timeline").inner_text()
    assert "已完成 80%" in timeline and "灌溉渠已全部修复" in timeline and "核验通过" in timeline
    page.goto(f"{live_server.url}/supervision/meetings/{meeting.pk}/")
    assert "已办结" in page.locator("#decisions").inner_text()
