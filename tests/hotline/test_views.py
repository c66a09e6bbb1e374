"""The pages: the town's list with its 三率, the order with its step forms (签收 in two taps from 待办), the
printable 工单, the dispatcher's desk and the monthly report."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from tests.hotline.factories import at, push
from xiangzhen.clock.selectors import todo_list
from xiangzhen.hotline.models import OrderStatus


def test_an_unsigned_order_is_in_the_leaders_todo_and_signed_from_its_page(client, township):
    order = push(township, dispatched=at(date(2026, 3, 2), 9), now=at(date(2026, 3, 2), 9))
    leader = township.town_leader.user
    item = next(
        item
        for item in todo_list(viewer=leader, today=date(2026, 3, 2)).items
        if item.kind == "hotline.unsigned"
    )
    assert item.link == f"/hotline/orders/{order.pk}/"
    client.force_login(leader)
    page = client.get(item.link).content.decode()
    assert 'id="sign-button"' in page and "李*山" in page and "13812345678" not in page
    response = client.post(f"/hotline/orders/{order.pk}/sign/", {"version": order.version})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED


def test_a_stale_form_shows_a_message_and_changes_nothing(client, township):
    order = push(township, dispatched=at(date(2026, 3, 2), 9))
    client.force_login(township.town_leader.user)
    client.post(f"/hotline/orders/{order.pk}/sign/", {"version": order.version})
    response = client.post(
        f"/hotline/orders/{order.pk}/contact/", {"version": order.version, "note": "x"}, follow=True
    )
    assert "已被他人处理" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.SIGNED


def test_the_list_print_county_and_report_pages(client, township):
    order = push(township, dispatched=at(date(2026, 3, 2), 9))
    client.force_login(township.town_leader.user)
    assert order.platform_number in client.get("/hotline/").content.decode()
    assert "经办人签字" in client.get(f"/hotline/orders/{order.pk}/print/").content.decode()
    assert client.get("/hotline/county/").status_code == 403
    report = client.get("/hotline/report.xlsx?month=2026-03")
    assert report.status_code == 200
    book = load_workbook(BytesIO(report.content))
    assert book["三率"]["A2"].value == "生机镇"
    assert client.get("/hotline/report.xlsx?month=2026-13").status_code == 302
    client.force_login(township.county_supervisor.user)
    page = client.get("/hotline/county/?month=2026-03").content.decode()
    assert "生机镇" in page and 'id="hotline-ranking"' in page


def test_another_village_cannot_open_the_order(client, township):
    order = push(township, dispatched=at(date(2026, 3, 2), 9))
    client.force_login(township.village_cadre.user)  # 葛铺村: the order is the town's, not handed to 葛铺
    assert client.get(f"/hotline/orders/{order.pk}/").status_code == 404
