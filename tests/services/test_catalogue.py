from io import BytesIO

import pytest
from django.core.management import CommandError, call_command

from tests.services.factories import intake, make_item
from xiangzhen.errors import NotFound, PermissionDenied, ValidationFailed
from xiangzhen.services.catalogue import (
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    CatalogueImportFailed,
    catalogue_export,
    catalogue_import,
)
from xiangzhen.services.models import ServiceItem
from xiangzhen.services.selectors import service_item_list, service_items_for_viewer
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
    response = client.post("/services/catalogue/", {"workbook": upload, "owner_unit": township.shengji.pk})
    assert response.status_code == 403
    client.force_login(township.town_leader.user)
    upload.seek(0)
    response = client.post("/services/catalogue/", {"workbook": upload, "owner_unit": township.shengji.pk})
    assert "新增事项 1 项" in response.content.decode()
    created = ServiceItem.objects.get(code="YB-009")
    assert created.materials.get().form == "both"
    assert created.owner_unit == township.shengji
    download = client.get("/services/catalogue.xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_command_exports_and_imports_as_the_named_user(
    tmp_path, item, township, django_user_model, capsys
):
    path = tmp_path / "catalogue.xlsx"
    call_command("import_catalogue", str(path), "--export")
    with pytest.raises(CommandError, match="--actor"):
        call_command("import_catalogue", str(path))
    with pytest.raises(CommandError, match="省级通用事项只有系统管理员可以修改"):
        call_command("import_catalogue", str(path), "--actor", "shuji")
    with pytest.raises(CommandError, match="只有乡镇领导、县级督查和系统管理员可以修改事项目录"):
        call_command(
            "import_catalogue", str(path), "--actor", "chuangkou", "--unit", str(township.shengji.pk)
        )
    django_user_model.objects.create_superuser("root", password="x")
    call_command("import_catalogue", str(path), "--actor", "root")
    assert "更新 1 项" in capsys.readouterr().out


# Ownership: a county's items are inherited by its towns; a town's own items are its own.


def test_a_town_leader_edits_only_the_catalogues_of_units_in_the_jurisdiction(township):
    leader = township.town_leader.user
    report = catalogue_import(actor=leader, source=workbook([ITEM_ROW], []), owner_unit=township.shengji)
    assert report.created == 1
    with pytest.raises(NotFound):
        catalogue_import(actor=leader, source=workbook([ITEM_ROW], []), owner_unit=township.qingshi_town)
    with pytest.raises(PermissionDenied, match="省级通用事项只有系统管理员可以修改"):
        catalogue_import(actor=leader, source=workbook([ITEM_ROW], []), owner_unit=None)
    with pytest.raises(ValidationFailed, match="只能属于县或乡镇"):
        catalogue_import(actor=leader, source=workbook([ITEM_ROW], []), owner_unit=township.gepu)


def test_an_item_of_another_catalogue_cannot_be_overwritten(township, item):
    county_item = ["XJ-001", "县级事项", "县", "县政务中心", "5", "10", "", "", ""]
    catalogue_import(actor=None, source=workbook([county_item], []), owner_unit=township.qixingguan)
    town_version = ["XJ-001", "被改掉的县级事项", "县", "县政务中心", "5", "10", "", "", ""]
    with pytest.raises(CatalogueImportFailed) as failure:
        catalogue_import(
            actor=township.town_leader.user, source=workbook([town_version], []), owner_unit=township.shengji
        )
    assert failure.value.errors == [
        "“事项”第 2 行:事项编码 XJ-001 属于“七星关区”的目录,不能在“生机镇”的目录中修改"
    ]
    assert ServiceItem.objects.get(code="XJ-001").name == "县级事项"
    # The county supervisor, over 七星关区, may edit the county's item.
    catalogue_import(
        actor=township.county_supervisor.user,
        source=workbook([town_version], []),
        owner_unit=township.qixingguan,
    )
    assert ServiceItem.objects.get(code="XJ-001").name == "被改掉的县级事项"


def test_a_window_offers_its_own_inherited_and_province_wide_items_only(township, item):
    county_item = make_item(code="XJ-001")
    town_item = make_item(code="SJ-001")
    other_county_item = make_item(code="CS-001")
    ServiceItem.objects.filter(pk=county_item.pk).update(owner_unit=township.qixingguan)
    ServiceItem.objects.filter(pk=town_item.pk).update(owner_unit=township.shengji)
    ServiceItem.objects.filter(pk=other_county_item.pk).update(owner_unit=township.changshan)
    at_gepu = {offered.code for offered in service_item_list(offered_at=[township.gepu])}
    assert at_gepu == {"MZ-001", "XJ-001", "SJ-001"}
    at_qingshi = {offered.code for offered in service_item_list(offered_at=[township.qingshi])}
    assert at_qingshi == {"MZ-001", "CS-001"}
    assert {offered.code for offered in service_items_for_viewer(township.village_cadre.user)} == at_gepu
    with pytest.raises(ValidationFailed, match="属于其他县乡的目录"):
        intake(township.window_staff.user, ServiceItem.objects.get(code="CS-001"), township.zhenjiang)
    assert intake(township.window_staff.user, ServiceItem.objects.get(code="SJ-001"), township.zhenjiang).pk


def test_the_intake_page_lists_the_items_of_the_officers_windows(client, township, item):
    other = make_item(code="CS-001")
    ServiceItem.objects.filter(pk=other.pk).update(owner_unit=township.changshan)
    client.force_login(township.window_staff.user)
    page = client.get("/services/intake/").content.decode()
    assert "MZ-001" in page and "CS-001" not in page


@pytest.mark.parametrize("persona", ["county_supervisor"])
def test_a_role_without_intake_gets_a_403_and_takes_in_nothing(client, township, item, persona):
    user = getattr(township, persona).user
    client.force_login(user)
    assert client.get("/services/intake/").status_code == 403
    with pytest.raises(PermissionDenied, match="窗口受理"):
        intake(user, item, township.zhenjiang)
