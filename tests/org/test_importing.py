from io import BytesIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from xiangzhen.audit.models import AuditEvent
from xiangzhen.org.importing import ImportFailed, org_import_workbook
from xiangzhen.org.models import Assignment, Cadre, Unit
from xiangzhen.spreadsheets import write_workbook

UNIT_HEADERS = ["名称", "层级", "上级", "区划代码"]
CADRE_HEADERS = ["姓名", "角色", "单位", "职务", "手机号", "任职日期", "登录名", "初始密码"]
ASSIGNMENT_HEADERS = ["干部登录名", "单位", "类型", "开始日期"]


def workbook(units, cadres=(), assignments=()) -> BytesIO:
    return BytesIO(
        write_workbook(
            {
                "单位": (UNIT_HEADERS, units),
                "干部": (CADRE_HEADERS, cadres),
                "包保": (ASSIGNMENT_HEADERS, assignments),
            }
        )
    )


GOOD_UNITS = [
    ["渠县", "县", "", "511725000000"],
    ["流溪乡", "乡镇", "渠县", ""],
    ["千秋村", "村", "流溪乡", ""],
    ["燕岩村", "村", "渠县/流溪乡", ""],
]
GOOD_CADRES = [
    ["李峰", "乡镇领导", "流溪乡", "党委书记", "13800001111", "2026-01-04", "lifeng", "Liuxi-Secretary-2026"],
    ["周平", "包村干部", "流溪乡", "驻村干部", "", "", "zhouping", "Liuxi-Cadre-2026"],
]
GOOD_ASSIGNMENTS = [["zhouping", "千秋村", "驻村", "2026-02-01"]]


@pytest.mark.django_db
def test_a_correct_workbook_imports_every_row():
    report = org_import_workbook(actor=None, source=workbook(GOOD_UNITS, GOOD_CADRES, GOOD_ASSIGNMENTS))
    assert (report.units, report.cadres, report.assignments) == (4, 2, 1)
    assert Unit.objects.get(name="燕岩村").full_name() == "渠县 / 流溪乡 / 燕岩村"
    assert Cadre.objects.get(name="李峰").user.check_password("Liuxi-Secretary-2026")
    assert Assignment.objects.get().unit.name == "千秋村"


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_every_error_is_reported_by_row():
    units = [*GOOD_UNITS, ["白鹤村", "大队", "流溪乡", ""], ["红星村", "村", "不存在乡", ""]]
    cadres = [["王五", "局长", "流溪乡", "干部", "", "", "", ""]]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook(units, cadres))
    assert failure.value.errors == [
        "“单位”第 6 行:层级“大队”无法识别(可填 县、乡镇、片区、村、村民组)",
        "“单位”第 7 行:找不到单位“不存在乡”(上级须已存在或写在前面的行)",
        "“干部”第 2 行:角色“局长”无法识别(可填 县级督查、乡镇领导、窗口人员、片区工委、包村干部、村干部)",
    ]
    assert not Unit.objects.exists()
    assert not Cadre.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_gets_a_clear_message():
    from xiangzhen.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="请上传 Excel"):
        org_import_workbook(actor=None, source=BytesIO(b"name,level\n"))


def test_a_leader_imports_only_under_their_own_town(township):
    units = [["新村", "村", "青石镇", ""]]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=township.town_leader.user, source=workbook(units))
    assert "找不到单位“青石镇”" in failure.value.errors[0]


@pytest.mark.django_db
def test_the_command_imports_and_reports(tmp_path, capsys):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    path = tmp_path / "org.xlsx"
    path.write_bytes(workbook(GOOD_UNITS).getvalue())
    call_command("import_org", str(path), "--actor", "root")
    assert "新增单位 4 个" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["某村", "村", "", ""]]).getvalue())
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("import_org", str(bad), "--actor", "root")


def test_the_command_acts_as_the_named_user_with_the_same_rules_as_the_page(tmp_path, township):
    path = tmp_path / "org.xlsx"
    path.write_bytes(workbook([["峨峰村", "村", "镇江片区", ""]]).getvalue())
    with pytest.raises(CommandError, match="只有乡镇领导、县级督查和系统管理员可以导入组织数据"):
        call_command("import_org", str(path), "--actor", "cunganbu")
    with pytest.raises(CommandError, match="没有名为“nobody”的在用账号"):
        call_command("import_org", str(path), "--actor", "nobody")
    assert not Unit.objects.filter(name="峨峰村").exists()
    call_command("import_org", str(path), "--actor", "shuji")
    assert Unit.objects.get(name="峨峰村").parent == township.zhenjiang_district


@pytest.mark.parametrize("persona", ["window_staff", "district_committee", "township_cadre", "village_cadre"])
def test_roles_without_the_import_permission_get_a_403_page_and_import_nothing(client, township, persona):
    client.force_login(getattr(township, persona).user)
    assert client.get("/org/import/").status_code == 403
    upload = workbook([["峨峰村", "村", "镇江片区", ""]])
    upload.name = "org.xlsx"
    response = client.post("/org/import/", {"workbook": upload})
    assert response.status_code == 403
    assert "只有乡镇领导、县级督查和系统管理员可以导入组织数据" in response.content.decode()
    assert not Unit.objects.filter(name="峨峰村").exists()


def test_an_import_cannot_create_an_account_above_the_importers_role(township):
    cadres = [["钱进", "县级督查", "生机镇", "督查员", "", "", "qianjin", "Qian-Jin-2026-ok"]]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=township.town_leader.user, source=workbook([], cadres))
    assert "不能创建高于本人角色的账号(“县级督查”)" in failure.value.errors[0]
    assert not Cadre.objects.filter(name="钱进").exists()


def test_the_upload_page_lists_errors_and_imports_nothing(client, township):
    client.force_login(township.town_leader.user)
    upload = workbook([["峨峰村", "村", "镇江片区", ""], ["某组", "组", "不存在村", ""]])
    upload.name = "org.xlsx"
    response = client.post("/org/import/", {"workbook": upload})
    page = response.content.decode()
    assert "共 1 处错误" in page
    assert "第 3 行" in page
    assert not Unit.objects.filter(name="峨峰村").exists()


def test_the_upload_page_imports_a_good_file(client, township):
    client.force_login(township.town_leader.user)
    upload = workbook([["峨峰村", "村", "镇江片区", ""]])
    upload.name = "org.xlsx"
    response = client.post("/org/import/", {"workbook": upload}, follow=True)
    assert "导入成功" in response.content.decode()
    assert Unit.objects.get(name="峨峰村").parent == township.zhenjiang_district
