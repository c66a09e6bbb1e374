"""Notifications name what they are about, and leaders get one digest of red items a day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.factories import make_cadre
from tests.services.factories import APPLICANT, at, intake
from xiangzhen.audit.models import AuditEvent
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.services.models import Notification, ServiceRequest
from xiangzhen.services.services import (
    digest_send,
    service_request_assign,
    service_request_sweep_alerts,
)
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
    from xiangzhen.disputes.services import dispute_sweep_alerts
    from xiangzhen.supervision.services import task_sweep_alerts

    task = _task(township)
    dispute = _red_dispute(township)
    Dispute.objects.filter(pk=dispute.pk).update(alert="")
    task_sweep_alerts(now=at(2026, 3, 20))
    dispute_sweep_alerts(now=at(2026, 6, 20))
    client.force_login(township.township_cadre.user)
    page = client.get("/services/notifications/").content.decode()
    rows = page.split('id="notification-table"')[1].split("</tr>")
    task_row = next(row for row in rows if f'href="/supervision/tasks/{task.pk}/"' in row)
    dispute_row = next(row for row in rows if f'href="/disputes/{dispute.pk}/"' in row)
    assert "修复镇江村水毁道路" in task_row and "已超期" in task_row and "个工作日" in task_row
    assert f"JF{dispute.pk} 宅基地边界纠纷" in dispute_row and "已超期" in dispute_row


def test_leaders_get_one_digest_a_day_of_the_red_items_in_their_units(client, township, item):
    request = _red_request(township, item, township.zhenjiang)
    task = _red_task(township)
    dispute = _red_dispute(township)
    # A red request in 常山县 counts for its own leader only.
    changshan_leader = make_cadre("钱江", "town_leader", township.qingshi_town, "qingshi")
    intake(changshan_leader.user, item, township.qingshi)
    ServiceRequest.objects.filter(handling_unit=township.qingshi).update(alert=AlertLevel.RED)

    now = datetime(2026, 3, 20, 8, tzinfo=SHANGHAI)
    assert digest_send(now=now) == 3  # 张明华 (生机镇), 王建国 (七星关区), 钱江 (青石镇)
    assert digest_send(now=now) == 0  # the same day again: nothing more
    leader = township.town_leader.user
    digest = Notification.objects.get(recipient=leader)
    assert "红牌办件 1 件、督办事项 1 件、矛盾纠纷 1 件" in digest.message
    assert digest.link == "/services/digest/?day=2026-03-20"
    assert (
        "红牌办件 1 件、督办事项 0 件、矛盾纠纷 0 件"
        in Notification.objects.get(recipient=changshan_leader.user).message
    )
    # Nobody else gets a digest: not the clerk, not the village cadre.
    assert not Notification.objects.filter(
        recipient__in=[township.window_staff.user, township.village_cadre.user],
        link__startswith="/services/digest/",
    ).exists()
    assert AuditEvent.objects.filter(action="notification.digest").count() == 2
    # The next day brings a new one.
    assert digest_send(now=datetime(2026, 3, 23, 8, tzinfo=SHANGHAI)) == 3

    client.force_login(leader)
    page = client.get(digest.link).content.decode()
    assert request.tracking_code in page and "李*兰" in page and APPLICANT.name not in page
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


def test_no_digest_when_nothing_is_red(township, item):
    intake(township.window_staff.user, item, township.zhenjiang)
    assert digest_send(now=datetime(2026, 3, 3, 8, tzinfo=SHANGHAI)) == 0


def test_the_send_digest_command(township, item, capsys):
    _red_request(township, item, township.zhenjiang)
    call_command("send_digest")
    assert "已发送每日督办摘要 2 份" in capsys.readouterr().out
    call_command("send_digest")
    assert "已发送每日督办摘要 0 份" in capsys.readouterr().out


def test_a_bad_digest_date_answers_in_chinese(client, township):
    client.force_login(township.town_leader.user)
    for bad in ("garbage", "2026-02-30", "²"):
        response = client.get("/services/digest/", {"day": bad})
        assert response.status_code == 200
        assert "摘要日期格式不正确" in response.content.decode()
