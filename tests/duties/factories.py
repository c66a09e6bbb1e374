from io import BytesIO

from openpyxl import Workbook

from xiangzhen.duties.models import DutyCategory, DutyItem
from xiangzhen.org.models import Unit

HEADER = ["编号", "类别", "事项名称", "领域", "依据", "牵头或承接部门"]


def duty_workbook(*rows: list[str], header: list[str] = HEADER) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def make_duty_item(town: Unit, code: str, category: str = DutyCategory.BASIC, title: str = "") -> DutyItem:
    return DutyItem.objects.create(town=town, code=code, category=category, title=title or f"事项 {code}")
