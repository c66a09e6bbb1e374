"""The 防返贫 return over the demo's 217 households of 龙广镇, checked against the household list."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import UserFactory, make_unit
from xiangzhen.demo.assistance import assistance_load
from xiangzhen.org.models import UnitLevel
from xiangzhen.returns.models import ReturnTemplate
from xiangzhen.spreadsheets import response_bytes


def sheet_rows(response) -> list[dict[str, object]]:
    rows = list(
        load_workbook(BytesIO(response_bytes(response)), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def longguang(db):
    """The demo's 龙广镇 and the villages its households live in."""
    town = make_unit("龙广镇", UnitLevel.TOWN, make_unit("义龙新区", UnitLevel.COUNTY))
    for name in ("小场坝村", "赖山村", "果约村"):
        make_unit(name, UnitLevel.VILLAGE, town)
    return town


@pytest.mark.demo
def test_the_monitoring_return_over_the_demo_lists_every_household_the_list_shows_monitored(
    client, longguang
):
    today = timezone.localdate()
    assert assistance_load(today=today) == 217
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    template = ReturnTemplate.objects.get(code="FFP-01", county__isnull=True)
    returned = sheet_rows(
        client.get(
            "/returns/download/", {"template": template.pk, "town": longguang.pk, "period": f"{today:%Y-%m}"}
        )
    )
    listed = sheet_rows(client.get("/assistance/", {"status": "monitored", "format": "xlsx"}))
    monitored = sorted((row["村(社区)"], row["户主"]) for row in listed)
    assert (
        monitored
        and sorted((row["村(社区)"], row["户主姓名"]) for row in returned if row["监测状态"] == "监测帮扶中")
        == monitored
    )
    assert all(row["家庭人口"] >= 1 for row in returned)
