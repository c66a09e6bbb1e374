"""Returns filled from the records: each built-in return generated from factory data, its figures checked
against the page that shows the same figures, and county templates added as data with precise errors."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.assistance.factories import register as register_household
from tests.disputes.test_disputes import register as register_dispute
from tests.party.factories import hold, make_branch
from tests.services.factories import intake, make_item
from xiangzhen.audit.models import AuditEvent
from xiangzhen.collective.services import publication_publish, publication_schedule_open
from xiangzhen.disputes.services import screening_report_submit
from xiangzhen.returns.models import ReturnTemplate
from xiangzhen.returns.periods import month_period, parse_period, quarter_period
from xiangzhen.spreadsheets import response_bytes

pytestmark = pytest.mark.django_db


def builtin(code: str) -> ReturnTemplate:
    return ReturnTemplate.objects.get(code=code, county__isnull=True)


def download(client, user, template: ReturnTemplate, town, period: str) -> list[tuple]:
    client.force_login(user)
    response = client.get("/returns/download/", {"template": template.pk, "town": town.pk, "period": period})
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    sheet = load_workbook(BytesIO(response_bytes(response)), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def by_header(rows: list[tuple]) -> list[dict[str, object]]:
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def test_the_five_returns_are_built_in_as_data():
    assert {
        (template.code, template.source, template.period) for template in ReturnTemplate.objects.all()
    } == {
        ("FFP-01", "assistance", "monthly"),
        ("MDJF-01", "disputes", "monthly"),
        ("BMFW-01", "services", "monthly"),
        ("SHYK-01", "party", "monthly"),
        ("CWGK-01", "publications", "quarterly"),
    }
    assert all(template.columns.exists() for template in ReturnTemplate.objects.all())


def test_periods_are_parsed_with_chinese_messages():
    assert parse_period("2026-03", "monthly") == month_period(2026, 3)
    assert parse_period("2026-Q4", "quarterly").end == date(2026, 12, 31)
    assert quarter_period(2026, 1).months() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    with pytest.raises(Exception, match="月报的期间应为年月"):
        parse_period("2026-13", "monthly")
    with pytest.raises(Exception, match="季报的期间应为年份和季度"):
        parse_period("2026-03", "quarterly")


def test_services_monthly_statistics_equal_the_statistics_page(client, township):
    item = make_item()
    for unit in (township.zhenjiang, township.zhenjiang, township.gepu):
        intake(township.window_staff.user, item, unit)
    period = month_period(2026, 3)  # the factory's requests are accepted on 2 March 2026
    leader = township.town_leader.user
    rows = by_header(download(client, leader, builtin("BMFW-01"), township.shengji, period.code))
    page = client.get(
        "/services/statistics/", {"since": period.start.isoformat(), "until": period.end.isoformat()}
    )
    shown = page.context["rows"]
    assert [row["承办单位"] for row in rows] == [row.name for row in shown]
    assert [row["受理件数"] for row in rows] == [row.accepted for row in shown]
    assert [row["办结件数"] for row in rows] == [row.completed for row in shown]
    assert [row["按时办结率"] or "" for row in rows] == [row.on_time_text for row in shown]
    assert [row["满意率"] or "" for row in rows] == [row.satisfaction_text for row in shown]
    # The totals the page's rows add up to are the return's totals.
    assert sum(row["受理件数"] for row in rows) == sum(row.accepted for row in shown) == 3
    audit = AuditEvent.objects.get(action="return.download")
    assert audit.unit_id == township.shengji.pk and audit.changes["period"] == [None, period.code]


def test_dispute_screening_report_equals_the_screening_page_and_the_register(client, township):
    leader = township.town_leader.user
    screening_report_submit(
        actor=township.village_cadre.user, village=township.gepu, month=date(2026, 3, 1), dispute_count=0
    )
    screening_report_submit(
        actor=leader, village=township.zhenjiang, month=date(2026, 3, 1), dispute_count=2, note="两起邻里纠纷"
    )
    register_dispute(township)
    register_dispute(township, place=township.qingping, actor=leader)
    rows = by_header(download(client, leader, builtin("MDJF-01"), township.shengji, "2026-03"))
    by_village = {row["村(社区)"]: row for row in rows}
    page = client.get("/disputes/screening/", {"month": "2026-03"})
    reported = {report.unit.name: report.dispute_count for report in page.context["reports"]}
    missing = {village.name for village in page.context["missing"]}
    assert {name for name, row in by_village.items() if row["报送情况"] == "已报送"} == set(reported)
    assert {name for name, row in by_village.items() if row["报送情况"] == "未报送"} == missing
    assert all(by_village[name]["排查发现纠纷数"] == count for name, count in reported.items())
    assert by_village["葛铺村"]["零报告"] == "是" and by_village["镇江村"]["零报告"] == "否"
    # 登记纠纷数: what the register lists for the village in the month (a 村民组's dispute counts for its village).
    for village in (township.zhenjiang, township.qingping, township.gepu):
        register = client.get(
            "/disputes/", {"unit": village.pk, "since": "2026-03-01", "until": "2026-03-31"}
        )
        assert by_village[village.name]["登记纠纷数"] == len(register.context["page"].rows)


def test_assistance_monitoring_table_equals_the_household_list(client, township):
    leader = township.town_leader.user
    first = register_household(leader, township.zhenjiang, township.township_cadre, head="敖银桃")
    register_household(leader, township.gepu, township.township_cadre, head="王大山")
    today = timezone.localdate()
    period = month_period(today.year, today.month)
    from xiangzhen.assistance.models import Household

    Household.objects.filter(pk=first.pk).update(identified_on=today)
    Household.objects.exclude(pk=first.pk).update(identified_on=today)
    rows = by_header(download(client, leader, builtin("FFP-01"), township.shengji, period.code))
    export = client.get("/assistance/", {"responsible": "", "format": "xlsx"})
    listed = by_header(
        list(load_workbook(BytesIO(response_bytes(export))).worksheets[0].iter_rows(values_only=True))
    )
    assert sorted((row["村(社区)"], row["户主姓名"], row["监测状态"]) for row in rows) == sorted(
        (row["村(社区)"], row["户主"], row["状态"]) for row in listed
    )
    assert "敖银桃" not in str(rows) and all(row["家庭人口"] == 2 and row["劳动力人数"] == 1 for row in rows)


def test_party_ledger_equals_the_activities_page(client, township):
    leader = township.town_leader.user
    branch = make_branch(leader, township.zhenjiang, full=4, probationary=0)
    hold(leader, branch, held_on=date(2026, 3, 5), present=3)
    hold(leader, branch, held_on=date(2026, 3, 20), topic="主题党日")
    hold(leader, branch, held_on=date(2026, 4, 2))
    rows = by_header(download(client, leader, builtin("SHYK-01"), township.shengji, "2026-03"))
    page = client.get("/party/activities/")
    shown = [
        activity
        for activity in page.context["page"].rows
        if date(2026, 3, 1) <= activity.held_on <= date(2026, 3, 31)
    ]
    assert sorted((row["日期"].date(), row["主题"], row["实到人数"]) for row in rows) == sorted(
        (activity.held_on, activity.topic, activity.present_count) for activity in shown
    )
    assert len(rows) == 2 and all(row["活动类型"] and not row["活动类型"].isascii() for row in rows)


def test_village_affairs_list_equals_the_publications_page(client, township):
    leader = township.town_leader.user
    publication_schedule_open(today=date(2026, 8, 14), villages=[township.gepu, township.zhenjiang])
    from xiangzhen.collective.models import Publication

    first = Publication.objects.filter(village=township.gepu).order_by("kind").first()
    publication_publish(
        actor=leader,
        publication=first,
        published_on=date(2026, 8, 20),
        place="村务公开栏",
        content="收支明细",
    )
    rows = by_header(download(client, leader, builtin("CWGK-01"), township.shengji, "2026-Q3"))
    page = client.get("/collective/publications/", {"year": 2026, "quarter": 3})
    shown = [
        publication
        for row in page.context["rows"]
        for publication in row.publications
        if publication is not None
    ]
    assert sorted(row["公开事项"] for row in rows) == sorted(publication.title for publication in shown)
    published = {row["公开事项"]: row["公开情况"] for row in rows}
    assert published[first.title] in {"已公开", "逾期公开"}


def test_a_town_outside_the_jurisdiction_is_refused_with_a_message(client, township):
    client.force_login(township.town_leader.user)
    response = client.get(
        "/returns/download/",
        {"template": builtin("BMFW-01").pk, "town": township.qingshi_town.pk, "period": "2026-03"},
        follow=True,
    )
    assert "不在您的管辖范围内" in response.content.decode()
    assert not AuditEvent.objects.filter(action="return.download").exists()
    bad = client.get(
        "/returns/download/",
        {"template": builtin("BMFW-01").pk, "town": township.shengji.pk, "period": "三月"},
        follow=True,
    )
    assert "月报的期间应为年月" in bad.content.decode()


def test_a_county_adds_its_own_return_from_json_without_code(client, township):
    client.force_login(township.county_supervisor.user)
    document = {
        "code": "QXG-BM-01",
        "name": "七星关区便民服务简表",
        "period": "monthly",
        "source": "services",
        "columns": [{"header": "单位", "field": "unit"}, {"header": "受理", "field": "受理件数"}],
    }
    upload = BytesIO(json.dumps(document, ensure_ascii=False).encode())
    upload.name = "template.json"
    response = client.post("/returns/templates/", {"county": township.qixingguan.pk, "file": upload})
    assert response.status_code == 302
    template = ReturnTemplate.objects.get(code="QXG-BM-01", county=township.qixingguan)
    assert list(template.columns.values_list("header", "field")) == [("单位", "unit"), ("受理", "accepted")]
    intake(township.window_staff.user, make_item(), township.zhenjiang)
    rows = download(client, township.town_leader.user, template, township.shengji, "2026-03")
    assert rows[0] == ("单位", "受理") and rows[1][1] == 1
    assert AuditEvent.objects.filter(action="return_template.create").exists()


def test_a_bad_template_lists_each_mistake_by_its_place_and_saves_nothing(client, township):
    client.force_login(township.county_supervisor.user)
    document = {
        "code": "坏编号",
        "name": "",
        "period": "weekly",
        "source": "services",
        "columns": [
            {"header": "单位", "field": "unit"},
            {"header": "单位", "field": "nothing"},
            {"header": ""},
        ],
    }
    upload = BytesIO(json.dumps(document, ensure_ascii=False).encode())
    upload.name = "bad.json"
    response = client.post("/returns/templates/", {"county": township.qixingguan.pk, "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    for expected in [
        "编号:",
        "报表名称:不能为空",
        "报送周期:",
        "第 2 列:表头“单位”与第 1 列重复",
        "第 2 列:“nothing”不是",
        "第 3 列:表头不能为空",
        "第 3 列:未指定字段",
    ]:
        assert expected in page
    broken = BytesIO(b'{"code": "A",\n "name": }')
    broken.name = "broken.json"
    response = client.post("/returns/templates/", {"county": township.qixingguan.pk, "file": broken})
    assert "JSON 格式错误:第 2 行第 10 列" in response.content.decode()
    assert ReturnTemplate.objects.filter(county__isnull=False).count() == 0


def test_a_county_form_from_an_excel_header_row(client, township):
    client.force_login(township.county_supervisor.user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["村名", "户主", "状态"])
    sheet.append(["village", "户主姓名", "status"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "form.xlsx"
    form = {
        "county": township.qixingguan.pk,
        "file": buffer,
        "code": "QXG-FFP",
        "name": "监测户简表",
        "period": "monthly",
        "source": "assistance",
    }
    assert client.post("/returns/templates/", form).status_code == 302
    template = ReturnTemplate.objects.get(code="QXG-FFP")
    assert list(template.columns.values_list("field", flat=True)) == ["village", "head_name", "status"]
    bad = Workbook()
    bad.active.append(["村名", "", "状态"])
    bad.active.append(["village", "phone", "无此字段"])
    buffer = BytesIO()
    bad.save(buffer)
    buffer.seek(0)
    buffer.name = "bad.xlsx"
    response = client.post("/returns/templates/", {**form, "file": buffer, "code": "QXG-FFP-2"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 1–2 行 B 列:表头不能为空" in page and "第 1–2 行 C 列:“无此字段”不是" in page


def test_only_county_administrators_add_templates(client, township):
    client.force_login(township.town_leader.user)
    upload = BytesIO(b"{}")
    upload.name = "t.json"
    response = client.post("/returns/templates/", {"county": township.qixingguan.pk, "file": upload})
    assert response.status_code == 403


def test_the_returns_page_offers_towns_and_periods(client, township):
    client.force_login(township.town_leader.user)
    page = client.get("/returns/").content.decode()
    assert "生机镇" in page and "防返贫动态监测户信息表" in page and "新增县级报表模板" not in page
    client.force_login(township.county_supervisor.user)
    assert "新增县级报表模板" in client.get("/returns/").content.decode()
