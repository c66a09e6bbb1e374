from tests.duties.factories import duty_workbook, make_duty_item
from xiangzhen.duties.models import DutyCategory, DutyItem


def test_every_role_of_the_town_reads_its_list_and_only_leaders_see_the_import(client, township):
    make_duty_item(township.shengji, "J-01", title="组织开展基层党组织建设")
    make_duty_item(township.qingshi_town, "J-77", title="青石镇的事项")
    for cadre, may_import in [
        (township.county_supervisor, True),
        (township.town_leader, True),
        (township.district_committee, False),
        (township.township_cadre, False),
        (township.village_cadre, False),
    ]:
        client.force_login(cadre.user)
        page = client.get("/duties/").content.decode()
        assert "组织开展基层党组织建设" in page, cadre.role
        assert "青石镇的事项" not in page, cadre.role
        assert ("duty-import-form" in page) == may_import, cadre.role
    # Another county's town is not found, whatever the id.
    client.force_login(township.town_leader.user)
    page = client.get(f"/duties/?town={township.qingshi_town.pk}").content.decode()
    assert "不在您的管辖范围内" in page and "青石镇的事项" not in page
    assert client.get("/duties/?town=abc").status_code == 200


def test_the_list_filters_by_category_and_words(client, township):
    make_duty_item(township.shengji, "J-01", title="组织开展基层党组织建设")
    make_duty_item(township.shengji, "S-01", DutyCategory.WITHDRAWN, title="安全生产行政执法检查")
    client.force_login(township.town_leader.user)
    page = client.get("/duties/?category=withdrawn").content.decode()
    assert "安全生产行政执法检查" in page and "组织开展基层党组织建设" not in page
    page = client.get("/duties/?q=党组织").content.decode()
    assert "组织开展基层党组织建设" in page and "安全生产行政执法检查" not in page


def test_an_upload_imports_all_rows_or_none(client, township):
    client.force_login(township.town_leader.user)
    response = client.post(
        f"/duties/{township.shengji.pk}/import/",
        {"file": duty_workbook(["J-01", "基本", "组织开展基层党组织建设"], ["J-02", "乱写", "事项"])},
        follow=True,
    )
    assert "第 3 行:类别“乱写”应为基本、配合或收回" in response.content.decode()
    assert not DutyItem.objects.exists()
    response = client.post(
        f"/duties/{township.shengji.pk}/import/",
        {"file": duty_workbook(["J-01", "基本", "组织开展基层党组织建设"])},
        follow=True,
    )
    assert "已导入生机镇履职事项清单 1 项" in response.content.decode()
    # A window clerk may not, and a town outside the jurisdiction is not found.
    client.force_login(township.window_staff.user)
    response = client.post(
        f"/duties/{township.shengji.pk}/import/", {"file": duty_workbook(["J-9", "基本", "x"])}, follow=True
    )
    assert "只有乡镇领导、县级督查和系统管理员可以导入履职事项清单" in response.content.decode()
    client.force_login(township.town_leader.user)
    assert client.post(f"/duties/{township.qingshi_town.pk}/import/", {}).status_code == 404
    assert DutyItem.objects.count() == 1
