from datetime import timedelta

import pytest
from django.utils import timezone

from xiangzhen.audit.models import AppendOnlyError, AuditEvent
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.services import unit_create


def test_events_can_be_neither_changed_nor_deleted(township):
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_a_change_through_a_page_records_the_client_address(client, township):
    client.force_login(township.town_leader.user)
    client.put(
        f"/api/v1/units/{township.gepu.pk}",
        {"name": "葛铺社区", "version": 1},
        content_type="application/json",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action="unit.update")
    assert event.ip_address == "10.1.2.3"
    assert event.actor_name == "shuji"
    assert event.changes == {"name": ["葛铺村", "葛铺社区"]}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("county_supervisor", 200),
        ("town_leader", 200),
        ("window_staff", 403),
        ("district_committee", 403),
        ("township_cadre", 403),
        ("village_cadre", 403),
    ],
)
def test_only_leaders_browse_the_log(client, township, persona, status):
    client.force_login(getattr(township, persona).user)
    assert client.get("/audit/").status_code == status


def test_a_leader_sees_only_events_of_their_units(client, township):
    unit_create(actor=None, name="二组", level=UnitLevel.GROUP, parent=township.qingshi)
    client.force_login(township.town_leader.user)
    page = client.get("/audit/?action=unit.create").content.decode()
    assert "镇江村" in page
    assert "二组" not in page and "青石村" not in page


def test_the_admin_cannot_edit_events(client, township, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    response = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def rename_gepu(client, township):
    client.force_login(township.town_leader.user)
    response = client.put(
        f"/api/v1/units/{township.gepu.pk}",
        {"name": "葛铺社区", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200


def audit_rows(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_the_log_speaks_chinese_names_actions_fields_and_object_types(client, township):
    rename_gepu(client, township)
    page = client.get("/audit/?action=unit.update").content.decode()
    rows = audit_rows(page)
    leader_name = township.town_leader.name
    assert leader_name in rows and "shuji" not in rows  # the cadre's name, not the login name
    assert "修改单位" in rows and "unit.update" not in rows
    assert "名称" in rows and "<strong>name</strong>" not in rows  # the field's verbose name
    assert "葛铺村 → 葛铺社区" in rows
    assert "行政单位" in rows and "org.unit" not in rows


def test_choice_values_are_shown_by_their_label(client, township):
    from xiangzhen.supervision.services import task_create, task_progress_add

    task = task_create(
        actor=township.town_leader.user,
        title="镇江村道路硬化",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    task_progress_add(actor=township.township_cadre.user, task=task, note="已完成路基")
    client.force_login(township.town_leader.user)
    rows = audit_rows(client.get("/audit/?action=task.progress").content.decode())
    assert "登记督办进展" in rows and "办理中" in rows and "in_progress" not in rows
    assert township.township_cadre.name in rows and "督办事项" in rows


def test_filters_by_person_object_type_and_date(client, township):
    rename_gepu(client, township)
    client.force_login(township.town_leader.user)
    by_person = audit_rows(client.get("/audit/", {"person": township.town_leader.name}).content.decode())
    assert "修改单位" in by_person and "新建单位" not in by_person  # the township's units were built by 系统
    by_system = audit_rows(client.get("/audit/", {"person": "系统"}).content.decode())
    assert "新建单位" in by_system and "修改单位" not in by_system
    by_type = client.get("/audit/", {"object_type": "org.unit"}).content.decode()
    assert '<option value="org.unit" selected>行政单位</option>' in by_type
    assert "新建单位" in audit_rows(by_type)
    today = timezone.localdate()
    assert "修改单位" in audit_rows(client.get("/audit/", {"since": today, "until": today}).content.decode())
    tomorrow = today + timedelta(days=1)
    assert "没有记录" in audit_rows(client.get("/audit/", {"since": tomorrow}).content.decode())


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-45"}, "起始日期格式不正确"),
        ({"until": "yesterday"}, "截止日期格式不正确"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "起始日期不能晚于截止日期"),
        ({"object_type": "auth.nonsense"}, "请从列表中选择对象类型"),
    ],
)
def test_bad_filters_get_a_chinese_message_and_no_rows(client, township, query, message):
    client.force_login(township.town_leader.user)
    response = client.get("/audit/", query)
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "没有记录" in audit_rows(page)
