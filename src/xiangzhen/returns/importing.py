"""A county's return template read from an upload: a JSON file, or an .xlsx whose first row is the headers
and whose second row names the source field under each header. Every mistake is reported with where it is
(第几列, or 第几行第几列) in Chinese; nothing is saved unless the whole template is right."""

import json
import re
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl.utils import get_column_letter

from xiangzhen.errors import ValidationFailed
from xiangzhen.returns.periods import PeriodKind
from xiangzhen.returns.sources import SOURCES
from xiangzhen.spreadsheets import listed_errors, workbook_check

MAX_COLUMNS = 60
MAX_TEMPLATE_BYTES = 256 * 1024
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass
class DraftColumn:
    where: str  # "第 3 列" or "第 2 行 C 列"
    header: str
    field: str


@dataclass
class TemplateDraft:
    code: str
    name: str
    period: str
    source: str
    columns: list[DraftColumn] = field(default_factory=list)


class TemplateInvalid(ValidationFailed):
    """A template with mistakes: `errors` lists each one with its place."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = listed_errors(errors)
        super().__init__("报表模板有误:" + ";".join(self.errors))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def template_from_json(source: IO[bytes]) -> TemplateDraft:
    """{"code", "name", "period": "monthly"|"quarterly", "source", "columns": [{"header", "field"}, …]}"""
    content = source.read(MAX_TEMPLATE_BYTES + 1)
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateInvalid([f"文件过大,报表模板不能超过 {MAX_TEMPLATE_BYTES // 1024} KB"])
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise TemplateInvalid(["文件不是 UTF-8 编码的 JSON"]) from error
    except json.JSONDecodeError as error:
        raise TemplateInvalid(
            [f"JSON 格式错误:第 {error.lineno} 行第 {error.colno} 列,{error.msg}"]
        ) from error
    if not isinstance(data, dict):
        raise TemplateInvalid(["JSON 应为一个对象,含 code、name、period、source 和 columns"])
    columns = data.get("columns")
    errors: list[str] = []
    if not isinstance(columns, list):
        errors.append('缺少 columns(列的清单),应为 [{"header": 表头, "field": 字段}, …]')
        columns = []
    draft = TemplateDraft(
        code=_text(data.get("code")),
        name=_text(data.get("name")),
        period=_text(data.get("period")),
        source=_text(data.get("source")),
    )
    for number, column in enumerate(columns, start=1):
        if not isinstance(column, dict):
            errors.append(f"第 {number} 列:应为含 header 和 field 的对象")
            continue
        draft.columns.append(
            DraftColumn(f"第 {number} 列", _text(column.get("header")), _text(column.get("field")))
        )
    if errors:
        raise TemplateInvalid(errors + template_errors(draft, check_columns=bool(draft.columns)))
    return draft


def template_from_xlsx(
    source: IO[bytes], *, code: str, name: str, period: str, source_code: str
) -> TemplateDraft:
    """Row 1: the headers of the county's form; row 2: under each header, the source field (its name or
    its Chinese label) that fills the column."""
    from openpyxl import load_workbook

    workbook_check(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise TemplateInvalid(["无法读取文件,请上传 Excel(.xlsx)文件"]) from error
    try:
        rows = workbook.worksheets[0].iter_rows(
            min_row=1, max_row=2, max_col=MAX_COLUMNS + 1, values_only=True
        )
        headers = [_text(cell) for cell in next(rows, ())]
        fields = [_text(cell) for cell in next(rows, ())]
    finally:
        workbook.close()
    draft = TemplateDraft(
        code=code.strip(), name=name.strip(), period=period.strip(), source=source_code.strip()
    )
    for position in range(max(len(headers), len(fields))):
        header = headers[position] if position < len(headers) else ""
        mapped = fields[position] if position < len(fields) else ""
        if header or mapped:
            letter = get_column_letter(position + 1)
            draft.columns.append(DraftColumn(f"第 1–2 行 {letter} 列", header, mapped))
    return draft


def template_errors(draft: TemplateDraft, *, check_columns: bool = True) -> list[str]:
    """Every mistake of the draft, each with its place; empty when the template can be saved."""
    errors: list[str] = []
    if not CODE.match(draft.code):
        errors.append("编号:应为 1–40 位字母、数字、- 或 _,以字母或数字开头,如 XJ-FFP-01")
    if not draft.name:
        errors.append("报表名称:不能为空")
    elif len(draft.name) > 100:
        errors.append("报表名称:不能超过 100 字")
    if draft.period not in PeriodKind.values:
        errors.append(f"报送周期:应为 monthly(月报)或 quarterly(季报),收到“{draft.period[:20]}”")
    source = SOURCES.get(draft.source)
    if source is None:
        choices = "、".join(f"{code}({item.label})" for code, item in SOURCES.items())
        errors.append(f"数据来源:“{draft.source[:30]}”不存在,可选 {choices}")
    if not check_columns:
        return errors
    if not draft.columns:
        errors.append("报表至少要有一列")
    if len(draft.columns) > MAX_COLUMNS:
        errors.append(f"报表最多 {MAX_COLUMNS} 列,收到 {len(draft.columns)} 列")
    seen: dict[str, str] = {}
    index = source.field_index() if source is not None else {}
    for column in draft.columns[:MAX_COLUMNS]:
        if not column.header:
            errors.append(f"{column.where}:表头不能为空")
        elif len(column.header) > 60:
            errors.append(f"{column.where}:表头不能超过 60 字")
        elif column.header in seen:
            errors.append(f"{column.where}:表头“{column.header}”与{seen[column.header]}重复")
        else:
            seen[column.header] = column.where
        if not column.field:
            errors.append(f"{column.where}:未指定字段")
        elif source is not None and column.field not in index:
            errors.append(
                f"{column.where}:“{column.field[:30]}”不是“{source.label}”的字段,可选:{source.field_list_text()}"
            )
    return errors


def field_name(source_code: str, field_or_label: str) -> str:
    """The field's name, whether the county wrote its name or its Chinese label."""
    source = SOURCES[source_code]
    return source.fields[source.field_index()[field_or_label]].name
