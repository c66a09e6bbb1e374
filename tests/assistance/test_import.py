"""Households from .xlsx: all rows or none, with row-numbered messages."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tests.assistance.factories import causes
from xiangzhen.assistance.importing import COLUMNS, households_import
from xiangzhen.assistance.models import Household, HouseholdStatus
from xiangzhen.errors import PermissionDenied
from xiangzhen.org.importing import ImportFailed


def workbook(rows: list[list[str]]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    content = BytesIO()
    book.save(content)
    content.seek(0)
    return content


def person(key, village, name, relation, *, cadre="赵德胜", labour="有", category="边缘易致贫户", head=True):
    today = timezone.localdate().isoformat()
    if not head:
        return [key, village, name, relation, "", "", labour, "", "", "", "", "", "", ""]
    return [
        key,
        village,
        name,
        relation,
        "",
        "13985011111",
        labour,
        category,
        "乡村干部走访排查",
        "因病、缺技术",
        cadre,
        "干部结对",
        today,
        today,
    ]


@pytest.fixture
def standard_causes(db):
    causes("因病", "缺技术")


def test_it_registers_every_household_with_its_members(township, standard_causes):
    source = workbook(
        [
            person("1", "镇江村", "王大山", "户主"),
            person("1", "镇江村", "李小花", "配偶", head=False),
            person("2", "镇江村", "陈明", "户主", category="突发严重困难户"),
        ]
    )
    assert households_import(actor=township.town_leader.user, source=source) == 2
    first = Household.objects.get(head_name="王大山")
    assert first.status == HouseholdStatus.PUBLICITY
    assert list(first.members.values_list("name", "relation", "is_labour")) == [
        ("王大山", "户主", True),
        ("李小花", "配偶", True),
    ]
    assert sorted(first.causes.values_list("name", flat=True)) == ["因病", "缺技术"]
    assert Household.objects.get(head_name="陈明").category == "sudden"


def test_one_bad_row_refuses_the_whole_file_with_row_numbers(township, standard_causes):
    source = workbook(
        [
            person("1", "镇江村", "王大山", "户主"),
            person("2", "不存在村", "陈明", "户主", category="贫困户"),
            person("3", "镇江村", "张三", "配偶", head=False),
        ]
    )
    with pytest.raises(ImportFailed) as failure:
        households_import(actor=township.town_leader.user, source=source)
    assert failure.value.errors == [
        "第 3 行:找不到您管辖范围内的村(社区)“不存在村”",
        "第 3 行:监测类型应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户",
        "第 4 行:户编号 3 没有“与户主关系”为“户主”的行",
    ]
    assert not Household.objects.exists()


def test_the_pairing_load_counts_the_rows_before(township, standard_causes):
    rows = [person(str(n), "镇江村", f"王{n}号", "户主") for n in range(1, 7)]
    with pytest.raises(ImportFailed) as failure:
        households_import(actor=township.town_leader.user, source=workbook(rows))
    assert failure.value.errors == ["第 7 行:赵德胜已结对 5 户,每名帮扶干部最多 5 户"]
    assert not Household.objects.exists()


def test_villages_outside_the_jurisdiction_are_not_found(township, standard_causes):
    source = workbook([person("1", "镇江村", "王大山", "户主", cadre="吴秀英")])
    with pytest.raises(ImportFailed, match="共 1 处错误"):
        households_import(actor=township.village_cadre.user, source=source)


def test_window_staff_do_not_import(township, standard_causes):
    with pytest.raises(PermissionDenied):
        households_import(
            actor=township.window_staff.user, source=workbook([person("1", "镇江村", "王大山", "户主")])
        )
