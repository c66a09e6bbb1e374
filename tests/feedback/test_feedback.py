"""投诉建议: anyone signed in writes to the county administrators, who answer; the writer sees the answer."""

import pytest

from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import Conflict, PermissionDenied, ValidationFailed
from xiangzhen.feedback.models import Feedback
from xiangzhen.feedback.selectors import feedback_list, unread_replies
from xiangzhen.feedback.services import feedback_reply, feedback_submit
from xiangzhen.services.models import Notification

pytestmark = pytest.mark.django_db


def test_a_village_cadre_writes_and_the_county_answers(township):
    writer = township.village_cadre.user
    feedback = feedback_submit(actor=writer, body="签到页面在山里打不开", page="/frontline/")
    assert list(feedback_list(viewer=writer)) == [feedback]
    assert not feedback_list(viewer=township.town_leader.user).exists()  # not the town's to read
    county = township.county_supervisor.user
    assert list(feedback_list(viewer=county)) == [feedback]
    feedback_reply(actor=county, feedback=feedback, reply="已改为不需要定位,请更新后再试")
    assert unread_replies(viewer=writer) == 1
    notice = Notification.objects.get(recipient=writer)
    assert notice.link == "/feedback/" and notice.read_at is None
    assert {event.action for event in AuditEvent.objects.all()} >= {"feedback.submit", "feedback.reply"}
    with pytest.raises(Conflict):
        feedback_reply(actor=county, feedback=feedback, reply="再答一次")


def test_only_county_administrators_answer_and_empty_input_changes_nothing(township):
    feedback = feedback_submit(actor=township.village_cadre.user, body="建议增加语音输入")
    with pytest.raises(PermissionDenied):
        feedback_reply(actor=township.town_leader.user, feedback=feedback, reply="收到")
    with pytest.raises(ValidationFailed, match="答复"):
        feedback_reply(actor=township.county_supervisor.user, feedback=feedback, reply="  ")
    with pytest.raises(ValidationFailed, match="投诉或建议"):
        feedback_submit(actor=township.village_cadre.user, body="")
    feedback.refresh_from_db()
    assert feedback.replied_at is None and Feedback.objects.count() == 1


def test_every_page_links_to_the_entry_and_the_reply_reaches_the_writer(client, township):
    writer = township.village_cadre.user
    client.force_login(writer)
    page = client.get("/frontline/").content.decode()
    assert 'id="feedback-link"' in page and "投诉建议" in page
    response = client.post("/feedback/", {"body": "考勤表能否不显示缺勤", "page": "/frontline/attendance/"})
    assert response.status_code == 302
    assert "请写下" in client.get(response["Location"]).content.decode() or Feedback.objects.count() == 1
    feedback = Feedback.objects.get()

    client.force_login(township.town_leader.user)
    client.post("/feedback/", {"feedback": feedback.pk, "reply": "我无权答复"})
    feedback.refresh_from_db()
    assert feedback.replied_at is None

    client.force_login(township.county_supervisor.user)
    assert "考勤表能否不显示缺勤" in client.get("/feedback/").content.decode()
    client.post("/feedback/", {"feedback": feedback.pk, "reply": "已去掉缺勤标记"})

    client.force_login(writer)
    page = client.get("/feedback/").content.decode()
    assert "已去掉缺勤标记" in page and "(新)" in page
    assert "(新)" not in client.get("/feedback/").content.decode()  # read once opened


def test_bad_input_answers_in_chinese_and_records_nothing(client, township):
    client.force_login(township.village_cadre.user)
    for form in (
        {"body": ""},
        {"body": "x" * 3000},
        {"feedback": "不是编号", "reply": "x"},
        {"feedback": "999"},
    ):
        response = client.post("/feedback/", form, follow=True)
        assert response.status_code == 200
    assert not Feedback.objects.exists()
