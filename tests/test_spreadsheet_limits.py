"""Workbook limits, checked before openpyxl parses anything, the same in every importer."""

import zipfile
from io import BytesIO

import pytest

from tests.factories import UserFactory
from xiangzhen import spreadsheets
from xiangzhen.assistance.importing import households_import
from xiangzhen.collective.importing import asset_import_workbook, contract_import_workbook
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.importing import ImportFailed, org_import_workbook
from xiangzhen.org.models import Unit
from xiangzhen.projects.importing import read_targets
from xiangzhen.services.catalogue import catalogue_import
from xiangzhen.spreadsheets import write_workbook
from xiangzhen.workdays.importing import calendar_entries_from_workbook

SHARED_STRINGS_RELATION = (
    b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def rebuilt(content: bytes, *, extra_strings: int = 0, padding: int = 0) -> bytes:
    """`content` with a shared-strings part of `extra_strings` texts (wired into the workbook, as Excel
    writes it, so a reader loads it) and a `padding` bytes part: both small once zipped."""
    source = zipfile.ZipFile(BytesIO(content))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if extra_strings and part.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_STRINGS_RELATION + b"</Relationships>")
            if extra_strings and part.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            target.writestr(part, data)
        if extra_strings:
            # The count attributes claim 3: the limit counts the items themselves.
            target.writestr(
                "xl/sharedStrings.xml",
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
                + b"<si><t>x</t></si>" * extra_strings
                + b"</sst>",
            )
        if padding:
            target.writestr("xl/media/padding.bin", b"\0" * padding)
    return buffer.getvalue()


def sheet(rows: int = 1) -> bytes:
    return write_workbook({"单位": (["名称", "层级", "上级"], [[f"村{n}", "村", "镇"] for n in range(rows)])})


@pytest.fixture(scope="module")
def strings_bomb() -> bytes:
    content = rebuilt(sheet(), extra_strings=spreadsheets.MAX_SHARED_STRINGS + 1)
    assert len(content) < 2 * 1024 * 1024  # a small upload...
    return content


def importers(root):
    return {
        "org": lambda source: org_import_workbook(actor=root, source=source),
        "catalogue": lambda source: catalogue_import(actor=root, source=source),
        "assets": lambda source: asset_import_workbook(actor=root, source=source),
        "contracts": lambda source: contract_import_workbook(actor=root, source=source),
        "households": lambda source: households_import(actor=root, source=source),
        "targets": lambda source: read_targets(viewer=root, source=source),
        "calendar": calendar_entries_from_workbook,
    }


@pytest.mark.parametrize(
    "importer", ["org", "catalogue", "assets", "contracts", "households", "targets", "calendar"]
)
def test_every_importer_refuses_a_shared_strings_bomb_before_parsing(db, importer, strings_bomb, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a workbook beyond the limits")

    monkeypatch.setattr(spreadsheets, "load_workbook", never)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    units = Unit.objects.count()
    with pytest.raises(ValidationFailed, match="不同文字过多"):
        importers(root)[importer](BytesIO(strings_bomb))
    assert Unit.objects.count() == units


@pytest.mark.parametrize(
    ("limit", "value", "content", "message"),
    [
        ("MAX_WORKBOOK_BYTES", 4096, lambda: rebuilt(sheet(300)), "文件过大"),
        (
            "MAX_UNCOMPRESSED_BYTES",
            1024 * 1024,
            lambda: rebuilt(sheet(), padding=2 * 1024 * 1024),
            "解压后过大",
        ),
        ("MAX_SHARED_STRINGS_BYTES", 1024, lambda: rebuilt(sheet(), extra_strings=100), "共享字符串"),
        ("MAX_ROWS", 50, lambda: sheet(51), "超过 50 行"),
    ],
)
def test_each_limit_is_refused_with_a_chinese_message(db, monkeypatch, limit, value, content, message):
    monkeypatch.setattr(spreadsheets, limit, value)
    with pytest.raises(ValidationFailed, match=message):
        org_import_workbook(actor=None, source=BytesIO(content()))


def test_a_workbook_at_the_row_limit_is_read(db, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 50)
    rows = list(spreadsheets.read_sheet(BytesIO(sheet(50)), sheet=None, required_columns=["名称"]))
    assert len(rows) == 50


def test_a_village_cadre_posting_a_bomb_to_the_asset_import_sees_why(client, township, strings_bomb):
    client.force_login(township.village_cadre.user)
    upload = BytesIO(strings_bomb)
    upload.name = "资产.xlsx"
    response = client.post("/collective/assets/import/", {"workbook": upload}, follow=True)
    assert response.status_code == 200
    assert "不同文字过多" in response.content.decode()


def test_the_org_import_page_lists_200_errors_and_counts_the_rest(client, township):
    rows = [[f"坏村{n}", "不存在的层级", "生机镇"] for n in range(260)]
    content = write_workbook({"单位": (["名称", "层级", "上级"], rows)})
    with pytest.raises(ImportFailed) as failure:
        org_import_workbook(actor=township.town_leader.user, source=BytesIO(content))
    assert len(failure.value.errors) == 201
    assert "共 260 处错误" in failure.value.message
    assert "另有 60 处错误未列出" in failure.value.errors[-1]
    client.force_login(township.town_leader.user)
    upload = BytesIO(content)
    upload.name = "单位.xlsx"
    page = client.post("/org/import/", {"workbook": upload}).content.decode()
    assert page.count("不存在的层级") <= 200 and "另有 60 处错误未列出" in page
