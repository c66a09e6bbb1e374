"""Notifications name what they are about; the one clock notifies red items at once and sends each person one
digest a working day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import make_cadre
from tests.services.factories import APPLICANT, at, intake
from xiangzhen.audit.models import AuditEvent
from xiangzhen.clock.services import clock_sweep, digest_send
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.services.models import Notification
from xiangzhen.services.services import service_request_assign, service_request_sweep_alerts
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create
from xiangzhen.workdays.alerts import AlertLevel

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_notification_names_item_masked_applicant_days_left_and_links_the_request(client, township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang)  # due 2026-03-16
    service_request_assign(
        actor=township.town_leader.user, request=request, officer=township.township_cadre.user
    )
    client.force_login(township.township_cadre.user)
    # Today is far past 2026-03-16: the row says how long it has been overdue.
    page = client.get("/services/notifications/").content.decode()
    row = page.split('id="notification-table"')[1].split("</tr>")[1]
    assert "最低生活保障申请" in row and request.tracking_code in row
    assert "李*兰" in row and APPLICANT.name not in page
    assert "已超期" in row and "个工作日" in row
    assert f'href="/services/requests/{request.pk}/"' in row


def test_days_left_are_working_days(township, item):
    from xiangzhen.services.selectors import deadline_text
    from xiangzhen.workdays.calendar import WorkdayCalendar

    calendar = WorkdayCalendar()
    due = date(2026, 3, 16)
    assert deadline_text(due, date(2026, 3, 13), calendar) == "还剩 1 个工作日"  # Fri → Mon
    assert deadline_text(due, due, calendar) == "今天到期"
    assert deadline_text(due, date(2026, 3, 18), calendar) == "已超期 2 个工作日"


def _red_request(township, item, unit):
    request = intake(township.window_staff.user, item, unit)
    service_request_sweep_alerts(now=at(2026, 3, 20))
    request.refresh_from_db()
    assert request.alert == AlertLevel.RED
    return request


def _task(township):
    return task_create(
        actor=township.town_leader.user,
        title="修复镇江村水毁道路",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
        now=at(2026, 3, 2),
    )


def _red_task(township):
    task = _task(township)
    Task.objects.filter(pk=task.pk).update(alert=AlertLevel.RED)
    return task


def _red_dispute(township):
    dispute = dispute_register(
        actor=township.township_cadre.user,
        title="宅基地边界纠纷",
        summary="两户因院墙位置争执",
        place=township.zhenjiang_group_one,
        category=DisputeCategory.objects.get(name="邻里"),
        risk_level="general",
        source="screening",
        responsible=township.township_cadre,
        parties=[Party("王某某", "13985011111")],
        now=at(2026, 3, 2),
    )
    Dispute.objects.filter(pk=dispute.pk).update(alert=AlertLevel.RED)
    return dispute


def test_task_and_dispute_notices_name_the_row_and_its_days_overdue(client, township):
    task = _task(township)
    dispute = _red_dispute(township)
    Dispute.objects.filter(pk=dispute.pk).update(alert="")
    clock_sweep(now=at(2026, 6, 20))
    client.force_login(township.township_cadre.user)
    page = client.get("/services/notifications/").content.decode()
    rows = page.split('id="notification-table"')[1].split("</tr>")
    task_row = next(row for row in rows if f'href="/supervision/tasks/{task.pk}/"' in row)
    dispute_row = next(row for row in rows if f'href="/disputes/{dispute.pk}/"' in row)
    assert "修复镇江村水毁道路" in task_row and "已超期" in task_row and "个工作日" in task_row
    assert f"JF{dispute.pk} 宅基地边界纠纷" in dispute_row and "已超期" in dispute_row


def test_each_person_gets_one_digest_a_working_day_of_their_red_and_yellow_items(client, township, item):
    request = intake(township.window_staff.user, item, township.zhenjiang)  # due 2026-03-16, the clerk's
    task = _task(township)  # due 2026-03-09, 赵德胜's
    dispute = _red_dispute(township)
    # A red request in 常山县 counts for its own leader only.
    changshan_leader = make_cadre("钱江", "town_leader", township.qingshi_town, "qingshi")
    intake(changshan_leader.user, item, township.qingshi)
    idle_clerk = make_cadre("孙丽", "window_staff", township.qingshi_town, "qingshi_window")
    clock_sweep(now=at(2026, 3, 20))

    now = datetime(2026, 3, 20, 8, tzinfo=SHANGHAI)
    sent = digest_send(now=now)
    assert digest_send(now=now) == 0  # the same day again: nothing more
    recipients = set(
        Notification.objects.filter(link="/services/digest/?day=2026-03-20").values_list(
            "recipient__username", flat=True
        )
    )
    # The clerk (her request), 赵德胜 (task and dispute), the leaders over them; 钱江 for 青石镇 only. Not 葛铺村's
    # cadre: the 村务公开 her village owes this quarter is neither yellow nor red yet.
    assert recipients == {"chuangkou", "baocun", "shuji", "ducha", "pianqu", "qingshi"}
    assert sent == len(recipients)
    clerk = Notification.objects.get(
        recipient=township.window_staff.user, link__startswith="/services/digest/"
    )
    assert clerk.message == "每日待办摘要(3月20日):红牌 1 项、黄牌 0 项"
    leader = Notification.objects.get(
        recipient=township.town_leader.user, link__startswith="/services/digest/"
    )
    assert "红牌 3 项" in leader.message
    assert (
        "红牌 1 项"
        in Notification.objects.get(recipient=changshan_leader.user, link__contains="digest").message
    )
    # Nobody with nothing red, yellow or waiting gets one.
    assert not Notification.objects.filter(recipient=idle_clerk.user).exists()
    assert AuditEvent.objects.filter(action="notification.digest").count() == 2
    # Saturday 2026-03-21 is no working day: no digest. Monday brings a new one.
    assert digest_send(now=datetime(2026, 3, 21, 8, tzinfo=SHANGHAI)) == 0
    assert digest_send(now=datetime(2026, 3, 23, 8, tzinfo=SHANGHAI)) == sent

    # The digest opens the person's 待办, where the red items are.
    client.force_login(township.town_leader.user)
    response = client.get(leader.link, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert request.tracking_code in page and f"/services/requests/{request.pk}/" in page
    assert task.title in page and f"/supervision/tasks/{task.pk}/" in page
    assert dispute.title in page and f"/disputes/{dispute.pk}/" in page
    assert "青石村" not in page


def test_the_database_refuses_a_second_digest_for_the_same_day(township):
    from django.db import IntegrityError, transaction

    Notification.objects.create(
        recipient=township.town_leader.user,
        link="/services/digest/?day=2026-03-20",
        message="x",
        created_at=at(2026, 3, 20),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=township.town_leader.user,
            link="/services/digest/?day=2026-03-20",
            message="y",
            created_at=at(2026, 3, 20),
        )


def test_no_digest_when_nothing_is_red_or_yellow(township, item):
    intake(township.window_staff.user, item, township.zhenjiang)
    clock_sweep(now=at(2026, 3, 3))
    assert digest_send(now=datetime(2026, 3, 3, 8, tzinfo=SHANGHAI)) == 0


def test_the_send_digest_command(township, item, capsys):
    _red_request(township, item, township.zhenjiang)
    with time_machine.travel(datetime(2026, 3, 20, 8, tzinfo=SHANGHAI), tick=False):
        clock_sweep()
        call_command("send_digest")
        assert "已发送每日待办摘要 4 份" in capsys.readouterr().out  # the clerk and the three above her
        call_command("send_digest")
        assert "已发送每日待办摘要 0 份" in capsys.readouterr().out


def test_the_digest_link_opens_the_home_page_whatever_its_date(client, township):
    client.force_login(township.town_leader.user)
    for day in ("2026-03-20", "garbage", "²"):
        response = client.get("/services/digest/", {"day": day})
        assert response.status_code == 302 and response["Location"] == "/"
