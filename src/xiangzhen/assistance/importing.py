"""Households from .xlsx, one row per person (as the national monitoring system exports them): every row
is checked and the whole file is refused, with row-numbered messages, if any row is wrong."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction

from xiangzhen.assistance.models import Cause, DiscoveryChannel, HouseholdCategory, PairingKind
from xiangzhen.assistance.services import MemberInput, household_register
from xiangzhen.errors import DomainError
from xiangzhen.org.importing import ImportFailed
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import assignable_cadres, visible_units
from xiangzhen.spreadsheets import SheetRow, read_sheet

COLUMNS = [
    "户编号",
    "村(社区)",
    "姓名",
    "与户主关系",
    "身份证号",
    "联系电话",
    "劳动能力",
    "监测类型",
    "发现方式",
    "风险类型",
    "帮扶责任人",
    "结对方式",
    "评议日期",
    "公示开始日期",
]
REQUIRED = ["户编号", "村(社区)", "姓名", "与户主关系"]
HEAD = "户主"
# Text read from the 劳动能力 column as "has labour".
LABOUR_WORDS = {"有", "是", "有劳动能力", "普通劳动力", "技能劳动力", "弱劳动力"}
MAX_ROWS = 5000


@dataclass
class _Household:
    first_row: int
    head: SheetRow | None = None
    members: list[MemberInput] = field(default_factory=list)


def _choice(text: str, choices: Iterable[tuple[str, object]]) -> str | None:
    labels = {str(label): value for value, label in choices}
    return labels.get(text.strip())


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def households_import(*, actor: User, source: IO[bytes]) -> int:
    """Import every household of the file or none; answers how many households were registered."""
    permission_require(actor, Action.RECORD_ASSISTANCE)
    errors: list[str] = []
    villages: dict[str, list[Unit]] = defaultdict(list)
    for village in visible_units(actor).filter(level=UnitLevel.VILLAGE):
        villages[village.name].append(village)
    cadres: dict[str, list[Cadre]] = defaultdict(list)
    for cadre in assignable_cadres(actor):
        cadres[cadre.name].append(cadre)
    causes = {cause.name: cause for cause in Cause.objects.all()}
    households: dict[str, _Household] = {}
    rows = 0
    for row in read_sheet(source, sheet=None, required_columns=REQUIRED):
        rows += 1
        if rows > MAX_ROWS:
            raise ImportFailed([f"一次最多导入 {MAX_ROWS} 行,请分批导入"])
        values = row.values
        key = values.get("户编号", "")
        if not key:
            errors.append(f"第 {row.number} 行:户编号不能为空")
            continue
        household = households.setdefault(key, _Household(row.number))
        relation = values.get("与户主关系", "")
        if relation == HEAD:
            if household.head is not None:
                errors.append(f"第 {row.number} 行:户编号 {key} 已有户主(第 {household.head.number} 行)")
            household.head = row
        household.members.append(
            MemberInput(
                name=values.get("姓名", ""),
                relation=relation,
                id_number=values.get("身份证号", ""),
                is_labour=values.get("劳动能力", "") in LABOUR_WORDS,
            )
        )
    if rows == 0:
        raise ImportFailed(["文件中没有数据行"])
    plans = []
    for key, household in households.items():
        head = household.head
        if head is None:
            errors.append(f"第 {household.first_row} 行:户编号 {key} 没有“与户主关系”为“户主”的行")
            continue
        values, number = head.values, head.number
        problems = []
        village_name = values.get("村(社区)", "")
        matches = villages.get(village_name, [])
        if not matches:
            problems.append(f"找不到您管辖范围内的村(社区)“{village_name}”")
        elif len(matches) > 1:
            problems.append(f"有多个名为“{village_name}”的村(社区)")
        category = _choice(values.get("监测类型", ""), HouseholdCategory.choices)
        if category is None:
            problems.append("监测类型应为 脱贫不稳定户、边缘易致贫户 或 突发严重困难户")
        channel = _choice(values.get("发现方式", ""), DiscoveryChannel.choices)
        if channel is None:
            problems.append("发现方式应为 农户申请、乡村干部走访排查 或 部门筛查预警")
        pairing = _choice(values.get("结对方式", "") or str(PairingKind.CADRE.label), PairingKind.choices)
        if pairing is None:
            problems.append("结对方式应为 第一责任人结对 或 干部结对")
        cause_names = [name.strip() for name in values.get("风险类型", "").replace(",", "、").split("、")]
        unknown = [name for name in cause_names if name and name not in causes]
        if unknown:
            problems.append(f"风险类型“{'、'.join(unknown)}”不在标准列表中")
        if not any(cause_names):
            problems.append("风险类型不能为空")
        cadre_name = values.get("帮扶责任人", "")
        responsible = cadres.get(cadre_name, [])
        if not responsible:
            problems.append(f"找不到帮扶责任人“{cadre_name}”")
        elif len(responsible) > 1:
            problems.append(f"有多名干部叫“{cadre_name}”,请在系统中调整后再导入")
        reviewed_on = _date(values.get("评议日期", ""))
        publicity_from = _date(values.get("公示开始日期", ""))
        if reviewed_on is None or publicity_from is None:
            problems.append("评议日期和公示开始日期应为 年-月-日,如 2026-03-01")
        if problems:
            errors.extend(f"第 {number} 行:{problem}" for problem in problems)
            continue
        assert category and channel and pairing and reviewed_on and publicity_from  # checked above
        plans.append(
            (
                number,
                {
                    "village": matches[0],
                    "head_name": values.get("姓名", ""),
                    "head_id_number": values.get("身份证号", ""),
                    "phone": values.get("联系电话", ""),
                    "category": category,
                    "channel": channel,
                    "causes": [causes[name] for name in cause_names if name],
                    "responsible": responsible[0],
                    "pairing": pairing,
                    "members": household.members,
                    "reviewed_on": reviewed_on,
                    "publicity_from": publicity_from,
                },
            )
        )
    if errors:
        raise ImportFailed(errors)
    return _register_all(actor, plans)


@transaction.atomic
def _register_all(actor: User, plans: list[tuple[int, dict[str, object]]]) -> int:
    # The service checks the rest (ID numbers, dates, pairing load counted with the rows before); the
    # first refusal names its row and the transaction leaves nothing behind.
    errors = []
    for number, plan in plans:
        try:
            with transaction.atomic():
                household_register(actor=actor, **plan)  # type: ignore[arg-type]  # keys checked above
        except DomainError as error:
            errors.append(f"第 {number} 行:{error.message}")
    if errors:
        raise ImportFailed(errors)
    return len(plans)
