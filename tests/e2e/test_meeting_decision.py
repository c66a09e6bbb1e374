"""In Chromium: a decision without a task saves (the collapsed task fields no longer block the form), and
the 片区 attendee opens the town's meeting and his own agenda, and searches the dispute register."""

import pytest
from django.utils import timezone

from tests.e2e.test_service_request_walk import log_in
from tests.factories import build_township

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_decision_without_a_task_saves_in_the_browser(page, live_server):
    from xiangzhen.supervision.models import Decision, MeetingKind, Task
    from xiangzhen.supervision.services import meeting_create

    township = build_township()
    meeting = meeting_create(
        actor=township.town_leader.user,
        kind=MeetingKind.JOINT,
        unit=township.shengji,
        title="片区工委联席会议",
        held_on=timezone.localdate(),
        attendees=[township.town_leader, township.district_committee],
    )
    log_in(page, live_server, "shuji")
    page.goto(f"{live_server.url}/supervision/meetings/{meeting.pk}/")
    form = page.locator("#decision-form")
    form.locator("textarea[name=text]").fill("下周开展森林防火巡查")
    form.get_by_role("button", name="记录").click()
    assert "已记录决定" in page.locator(".messages").inner_text()
    assert Decision.objects.get().text == "下周开展森林防火巡查" and not Task.objects.exists()

    page.context.clear_cookies()
    log_in(page, live_server, "pianqu")
    page.goto(f"{live_server.url}/supervision/meetings/")
    page.get_by_role("link", name="片区工委联席会议").first.click()
    assert "下周开展森林防火巡查" in page.locator("#decisions").inner_text()
    assert page.locator("#decision-form").count() == 0
    page.locator("#agenda-link").click()
    assert "镇江片区" in page.locator("#owing-reports").inner_text()
