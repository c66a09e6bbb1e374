"""Reading and writing .xlsx files: government data lives in Excel."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any
from urllib.parse import quote
from xml.etree import ElementTree
from zipfile import BadZipFile, ZipFile

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xiangzhen.errors import ValidationFailed


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number a person sees in Excel
    values: dict[str, str]


def read_sheet(
    source: IO[bytes], *, sheet: str | None, required_columns: Sequence[str], optional: bool = False
) -> Iterator[SheetRow]:
    """Rows of a sheet as `{header: text}`, read in streaming mode so memory stays flat.

    An `optional` sheet that the workbook lacks yields no rows."""
    if optional and sheet is not None and sheet not in _sheet_names(source):
        return
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise ValidationFailed("无法读取文件,请上传 Excel(.xlsx)文件") from error
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        elif optional:
            return
        else:
            raise ValidationFailed(f"文件中没有名为“{sheet}”的工作表")
        rows = worksheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        headers = [_text(cell) for cell in (header_row or ())]
        missing = [column for column in required_columns if column not in headers]
        if missing:
            raise ValidationFailed(f"工作表“{worksheet.title}”缺少列:{'、'.join(missing)}")
        for number, row in enumerate(rows, start=2):
            values = {header: _text(cell) for header, cell in zip(headers, row, strict=False) if header}
            if any(values.values()):
                yield SheetRow(number, values)
    finally:
        workbook.close()


def _sheet_names(source: IO[bytes]) -> list[str]:
    """The workbook's sheet names from its index alone: loading the workbook reads every shared string
    first, seconds for a sheet of 100,000 rows, to learn that an optional sheet is not there."""
    try:
        with ZipFile(source) as archive:
            index = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise ValidationFailed("无法读取文件,请上传 Excel(.xlsx)文件") from error
    finally:
        source.seek(0)
    return [str(found.get("name")) for found in index.iter(f"{{{SPREADSHEET_NAMESPACE}}}sheet")]


SPREADSHEET_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "date") and callable(cell.date):
        return str(cell.date())
    return str(cell).strip()


# Text a spreadsheet program would read as a formula (or as the start of one, once a person edits the cell):
# a petitioner named "=HYPERLINK(...)" must not become a live link or a command in a leader's Excel.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _export_cell(worksheet: WriteOnlyWorksheet, value: Any) -> Any:
    if not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)):
        return value
    cell = WriteOnlyCell(worksheet, value)
    # Stored as a plain string with Excel's "quote prefix" flag: shown exactly as typed, never evaluated,
    # and still text after someone edits it. The value itself is unchanged (no apostrophe added).
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def write_workbook(sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """An .xlsx of the given sheets; every text cell that could be read as a formula is written as text."""
    workbook = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        worksheet = workbook.create_sheet(title)
        worksheet.append([_export_cell(worksheet, header) for header in headers])
        for row in rows:
            worksheet.append([_export_cell(worksheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of `content` named `filename`.xlsx (Chinese names survive through RFC 5987 encoding)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
