"""The service catalogue (办事指南) as an .xlsx workbook: export, and all-or-nothing import."""

from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction

from xiangzhen.audit.services import audit_record
from xiangzhen.errors import NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import Unit
from xiangzhen.org.permissions import Action, permission_require, user_is_administrator
from xiangzhen.services.models import (
    CATALOGUE_OWNER_LEVELS,
    MaterialForm,
    ServiceItem,
    ServiceItemMaterial,
    ServiceLevel,
)
from xiangzhen.services.selectors import catalogue_owner_units
from xiangzhen.spreadsheets import listed_errors, read_sheet, write_workbook

ITEM_SHEET = "事项"
MATERIAL_SHEET = "材料"
ITEM_COLUMNS = [
    "事项编码",
    "事项名称",
    "办理层级",
    "部门窗口",
    "承诺时限",
    "法定时限",
    "收费",
    "设定依据",
    "办理流程",
]
MATERIAL_COLUMNS = ["事项编码", "材料名称", "形式", "份数", "可容缺"]
LEVELS_BY_LABEL = {str(label): value for value, label in ServiceLevel.choices} | {
    "村": ServiceLevel.VILLAGE,
    "社区": ServiceLevel.VILLAGE,
    "片区": ServiceLevel.DISTRICT,
    "乡镇": ServiceLevel.TOWN,
    "镇": ServiceLevel.TOWN,
    "县": ServiceLevel.COUNTY,
}
FORMS_BY_LABEL = {str(label): value for value, label in MaterialForm.choices}


@dataclass
class CatalogueReport:
    created: int = 0
    updated: int = 0
    materials: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"新增事项 {self.created} 项、更新 {self.updated} 项、材料 {self.materials} 条"


class CatalogueImportFailed(ValidationFailed):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"导入失败,共 {len(errors):,} 处错误,未导入任何数据")
        self.errors = listed_errors(errors)


def catalogue_export(*, owner_unit: Unit | None = None) -> bytes:
    """Every item, or with `owner_unit` only that unit's own items (the file its leaders edit and re-import)."""
    items = ServiceItem.objects.prefetch_related("materials").order_by("code")
    if owner_unit is not None:
        items = items.filter(owner_unit=owner_unit)
    return write_workbook(
        {
            ITEM_SHEET: (
                ITEM_COLUMNS,
                [
                    [
                        item.code,
                        item.name,
                        item.get_level_display(),
                        item.department,
                        item.promised_days,
                        item.legal_days,
                        item.fee,
                        item.legal_basis,
                        item.guide,
                    ]
                    for item in items
                ],
            ),
            MATERIAL_SHEET: (
                MATERIAL_COLUMNS,
                [
                    [
                        item.code,
                        material.name,
                        material.get_form_display(),
                        material.copies,
                        "是" if material.may_follow_later else "否",
                    ]
                    for item in items
                    for material in item.materials.all()
                ],
            ),
        }
    )


