from io import BytesIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory
from xiangzhen.audit.models import AuditEvent
from xiangzhen.org.importing import ImportFailed, org_import_workbook
from xiangzhen.org.models import Assignment, Cadre, Unit, UnitLevel, unit_path_segment
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


def village_rows(count: int, town: str = "流溪乡") -> list[list[str]]:
    return [[f"第{number}村", "村", town, ""] for number in range(count)]


@pytest.mark.django_db
def test_two_thousand_villages_under_one_town_get_distinct_paths_under_it(django_assert_max_num_queries):
    units = [["渠县", "县", "", "511725000000"], ["流溪乡", "乡镇", "渠县", ""], *village_rows(2000)]
    # Statements per batch, not per row (SQLite caps one INSERT at 999 parameters, hence a few dozen).
    with django_assert_max_num_queries(80):
        report = org_import_workbook(actor=None, source=workbook(units))
    assert report.units == 2002
    town = Unit.objects.get(name="流溪乡")
    villages = list(Unit.objects.filter(parent=town))
    assert len(villages) == 2000
    assert len({village.path for village in villages}) == 2000
    for village in villages:
        assert village.path == town.path + unit_path_segment(village.pk)
        assert village.level == UnitLevel.VILLAGE
    assert Unit.objects.within([town]).count() == 2001
    assert Unit.objects.get(name="第1999村").full_name() == "渠县 / 流溪乡 / 第1999村"
    # The rows keep their order: ids, hence paths, grow down the sheet.
    assert [village.name for village in villages] == [f"第{number}村" for number in range(2000)]
    events = AuditEvent.objects.filter(action="unit.create")
    assert events.count() == 2002
    event = events.get(object_id=str(town.pk))
    assert (event.unit, event.actor_name, event.object_repr) == (town, "系统", "流溪乡")
    assert event.changes == {"name": [None, "流溪乡"], "level": [None, "town"], "division_code": [None, ""]}


@pytest.mark.django_db
def test_an_error_on_the_last_of_many_rows_writes_nothing():
    units = [
        ["渠县", "县", "", ""],
        ["流溪乡", "乡镇", "渠县", ""],
        *village_rows(1200),
        ["末村", "村", "无名乡", ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook(units))
    assert failure.value.errors == ["“单位”第 1204 行:找不到单位“无名乡”(上级须已存在或写在前面的行)"]
    assert not Unit.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_name_taken_under_the_same_parent_is_an_error_in_a_batch_across_batches_and_in_the_database():
    org_import_workbook(actor=None, source=workbook([["渠县", "县", "", ""], ["流溪乡", "乡镇", "渠县", ""]]))
    units = [
        ["千秋村", "村", "流溪乡", ""],
        ["千秋村", "村", "流溪乡", ""],  # the row above, same batch
        *village_rows(600),
        ["第3村", "村", "流溪乡", ""],  # an earlier batch
        ["流溪乡", "乡镇", "渠县", ""],  # already in the database
        ["千秋村", "村", "渠县/流溪乡", ""],
        ["渠县", "县", "", ""],  # a top-level unit already in the database
    ]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook(units))
    assert failure.value.errors == [
        "“单位”第 3 行:“流溪乡”下已有名为“千秋村”的单位",
        "“单位”第 604 行:“流溪乡”下已有名为“第3村”的单位",
        "“单位”第 605 行:“渠县”下已有名为“流溪乡”的单位",
        "“单位”第 606 行:“流溪乡”下已有名为“千秋村”的单位",
        "“单位”第 607 行:“顶层”下已有名为“渠县”的单位",
    ]
    assert Unit.objects.count() == 2


@pytest.mark.django_db
def test_a_name_becomes_ambiguous_once_a_later_row_adds_a_second_unit_of_that_name():
    units = [
        ["渠县", "县", "", ""],
        ["流溪乡", "乡镇", "渠县", ""],
        ["千秋村", "村", "流溪乡", ""],
        ["大竹县", "县", "", ""],
        ["流溪乡", "乡镇", "大竹县", ""],
        ["燕岩村", "村", "流溪乡", ""],
        ["白鹤村", "村", "大竹县/流溪乡", ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook(units))
    assert failure.value.errors == ["“单位”第 7 行:有多个名为“流溪乡”的单位,请写完整路径,如“生机镇/镇江村”"]


@pytest.mark.django_db
def test_groups_find_the_village_written_just_above_them_in_the_same_batch():
    units = [["渠县", "县", "", ""], ["流溪乡", "乡镇", "渠县", ""]]
    for village in range(30):
        units.append([f"第{village}村", "村", "流溪乡", ""])
        units += [[f"{group}组", "组", f"流溪乡/第{village}村", ""] for group in range(1, 11)]
    report = org_import_workbook(actor=None, source=workbook(units))
    assert report.units == 332
    group = Unit.objects.get(name="10组", parent__name="第29村")
    assert group.full_name() == "渠县 / 流溪乡 / 第29村 / 10组"
    assert group.path == group.parent.path + unit_path_segment(group.pk)


@pytest.mark.django_db
def test_division_codes_are_checked_against_the_coded_ancestor_and_used_once():
    units = [
        ["渠县", "县", "", "511725000000"],
        ["流溪乡", "乡镇", "渠县", "511725100000"],
        ["大竹乡", "乡镇", "渠县", "511725100000"],
        ["东片区", "片区", "流溪乡", ""],
        ["千秋村", "村", "东片区", "511725100201"],
        ["燕岩村", "村", "东片区", "511726100202"],
    ]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook(units))
    assert failure.value.errors == [
        "“单位”第 4 行:区划代码 511725100000 已被使用",
        "“单位”第 7 行:区划代码 511726100202 与上级“流溪乡”的代码 511725100000 前 9 位不一致",
    ]


def test_a_leader_imports_under_their_town_audited_as_themself(township):
    leader = township.town_leader.user
    units = [["峨峰村", "村", "镇江片区", ""], ["一组", "组", "峨峰村", ""], ["新县", "县", "", ""]]
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=leader, source=workbook(units))
    assert failure.value.errors == ["“单位”第 4 行:只有系统管理员可以创建县级单位"]
    report = org_import_workbook(actor=leader, source=workbook(units[:2]))
    assert report.units == 2
    group = Unit.objects.get(name="一组", parent__name="峨峰村")
    assert group.parent.parent == township.zhenjiang_district
    event = AuditEvent.objects.get(action="unit.create", object_id=str(group.pk))
    assert (event.actor, event.actor_name) == (leader, "shuji")


@pytest.mark.django_db
def test_a_unit_name_longer_than_its_column_is_an_error():
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=None, source=workbook([["县" * 101, "县", "", ""]]))
    assert failure.value.errors == ["“单位”第 2 行:单位名称不能超过 100 个字"]
