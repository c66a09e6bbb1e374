import pytest

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
