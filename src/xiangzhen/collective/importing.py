"""Import of the 清产核资 ledgers from Excel: every row is checked, and one bad row refuses the whole file."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.collective.models import (
    AssetKind,
    CollectiveAsset,
    Contract,
    CounterpartyKind,
    PaymentCycle,
)
from xiangzhen.collective.services import EARLIEST_ACQUISITION, ContractTerms, contract_insert
from xiangzhen.collective.values import choice_by_label, parse_required_amount
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.importing import ImportFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import cadre_of, visible_units
from xiangzhen.parsing import parse_date, parse_required_date
from xiangzhen.spreadsheets import SheetRow, read_sheet
from xiangzhen.validators import text_problems

ASSET_COLUMNS = ["村(社区)", "资产名称", "类别", "价值(万元)", "取得日期", "备注"]
ASSET_REQUIRED = ASSET_COLUMNS[:4]
CONTRACT_COLUMNS = [
    "村(社区)",
    "合同编号",
    "合同名称",
    "承包方",
    "承包方类型",
    "标的",
    "起始日期",
    "截止日期",
    "合同金额(元)",
    "付款方式",
]
# A village's ledger, or a whole town's; a bigger file is split by town.
MAX_ROWS = 20_000

Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class ImportReport:
    created: int
    villages: int

    def summary(self) -> str:
        return f"{self.villages} 个村共 {self.created} 条"


class _Villages:
    """Villages the actor may change, found by name (or "乡镇/村" when two towns share a village name)."""

    def __init__(self, actor: User) -> None:
        self.by_name: dict[str, list[Unit]] = {}
        villages = list(visible_units(actor).filter(level=UnitLevel.VILLAGE))
        towns = dict(Unit.objects.filter(level=UnitLevel.TOWN).values_list("path", "name"))
        for village in villages:
            self.by_name.setdefault(village.name, []).append(village)
            for path, town in towns.items():
                if village.path.startswith(path):
                    self.by_name.setdefault(f"{town}/{village.name}", []).append(village)

    def get(self, name: str) -> Unit:
        found = self.by_name.get(name.strip(), [])
        if not found:
            raise ValidationFailed(f"没有名为“{name}”的村(社区),或不在您的管辖范围内")
        if len(found) > 1:
            raise ValidationFailed(f"有多个“{name}”,请写成“乡镇/村”")
        return found[0]


def _checked_rows(rows: Iterable[SheetRow], parse: Callable[[SheetRow], Parsed]) -> list[Parsed]:
    parsed: list[Parsed] = []
    errors: list[str] = []
    for row in rows:
        if len(parsed) + len(errors) >= MAX_ROWS:
            raise ValidationFailed(f"一次最多导入 {MAX_ROWS} 行,请按乡镇分开导入")
        try:
            parsed.append(parse(row))
        except ValidationFailed as error:
            errors.append(f"第 {row.number} 行:{error.message}")
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ValidationFailed("文件中没有数据行")
    return parsed


@transaction.atomic
def asset_import_workbook(*, actor: User, source: IO[bytes]) -> ImportReport:
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    villages = _Villages(actor)
    today = timezone.localdate()

    def parse(row: SheetRow) -> CollectiveAsset:
        values = row.values
        name, note = values.get("资产名称", ""), values.get("备注", "")
        problems = text_problems(("资产名称", name, 100), ("备注", note, 200))
        if problems:
            raise ValidationFailed(";".join(problems))
        if not name:
            raise ValidationFailed("资产名称不能为空")
        acquired_on = parse_date(
            values.get("取得日期"), "取得日期", earliest=EARLIEST_ACQUISITION, latest=today
        )
        return CollectiveAsset(
            village=villages.get(values.get("村(社区)", "")),
            name=name,
            kind=choice_by_label(AssetKind, values.get("类别", ""), "类别"),
            value=parse_required_amount(values.get("价值(万元)"), "价值(万元)"),
            acquired_on=acquired_on,
            note=note,
            created_by=actor,
        )

    assets = _checked_rows(read_sheet(source, sheet=None, required_columns=ASSET_REQUIRED), parse)
    CollectiveAsset.objects.bulk_create(assets, batch_size=1000)
    total = sum((asset.value for asset in assets), Decimal(0))
    report = ImportReport(len(assets), len({asset.village_id for asset in assets}))
    audit_record(
        actor=actor,
        action="collective_asset.import",
        target=None,
        object_type=CollectiveAsset._meta.label_lower,
        object_repr=f"导入集体资产 {report.summary()}",
        changes={"rows": [None, report.created], "value": [None, str(total)]},
    )
    return report


@transaction.atomic
def contract_import_workbook(*, actor: User, source: IO[bytes]) -> ImportReport:
    """Contracts with their payment schedules; the importing cadre answers for them until reassigned."""
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    villages = _Villages(actor)
    seen: set[tuple[int, str]] = set()

    def parse(row: SheetRow) -> tuple[Unit, ContractTerms]:
        values = row.values
        village = villages.get(values.get("村(社区)", ""))
        terms = ContractTerms(
            number=values.get("合同编号", ""),
            title=values.get("合同名称", ""),
            counterparty=values.get("承包方", ""),
            counterparty_kind=choice_by_label(CounterpartyKind, values.get("承包方类型", ""), "承包方类型"),
            subject=values.get("标的", ""),
            starts_on=parse_required_date(values.get("起始日期"), "起始日期"),
            ends_on=parse_required_date(values.get("截止日期"), "截止日期", earliest=date(2000, 1, 2)),
            amount=parse_required_amount(values.get("合同金额(元)"), "合同金额(元)"),
            payment_cycle=choice_by_label(PaymentCycle, values.get("付款方式", ""), "付款方式"),
        )
        problems = terms.problems()
        key = (village.pk, terms.number.strip())
        if key in seen:
            problems.append(f"合同编号“{terms.number}”在文件中重复")
        elif Contract.objects.filter(village=village, number=terms.number.strip()).exists():
            problems.append(f"{village.name}已有编号为“{terms.number}”的合同")
        seen.add(key)
        if problems:
            raise ValidationFailed(";".join(problems))
        return village, terms

    rows = _checked_rows(read_sheet(source, sheet=None, required_columns=CONTRACT_COLUMNS), parse)
    responsible = cadre_of(actor)
    for village, terms in rows:
        contract_insert(actor=actor, village=village, terms=terms, responsible=responsible, resource=None)
    return ImportReport(len(rows), len({village.pk for village, _ in rows}))
