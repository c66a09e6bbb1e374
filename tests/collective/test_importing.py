"""Excel in and out: a file is imported whole or not at all, with every bad row named by its number."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiangzhen.collective.importing import (
    ASSET_COLUMNS,
    CONTRACT_COLUMNS,
    asset_import_workbook,
    contract_import_workbook,
)
from xiangzhen.collective.models import CollectiveAsset, Contract, ContractPayment
from xiangzhen.collective.services import asset_create
from xiangzhen.errors import PermissionDenied
from xiangzhen.org.importing import ImportFailed
from xiangzhen.spreadsheets import response_bytes

pytestmark = pytest.mark.django_db


def workbook(header: list[str], *rows: list[object]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def contract_row(number: str = "HT-1", village: str = "葛铺村", **changes: object) -> list[object]:
    values = {
        "村(社区)": village,
        "合同编号": number,
        "合同名称": "山塘承包合同",
        "承包方": "张三丰",
        "承包方类型": "个人",
        "标的": "山塘水面 30 亩",
        "起始日期": "2025-01-01",
        "截止日期": "2029-12-31",
        "合同金额(元)": "50,000",
        "付款方式": "每年",
        **changes,
    }
    return [values[column] for column in CONTRACT_COLUMNS]


def test_assets_are_imported_with_their_values_in_wan_yuan(township):
    source = workbook(
        ASSET_COLUMNS,
        ["葛铺村", "村委会办公楼", "房屋建筑物", "85.5", "2012-06-01", ""],
        ["葛铺村", "光伏电站", "机器设备", 42, "", "村级光伏扶贫电站"],
    )
    report = asset_import_workbook(actor=township.village_cadre.user, source=source)
    assert report.summary() == "1 个村共 2 条"
    assert sorted(CollectiveAsset.objects.values_list("value", flat=True)) == [42, 85.5]


def test_one_bad_row_refuses_the_whole_file_and_names_every_bad_row(township):
    source = workbook(
        ASSET_COLUMNS,
        ["葛铺村", "村委会办公楼", "房屋建筑物", "85.5", "", ""],
        ["镇江村", "仓库", "房屋建筑物", "10", "", ""],
        ["葛铺村", "", "房屋建筑物", "10", "", ""],
        ["葛铺村", "水泵", "飞机", "-3", "", ""],
    )
    with pytest.raises(ImportFailed) as failure:
        asset_import_workbook(actor=township.village_cadre.user, source=source)
    assert [error.split(":")[0] for error in failure.value.errors] == ["第 3 行", "第 4 行", "第 5 行"]
    assert "镇江村" in failure.value.errors[0]
    assert CollectiveAsset.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(township):
    with pytest.raises(Exception, match="无法读取文件"):
        asset_import_workbook(actor=township.village_cadre.user, source=BytesIO(b"not a workbook"))


def test_a_sheet_without_the_columns_is_refused(township):
    with pytest.raises(Exception, match="缺少列"):
        asset_import_workbook(actor=township.village_cadre.user, source=workbook(["名称"], ["x"]))


def test_contracts_are_imported_with_their_payment_schedules(township):
    source = workbook(CONTRACT_COLUMNS, contract_row("HT-1"), contract_row("HT-2", 付款方式="一次性"))
    report = contract_import_workbook(actor=township.village_cadre.user, source=source)
    assert report.created == 2
    assert ContractPayment.objects.filter(contract__number="HT-1").count() == 5
    assert ContractPayment.objects.filter(contract__number="HT-2").count() == 1
    assert Contract.objects.get(number="HT-1").responsible == township.village_cadre


def test_a_contract_number_repeated_in_the_file_or_already_recorded_is_refused(township):
    contract_import_workbook(
        actor=township.village_cadre.user, source=workbook(CONTRACT_COLUMNS, contract_row("HT-1"))
    )
    source = workbook(
        CONTRACT_COLUMNS,
        contract_row("HT-1"),
        contract_row("HT-2"),
        contract_row("HT-2"),
        contract_row("HT-3", 截止日期="2024-01-01"),
        contract_row("HT-4", 付款方式="每月"),
    )
    with pytest.raises(ImportFailed) as failure:
        contract_import_workbook(actor=township.village_cadre.user, source=source)
    assert [error.split(":")[0] for error in failure.value.errors] == [
        "第 2 行",
        "第 4 行",
        "第 5 行",
        "第 6 行",
    ]
    assert Contract.objects.count() == 1


def test_only_those_who_manage_the_collective_import(township):
    with pytest.raises(PermissionDenied):
        asset_import_workbook(
            actor=township.township_cadre.user,
            source=workbook(ASSET_COLUMNS, ["镇江村", "仓库", "房屋建筑物", "10", "", ""]),
        )


def test_the_import_page_lists_the_errors(client, township):
    client.force_login(township.village_cadre.user)
    upload = SimpleUploadedFile(
        "资产.xlsx", workbook(ASSET_COLUMNS, ["葛铺村", "", "房屋建筑物", "1", "", ""]).getvalue()
    )
    response = client.post("/collective/assets/import/", {"workbook": upload})
    assert response.status_code == 200
    assert "第 2 行:资产名称不能为空" in response.content.decode()


def test_the_exported_ledger_reads_back_in(client, township):
    asset_create(
        actor=township.village_cadre.user,
        village=township.gepu,
        name="=HYPERLINK(1)",
        kind="building",
        value=Decimal("85.5"),
    )
    client.force_login(township.town_leader.user)
    response = client.get("/collective/assets/?format=xlsx")
    sheet = load_workbook(BytesIO(response_bytes(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(ASSET_COLUMNS)
    assert rows[1][:4] == ("葛铺村", "=HYPERLINK(1)", "房屋建筑物", 85.5)
    assert sheet.cell(row=2, column=2).data_type == "s"
