"""Who publishes a 防返贫 monitoring line: a reviewer over a county, for their own province only; the
national reference line and other provinces only a 系统管理员. Exits everywhere in the province read it."""

from decimal import Decimal

import pytest

from tests.factories import UserFactory
from xiangzhen.assistance.models import MonitoringLine
from xiangzhen.assistance.services import monitoring_line_set
from xiangzhen.audit.models import AuditEvent
from xiangzhen.errors import PermissionDenied


def test_a_county_supervisor_sets_their_own_province_s_line(township):
    line = monitoring_line_set(
        actor=township.county_supervisor.user, province_code="52", year=2026, amount=Decimal("7200")
    )
    assert (line.province_code, line.amount) == ("52", Decimal("7200"))
    assert AuditEvent.objects.filter(action="assistance.monitoring_line.publish").count() == 1


@pytest.mark.parametrize(
    ("persona", "province_code", "message"),
    [
        ("county_supervisor", "33", "只能设定本省"),  # 浙江: not the supervisor's 七星关区 (贵州 52)
        ("county_supervisor", "", "系统管理员"),
        ("town_leader", "52", "县级及以上"),
        ("town_leader", "", "系统管理员"),
        ("town_leader", "11", "县级及以上"),
        ("district_committee", "52", "审核确认监测对象"),
        ("village_cadre", "52", "审核确认监测对象"),
    ],
)
def test_no_one_else_sets_a_line_and_nothing_is_written(township, persona, province_code, message):
    with pytest.raises(PermissionDenied, match=message):
        monitoring_line_set(
            actor=getattr(township, persona).user, province_code=province_code, year=2026, amount=Decimal("1")
        )
    assert not MonitoringLine.objects.exists()
    assert not AuditEvent.objects.filter(action="assistance.monitoring_line.publish").exists()


def test_the_administrator_sets_the_national_and_any_province_s_line(township):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    monitoring_line_set(actor=root, province_code="", year=2026, amount=Decimal("6800"))
    monitoring_line_set(actor=root, province_code="11", year=2026, amount=Decimal("9000"))
    assert set(MonitoringLine.objects.values_list("province_code", flat=True)) == {"", "11"}


def test_the_page_refuses_a_leader_with_the_reason_and_hides_the_form(client, township):
    client.force_login(township.town_leader.user)
    page = client.get("/assistance/lines/")
    assert 'id="line-form"' not in page.content.decode()
    response = client.post(
        "/assistance/lines/", {"year": "2026", "province_code": "", "amount": "100000"}, follow=True
    )
    assert "系统管理员" in response.content.decode()
    assert not MonitoringLine.objects.exists()
    client.force_login(township.county_supervisor.user)
    assert 'id="line-form"' in client.get("/assistance/lines/").content.decode()
