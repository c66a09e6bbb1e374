"""In Chromium on a phone: a 片区 cadre enrolls a walk-in resident and ticks tonight's roster."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_phone_layout import PHONE, log_in
from tests.factories import build_township
from tests.training.factories import enroll, make_course, make_school, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_marking_attendance_on_a_phone(phone, live_server):
    from xiangzhen.training.models import Enrollment, SessionStatus, TrainingSession

    township = build_township()
    school = make_school(township, township.zhenjiang_district)
    course = make_course(township)
    session = make_session(township, school, course, held_on=timezone.localdate(), capacity=3)
    for name in ["王秀兰", "李国华"]:
        enroll(township, session, name, township.qingping)
    # Last month's class is already held: it stays out of tonight's roster.
    make_session(township, school, course, held_on=timezone.localdate() - timedelta(days=30))

    log_in(phone, live_server, "pianqu")
    phone.goto(f"{live_server.url}/training/")
    phone.locator("#upcoming-sessions").get_by_role("link", name="柑橘栽培管理").click()
    phone.wait_for_url(f"{live_server.url}/training/{session.pk}/")

    form = phone.locator("#enroll-form")
    form.get_by_label("姓名", exact=True).fill("张德福")
    form.get_by_label("联系电话(可不填)").fill("13985016666")
    form.get_by_label("所在村(组)").select_option(label="庆坪村")
    form.get_by_role("button", name="报名").click()
    assert "张德福已报名" in phone.locator(".messages").inner_text()
    assert "139****6666" in phone.locator("#roster").inner_text()

    roster = phone.locator("#attendance-form")
    for name in ["王秀兰", "张德福"]:
        box = roster.locator("label.check", has_text=name)
        assert box.bounding_box()["height"] >= 44  # a thumb hits it
        box.locator("input").check()
    roster.get_by_role("button", name="保存出勤").click()
    assert "实到 2 人,应到 3 人" in phone.locator(".messages").inner_text()
    assert phone.locator("#session-status").inner_text() == "已开班"
    assert "缺勤" in phone.locator("#roster tr", has_text="李国华").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    assert TrainingSession.objects.get(pk=session.pk).status == SessionStatus.HELD
    assert sorted(Enrollment.objects.filter(attended=True).values_list("trainee__name", flat=True)) == [
        "张德福",
        "王秀兰",
    ]
