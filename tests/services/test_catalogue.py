from io import BytesIO

import pytest
from django.core.management import call_command

from xiangzhen.services.catalogue import (
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    CatalogueImportFailed,
    catalogue_export,
    catalogue_import,
)
from xiangzhen.services.models import ServiceItem
from xiangzhen.spreadsheets import read_sheet, write_workbook


def workbook(items, materials) -> BytesIO:
    upload = BytesIO(write_workbook({"事项": (ITEM_COLUMNS, items), "材料": (MATERIAL_COLUMNS, materials)}))
    upload.name = "catalogue.xlsx"
    return upload


ITEM_ROW = ["YB-009", "城乡居民医保参保登记", "村", "医保", "3", "5", "不收费", "《社会保险法》", "窗口受理"]


@pytest.mark.django_db
def test_export_then_import_round_trips_the_catalogue(item):
    exported = catalogue_export()
    rows = list(read_sheet(BytesIO(exported), sheet="材料", required_columns=MATERIAL_COLUMNS))
    assert [row.values["材料名称"] for row in rows] == ["身份证", "户口簿", "家庭收入证明", "银行卡复印件"]
    assert rows[-1].values["可容缺"] == "是"
    report = catalogue_import(actor=None, source=BytesIO(exported))
    assert (report.created, report.updated, report.materials) == (0, 1, 4)
    assert item.materials.get(name="银行卡复印件").may_follow_later


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_is_reported():
    items = [
        ITEM_ROW,
        ["YB-010", "异地备案", "省", "医保", "1", "3", "", "", ""],
        ["YB-011", "x", "村", "医保", "9", "3", "", "", ""],
    ]
    materials = [["YB-009", "身份证", "原件", "1", "否"], ["YB-404", "户口簿", "原件", "1", "否"]]
    with pytest.raises(CatalogueImportFailed) as failure:
        catalogue_import(actor=None, source=workbook(items, materials))
    assert failure.value.errors == [
        "“事项”第 3 行:办理层级“省”无法识别(可填 村、片区、乡镇、县)",
        "“事项”第 4 行:承诺时限不能长于法定时限",
        "“材料”第 3 行:事项编码 YB-404 不在“事项”表中",
    ]
    assert not ServiceItem.objects.exists()


def test_only_leaders_import_through_the_page(client, township):
    upload = workbook([ITEM_ROW], [["YB-009", "身份证", "原件及复印件", "1", "否"]])
    client.force_login(township.window_staff.user)
    assert client.post("/services/catalogue/", {"workbook": upload}).status_code == 403
    client.force_login(township.town_leader.user)
    upload.seek(0)
    response = client.post("/services/catalogue/", {"workbook": upload})
    assert "新增事项 1 项" in response.content.decode()
    assert ServiceItem.objects.get(code="YB-009").materials.get().form == "both"
    download = client.get("/services/catalogue.xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_the_command_exports_and_imports(tmp_path, item, capsys):
    path = tmp_path / "catalogue.xlsx"
    call_command("import_catalogue", str(path), "--export")
    call_command("import_catalogue", str(path))
    assert "更新 1 项" in capsys.readouterr().out
