"""Reading and writing .xlsx files: government data lives in Excel."""

import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any
from urllib.parse import quote
from xml.etree import ElementTree
from zipfile import BadZipFile, ZipFile, ZipInfo

from django.http import FileResponse, HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from xiangzhen.errors import ValidationFailed

# Limits every imported workbook meets before openpyxl parses it. An .xlsx is a zip of XML parts: a 1.66 MB
# upload can hold hundreds of megabytes of shared strings, which openpyxl keeps in memory even in read-only
# mode. The zip's central directory gives each part's uncompressed size, and zipfile never inflates a part
# past that size, so checking the directory bounds what parsing can cost.
MAX_WORKBOOK_BYTES = 25 * 1024 * 1024  # the upload itself
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # all parts together
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024  # xl/sharedStrings.xml
MAX_SHARED_STRINGS = 1_000_000  # distinct texts (counted, not taken from the file's own claim)
MAX_ROWS = 100_000  # data rows of one sheet (the header not counted)
# The error list of a failed import shows this many lines and then how many more there are.
MAX_LISTED_ERRORS = 200

SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?si[\s/>]")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _file_size(source: IO[bytes]) -> int:
    position = source.tell()
    size = source.seek(0, 2)
    source.seek(position)
    return size


def _count_shared_strings(archive: ZipFile, part: ZipInfo) -> int:
    """The <si> items of the shared-strings part, counted while inflating it in chunks (memory stays flat)."""
    count = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1024 * 1024):
            window = tail + chunk
            # A tag lying wholly in the carried-over tail was counted with the previous chunk.
            count += sum(1 for found in _STRING_ITEM.finditer(window) if found.end() > len(tail))
            tail = window[-32:]
    return count


def workbook_check(source: IO[bytes]) -> None:
    """Refuse, with a Chinese message, a workbook beyond the limits above; leave `source` at its start."""
    try:
        size = _file_size(source)
        if size > MAX_WORKBOOK_BYTES:
            raise ValidationFailed(
                f"文件过大({_megabytes(size)}),导入的 Excel 文件不能超过 {_megabytes(MAX_WORKBOOK_BYTES)},请分批导入"
            )
        try:
            with ZipFile(source) as archive:
                parts = archive.infolist()
                total = sum(part.file_size for part in parts)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise ValidationFailed(
                        f"文件解压后过大({_megabytes(total)},上限 {_megabytes(MAX_UNCOMPRESSED_BYTES)}),"
                        "可能不是正常的 Excel 文件,请另存为新的 .xlsx 或分批导入"
                    )
                shared = next((part for part in parts if part.filename == SHARED_STRINGS_PART), None)
                if shared is not None:
                    if shared.file_size > MAX_SHARED_STRINGS_BYTES:
                        raise ValidationFailed(
                            f"文件中的文字内容过多(共享字符串 {_megabytes(shared.file_size)},上限 "
                            f"{_megabytes(MAX_SHARED_STRINGS_BYTES)}),请分批导入"
                        )
                    strings = _count_shared_strings(archive, shared)
                    if strings > MAX_SHARED_STRINGS:
                        raise ValidationFailed(
                            f"文件中的不同文字过多({strings:,} 项,上限 {MAX_SHARED_STRINGS:,} 项),请分批导入"
                        )
        except (BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
            raise ValidationFailed("无法读取文件,请上传 Excel(.xlsx)文件") from error
    finally:
        source.seek(0)


def listed_errors(errors: Sequence[str]) -> list[str]:
    """The first MAX_LISTED_ERRORS errors of a failed import, then one line saying how many more there are:
    a page of 200,000 errors helps no one and costs megabytes."""
    if len(errors) <= MAX_LISTED_ERRORS:
        return list(errors)
    hidden = len(errors) - MAX_LISTED_ERRORS
    return [*errors[:MAX_LISTED_ERRORS], f"……另有 {hidden:,} 处错误未列出,请先改正以上错误后重新导入"]


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number a person sees in Excel
    values: dict[str, str]


def read_sheet(
    source: IO[bytes], *, sheet: str | None, required_columns: Sequence[str], optional: bool = False
) -> Iterator[SheetRow]:
    """Rows of a sheet as `{header: text}`, read in streaming mode so memory stays flat.

    The workbook is checked against the limits above before it is parsed, and a sheet with more than
    MAX_ROWS rows is refused when its next row is read. An `optional` sheet that the workbook lacks yields
    no rows."""
    workbook_check(source)
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
            if number > MAX_ROWS + 1:
                raise ValidationFailed(
                    f"工作表“{worksheet.title}”超过 {MAX_ROWS:,} 行,一次最多导入 {MAX_ROWS:,} 行,请分批导入"
                )
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


Sheets = dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]


def _save_workbook(sheets: Sheets, target: IO[bytes]) -> None:
    """Write the sheets row by row: openpyxl's write-only mode spools each sheet to a temporary file and
    writes text inline (no shared-strings table), so only the row at hand is in memory, whatever the size."""
    workbook = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        worksheet = workbook.create_sheet(title)
        worksheet.append([_export_cell(worksheet, header) for header in headers])
        for row in rows:
            worksheet.append([_export_cell(worksheet, value) for value in row])
    workbook.save(target)


def write_workbook(sheets: Sheets) -> bytes:
    """An .xlsx of the given sheets in memory, for small files (import templates, a page's worth); every
    text cell that could be read as a formula is written as text. Downloads of records use stream_workbook."""
    buffer = BytesIO()
    _save_workbook(sheets, buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _disposition(filename: str) -> str:
    # Chinese names survive through RFC 5987 encoding.
    return f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of `content` named `filename`.xlsx."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def stream_workbook(sheets: Sheets, filename: str) -> FileResponse:
    """A download of the sheets named `filename`.xlsx, in constant memory at any number of rows and with no
    row cap: the rows (plain tuples, e.g. from `.values_list(...).iterator()`) are written one by one into
    a temporary file, which is then sent in chunks and deleted when the response is closed. An export that
    stopped at a cap would hand a leader an incomplete table without a word."""
    spooled = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        _save_workbook(sheets, spooled)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    response = FileResponse(spooled, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(filename)
    return response


def response_bytes(response: HttpResponse | FileResponse) -> bytes:
    """The body of a download, streamed or not (for tests and callers that need the whole file)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[union-attr, arg-type]
    return bytes(response.content)
