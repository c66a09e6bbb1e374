from io import BytesIO

import pytest
from openpyxl import Workbook

from tests.projects.helpers import make_campaign
from xiangzhen.errors import ValidationFailed
from xiangzhen.projects.importing import read_targets
from xiangzhen.projects.services import campaign_targets_import

HEADERS = ["编号", "名称", "类型", "所在村(社区)", "楼栋", "户主", "联系电话", "攻坚组", "包保干部"]


def workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_target_list_is_imported_with_its_teams_and_cadres(township):
    campaign = make_campaign(township, targets=0)
    leader = township.town_leader.user
    rows = read_targets(
        viewer=leader,
        source=workbook(
            [
                "D5-101",
                "定阳小区5幢101",
                "住户",
                "镇江村",
                "5幢",
                "王小明",
                "13985011111",
                "铁娘子三人组",
                "赵德胜",
            ],
            ["F-01", "王家祖坟", "坟墓", "葛铺村", "", "", "", "迁坟组", ""],
        ),
    )
    assert campaign_targets_import(actor=leader, campaign=campaign, rows=rows) == 2
    household, grave = campaign.targets.order_by("code")
    assert (household.kind, household.unit, household.cadre, household.team.name) == (
        "household",
        township.zhenjiang,
        township.township_cadre,
        "铁娘子三人组",
    )
    assert grave.kind == "grave" and grave.cadre is None
    assert sorted(campaign.teams.values_list("name", flat=True)) == ["迁坟组", "铁娘子三人组"]


def test_a_file_with_any_bad_row_is_refused_whole_with_row_numbers(township):
    campaign = make_campaign(township, targets=0)
    with pytest.raises(ValidationFailed) as refused:
        read_targets(
            viewer=township.town_leader.user,
            source=workbook(
                ["D5-101", "定阳小区5幢101", "住户", "镇江村", "", "", "", "", ""],
                ["D5-102", "定阳小区5幢102", "别墅", "镇江村", "", "", "123", "", "无名氏"],
                ["D5-103", "定阳小区5幢103", "住户", "外县村", "", "", "", "", ""],
                ["D5-101", "定阳小区5幢101", "住户", "镇江村", "", "", "", "", ""],
            ),
        )
    message = refused.value.message
    assert "第 3 行:包保干部“无名氏”不在您可以派工的干部中" in message
    assert (
        "第 3 行:类型应为住户、楼栋、坟墓或地块" in message and "第 3 行:联系电话应为 11 位手机号" in message
    )
    assert "第 4 行:没有您管辖的“外县村”" in message
    assert campaign.targets.count() == 0


def test_duplicate_codes_and_codes_already_in_the_campaign_are_refused(township):
    campaign = make_campaign(township, targets=0)
    leader = township.town_leader.user
    with pytest.raises(ValidationFailed, match="第 3 行:编号 A1 与第 2 行重复"):
        read_targets(
            viewer=leader,
            source=workbook(["A1", "甲", "住户", "镇江村"], ["A1", "乙", "住户", "镇江村"]),
        )
    rows = read_targets(viewer=leader, source=workbook(["A1", "甲", "住户", "镇江村"]))
    campaign_targets_import(actor=leader, campaign=campaign, rows=rows)
    with pytest.raises(ValidationFailed, match="编号 A1 重复"):
        campaign_targets_import(actor=leader, campaign=campaign, rows=rows)


def test_a_village_outside_the_importers_jurisdiction_is_unknown_to_them(township):
    with pytest.raises(ValidationFailed, match="没有您管辖的“镇江村”"):
        read_targets(viewer=township.village_cadre.user, source=workbook(["A1", "甲", "住户", "镇江村"]))


def test_a_file_that_is_not_a_workbook_or_lacks_columns_is_refused(township):
    with pytest.raises(ValidationFailed, match="无法读取文件"):
        read_targets(viewer=township.town_leader.user, source=BytesIO(b"not a workbook"))
    book = Workbook()
    book.active.append(["编号", "名称"])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationFailed, match="缺少列:类型、所在村"):
        read_targets(viewer=township.town_leader.user, source=buffer)
