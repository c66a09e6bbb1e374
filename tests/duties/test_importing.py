import pytest

from tests.duties.factories import duty_workbook
from xiangzhen.duties.importing import read_duty_list
from xiangzhen.duties.models import DutyCategory
from xiangzhen.errors import ValidationFailed


def test_a_published_list_reads_with_every_category_and_its_optional_columns():
    rows = read_duty_list(
        duty_workbook(
            [
                "J-01",
                "基本履职事项",
                "组织开展基层党组织建设",
                "党的建设",
                "《中国共产党农村基层组织工作条例》",
                "",
            ],
            ["P-01", "配合", "配合开展违法用地巡查", "自然资源", "", "县自然资源局"],
            ["S-01", "收回", "安全生产行政执法检查", "应急管理", "", "县应急管理局"],
        )
    )
    assert [(row.code, row.category) for row in rows] == [
        ("J-01", DutyCategory.BASIC),
        ("P-01", DutyCategory.COOPERATIVE),
        ("S-01", DutyCategory.WITHDRAWN),
    ]
    assert rows[1].department == "县自然资源局" and rows[0].field == "党的建设"


def test_every_bad_row_is_named_and_nothing_is_read():
    with pytest.raises(ValidationFailed) as raised:
        read_duty_list(
            duty_workbook(
                ["J-01", "基本", "组织开展基层党组织建设"],
                ["J-01", "基本", "重复的编号"],
                ["", "其他", ""],
                ["J-02", "基本", "名" * 201],
            )
        )
    message = raised.value.message
    assert message.startswith("文件未导入")
    assert "第 3 行:编号 J-01 与第 2 行重复" in message
    assert "第 4 行:编号不能为空" in message and "第 4 行:事项名称不能为空" in message
    assert "第 4 行:类别“其他”应为基本、配合或收回" in message
    assert "第 5 行:事项名称不能超过 200 个字" in message


def test_a_file_without_the_required_columns_or_rows_is_refused():
    with pytest.raises(ValidationFailed, match="缺少列:类别"):
        read_duty_list(duty_workbook(["J-01", "组织开展基层党组织建设"], header=["编号", "事项名称"]))
    with pytest.raises(ValidationFailed, match="没有履职事项"):
        read_duty_list(duty_workbook())