def _days(text: str, label: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{label}应为正整数(工作日)")
    return int(text)


def _ensure_may_edit_catalogue(actor: User | None, owner_unit: Unit | None) -> None:
    """`actor=None` is the system (demo loader, fixtures). A person needs a role that manages the catalogue
    and the owning unit in their jurisdiction; the province-wide catalogue is the administrator's."""
    if actor is None:
        if owner_unit is not None and owner_unit.level not in CATALOGUE_OWNER_LEVELS:
            raise ValidationFailed("事项目录只能属于县或乡镇")
        return
    permission_require(actor, Action.MANAGE_CATALOGUE)
    if owner_unit is None:
        if not user_is_administrator(actor):
            raise PermissionDenied("省级通用事项只有系统管理员可以修改,请选择本县或本镇的目录")
        return
    if owner_unit.level not in CATALOGUE_OWNER_LEVELS:
        raise ValidationFailed("事项目录只能属于县或乡镇")
    if not catalogue_owner_units(actor).filter(pk=owner_unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")


@transaction.atomic
def catalogue_import(
    *, actor: User | None, source: IO[bytes], owner_unit: Unit | None = None
) -> CatalogueReport:
    """Create or update every item of the file in `owner_unit`'s catalogue (none: the province-wide one) and
    replace their materials. An item of another unit's catalogue is not touched: any error imports nothing."""
    _ensure_may_edit_catalogue(actor, owner_unit)
    owners = dict(ServiceItem.objects.values_list("code", "owner_unit__name"))
    owner_ids = dict(ServiceItem.objects.values_list("code", "owner_unit_id"))
    owner_id = owner_unit.pk if owner_unit is not None else None
    report = CatalogueReport()
    parsed: dict[str, dict[str, object]] = {}
    for row in read_sheet(source, sheet=ITEM_SHEET, required_columns=ITEM_COLUMNS[:6]):
        values = row.values
        try:
            code = values["事项编码"]
            if not code or not values.get("事项名称"):
                raise ValueError("事项编码和名称不能为空")
            if code in parsed:
                raise ValueError(f"事项编码 {code} 重复")
            if code in owner_ids and owner_ids[code] != owner_id:
                raise ValueError(
                    f"事项编码 {code} 属于“{owners[code] or '省级通用'}”的目录,不能在"
                    f"“{owner_unit.name if owner_unit else '省级通用'}”的目录中修改"
                )
            level = LEVELS_BY_LABEL.get(values.get("办理层级", ""))
            if level is None:
                raise ValueError(f"办理层级“{values.get('办理层级', '')}”无法识别(可填 村、片区、乡镇、县)")
            promised = _days(values.get("承诺时限", ""), "承诺时限")
            legal = _days(values.get("法定时限", ""), "法定时限")
            if promised > legal:
                raise ValueError("承诺时限不能长于法定时限")
        except ValueError as error:
            report.errors.append(f"“{ITEM_SHEET}”第 {row.number} 行:{error}")
            continue
        parsed[code] = {
            "name": values["事项名称"],
            "level": level,
            "department": values.get("部门窗口", ""),
            "promised_days": promised,
            "legal_days": legal,
            "fee": values.get("收费") or "不收费",
            "legal_basis": values.get("设定依据", ""),
            "guide": values.get("办理流程", ""),
            "owner_unit": owner_unit,
        }
    source.seek(0)
    materials: dict[str, list[ServiceItemMaterial]] = {code: [] for code in parsed}
    for row in read_sheet(source, sheet=MATERIAL_SHEET, required_columns=MATERIAL_COLUMNS[:2], optional=True):
        values = row.values
        code = values["事项编码"]
        form = FORMS_BY_LABEL.get(values.get("形式") or "复印件")
        copies = values.get("份数") or "1"
        if code not in parsed:
            report.errors.append(
                f"“{MATERIAL_SHEET}”第 {row.number} 行:事项编码 {code} 不在“{ITEM_SHEET}”表中"
            )
        elif not values["材料名称"] or form is None or not copies.isdigit():
            report.errors.append(
                f"“{MATERIAL_SHEET}”第 {row.number} 行:材料名称、形式(原件/复印件/原件及复印件)或份数不正确"
            )
        elif any(material.name == values["材料名称"] for material in materials[code]):
            report.errors.append(
                f"“{MATERIAL_SHEET}”第 {row.number} 行:{code} 的材料“{values['材料名称']}”重复"
            )
        else:
            materials[code].append(
                ServiceItemMaterial(
                    name=values["材料名称"],
                    form=form,
                    copies=int(copies),
                    position=len(materials[code]),
                    may_follow_later=values.get("可容缺", "否") in {"是", "可", "Y", "y", "1"},
                )
            )
    if report.errors:
        raise CatalogueImportFailed(report.errors)
    for code, fields in parsed.items():
        item, created = ServiceItem.objects.update_or_create(code=code, defaults=fields)
        report.created += created
        report.updated += not created
        item.materials.all().delete()
        for material in materials[code]:
            material.item = item
        ServiceItemMaterial.objects.bulk_create(materials[code])
        report.materials += len(materials[code])
    audit_record(
        actor=actor,
        action="service_catalogue.import",
        unit=owner_unit,
        target=None,
        object_type="services.serviceitem",
        object_repr=f"服务事项目录({owner_unit.name if owner_unit else '省级通用'})",
        changes={"summary": [None, report.summary()]},
    )
    return report
