"""防止返贫动态监测和帮扶: identify (村 → 乡 → 县), pair a cadre, help with measures, visit, record income,
remove the risk only when the rule's conditions hold, and take a household back when it falls back."""

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone

from xiangzhen.assistance.models import (
    PAIRED_STATUSES,
    Cause,
    DiscoveryChannel,
    ExitVerification,
    Household,
    HouseholdCategory,
    HouseholdEvent,
    HouseholdStatus,
    IncomeRecord,
    Measure,
    MeasureKind,
    MeasureStep,
    Member,
    MonitoringLine,
    PairingKind,
    Procedure,
    Review,
    ReviewStep,
    Visit,
)
from xiangzhen.assistance.selectors import (
    household_scope,
    line_setting_provinces,
    monitoring_line_for,
    pairing_load,
    rule_for,
)
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require, user_is_administrator
from xiangzhen.org.selectors import cadre_of, jurisdiction_roots, visible_units
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.transitions import transition
from xiangzhen.validators import MOBILE_PATTERN, mask_name, text_problems, validate_resident_id

LARGEST_AMOUNT = Decimal("99999999")
LARGEST_HOUSEHOLD = 30


@dataclass(frozen=True)
class MemberInput:
    name: str
    relation: str
    id_number: str = ""
    is_labour: bool = False


@dataclass(frozen=True)
class StepInput:
    title: str
    due_date: date


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _event(
    household: Household, kind: str, actor: User | None, at: datetime, note: str, on: date | None = None
) -> None:
    HouseholdEvent.objects.create(
        household=household,
        kind=kind,
        note=note,
        happened_on=on or timezone.localdate(at),
        actor=actor,
        created_at=at,
    )
    audit_record(
        actor=actor,
        action=f"assistance.{kind}",
        target=household,
        unit=household.village,
        changes={"note": [None, note[:100]]},
    )


def _ensure(actor: User, household: Household) -> None:
    if not household_scope(actor).filter(pk=household.pk).exists():
        raise NotFound("监测户不存在或不在您的管辖范围内")


def _raise_if(errors: list[str]) -> None:
    if errors:
        raise ValidationFailed(";".join(errors))


def _date_problems(label: str, value: date, today: date) -> list[str]:
    if value > today:
        return [f"{label}不能晚于今天"]
    if value < EARLIEST_DATE:
        return [f"{label}不能早于 {EARLIEST_DATE.isoformat()}"]
    return []


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month_index + 1, min(day.day, monthrange(year, month_index + 1)[1]))


def _pairing_problems(
    cadre: Cadre, pairing: str, village: Unit, excluding: Household | None = None
) -> list[str]:
    """第一责任人 pairs one to one; any other cadre with at most the rule's number of households."""
    rule = rule_for(village)
    count, has_first = pairing_load(cadre, excluding=excluding)
    if pairing == PairingKind.FIRST_RESPONSIBLE or has_first:
        if count + 1 > rule.first_responsible_households:
            return [
                f"{cadre.name}作为第一责任人结对,最多 {rule.first_responsible_households} 户,已结对 {count} 户"
            ]
    elif count + 1 > rule.cadre_households:
        return [f"{cadre.name}已结对 {count} 户,每名帮扶干部最多 {rule.cadre_households} 户"]
    return []


def _member_problems(members: list[MemberInput]) -> list[str]:
    errors = text_problems(
        *[(f"第 {n} 名成员的姓名", member.name, 50) for n, member in enumerate(members, start=1)],
        *[(f"第 {n} 名成员的关系", member.relation, 20) for n, member in enumerate(members, start=1)],
    )
    if not members:
        errors.append("至少登记一名家庭成员(户主)")
    if len(members) > LARGEST_HOUSEHOLD:
        errors.append(f"家庭成员不能超过 {LARGEST_HOUSEHOLD} 人")
    for number, member in enumerate(members, start=1):
        if not member.name.strip() or not member.relation.strip():
            errors.append(f"第 {number} 名成员的姓名和与户主关系不能为空")
        if member.id_number:
            try:
                validate_resident_id(member.id_number)
            except DjangoValidationError as error:
                errors.append(f"成员{mask_name(member.name)}的{error.messages[0]}")
    return errors


@transaction.atomic
def household_register(
    *,
    actor: User,
    village: Unit,
    head_name: str,
    head_id_number: str,
    phone: str,
    category: str,
    channel: str,
    causes: Iterable[Cause],
    responsible: Cadre,
    pairing: str = PairingKind.CADRE,
    members: Iterable[MemberInput] = (),
    reviewed_on: date,
    publicity_from: date,
    now: datetime | None = None,
) -> Household:
    """A household found by application, visit or screening, after the village's democratic review:
    its 公示 starts on `publicity_from`; the town reviews only after the rule's days of 公示."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    if not visible_units(actor).filter(pk=village.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    head_id_number = head_id_number.strip().upper()
    members = [
        MemberInput(m.name.strip(), m.relation.strip(), m.id_number.strip().upper(), m.is_labour)
        for m in members
        if m.name.strip()
    ]
    errors = text_problems(("户主姓名", head_name, 50), ("联系电话", phone, 20))
    _raise_if(errors)
    errors += _member_problems(members)
    causes = list(causes)
    if village.level != UnitLevel.VILLAGE:
        errors.append("监测户应登记在村(社区)")
    if not head_name.strip():
        errors.append("请填写户主姓名")
    if head_id_number:
        try:
            validate_resident_id(head_id_number)
        except DjangoValidationError as error:
            errors.append(f"户主{error.messages[0]}")
    if phone.strip() and not MOBILE_PATTERN.fullmatch(phone.strip()):
        errors.append("联系电话应为 11 位手机号")
    if category not in HouseholdCategory.values:
        errors.append("请选择监测类型(脱贫不稳定户、边缘易致贫户、突发严重困难户)")
    if channel not in DiscoveryChannel.values:
        errors.append("请选择发现方式(农户申请、乡村干部走访排查、部门筛查预警)")
    if pairing not in PairingKind.values:
        errors.append("请选择结对方式")
    if not causes:
        errors.append("至少选择一项风险类型")
    errors += _date_problems("村级评议日期", reviewed_on, today)
    if publicity_from < reviewed_on:
        errors.append("公示开始日期不能早于评议日期")
    if publicity_from > today + timedelta(days=30):
        errors.append("公示开始日期不能晚于 30 天后")
    if (
        head_id_number
        and household_scope(actor).filter(head_id_number=head_id_number, status__in=PAIRED_STATUSES).exists()
    ):
        errors.append("该户主已在监测中")
    _raise_if(errors)
    _raise_if(_pairing_problems(responsible, pairing, village))
    household = Household.objects.create(
        village=village,
        head_name=head_name.strip(),
        head_id_number=head_id_number,
        phone=phone.strip(),
        category=category,
        channel=channel,
        responsible=responsible,
        pairing=pairing,
        reviewed_on=reviewed_on,
        publicity_from=publicity_from,
        created_by=actor,
    )
    household.causes.set(causes)
    Member.objects.bulk_create(
        Member(
            household=household,
            name=member.name,
            relation=member.relation,
            id_number=member.id_number,
            is_labour=member.is_labour,
        )
        for member in members
    )
    _event(
        household,
        "registered",
        actor,
        at,
        f"{household.get_channel_display()}发现,村级民主评议通过,{publicity_from} 起公示;"
        f"帮扶责任人{responsible.name}",
        on=reviewed_on,
    )
    return household


def review_level(actor: User, household: Household) -> str | None:
    """The step the actor's unit decides: a county-level post confirms, a town-level post reviews."""
    village_path = household.village.path
    levels = {root.level for root in jurisdiction_roots(actor) if village_path.startswith(root.path)}
    if UnitLevel.COUNTY in levels:
        return ReviewStep.COUNTY
    if UnitLevel.TOWN in levels:
        return ReviewStep.TOWN
    return None


_NEXT = {
    HouseholdStatus.PUBLICITY: (Procedure.IDENTIFICATION, ReviewStep.TOWN),
    HouseholdStatus.TOWN_APPROVED: (Procedure.IDENTIFICATION, ReviewStep.COUNTY),
    HouseholdStatus.EXIT_PUBLICITY: (Procedure.EXIT, ReviewStep.TOWN),
    HouseholdStatus.EXIT_TOWN_APPROVED: (Procedure.EXIT, ReviewStep.COUNTY),
}
_APPROVED = {
    HouseholdStatus.PUBLICITY: HouseholdStatus.TOWN_APPROVED,
    HouseholdStatus.TOWN_APPROVED: HouseholdStatus.MONITORED,
    HouseholdStatus.EXIT_PUBLICITY: HouseholdStatus.EXIT_TOWN_APPROVED,
    HouseholdStatus.EXIT_TOWN_APPROVED: HouseholdStatus.CLEARED,
}


def publicity_ends(household: Household) -> date:
    """The first day the town may review: after the rule's full days of 公示."""
    start = household.publicity_from
    if household.status in {HouseholdStatus.EXIT_PUBLICITY, HouseholdStatus.EXIT_TOWN_APPROVED}:
        verification = household.exit_verifications.first()
        if verification is not None:
            start = verification.publicity_from
    return start + timedelta(days=rule_for(household.village).publicity_days)


@transaction.atomic
def household_review(
    *, actor: User, household: Household, approved: bool, note: str = "", now: datetime | None = None
) -> Household:
    """乡镇审核 or 县级确认 of an identification or an exit, whichever is due; the actor's unit decides
    which step they may take (系统管理员 either)."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.REVIEW_ASSISTANCE)
    _ensure(actor, household)
    _raise_if(text_problems(("意见", note, None)))
    if household.status not in _NEXT:
        raise Conflict(f"该户当前状态为“{household.get_status_display()}”,没有待审核的环节")
    procedure, step = _NEXT[HouseholdStatus(household.status)]
    level = review_level(actor, household)
    if not user_is_administrator(actor) and level != step:
        who = "乡镇" if step == ReviewStep.TOWN else "县级"
        raise Conflict(f"该户待{ReviewStep(step).label},须由{who}审核确认")
    if step == ReviewStep.TOWN and today < publicity_ends(household):
        raise Conflict(f"公示期未满,{publicity_ends(household)} 起方可乡镇审核")
    if not approved and not note.strip():
        raise ValidationFailed("不同意时须写明意见")
    changes: dict[str, object] = {}
    if approved:
        changes["status"] = _APPROVED[HouseholdStatus(household.status)]
        if changes["status"] == HouseholdStatus.MONITORED:
            changes["identified_on"] = today
        if changes["status"] == HouseholdStatus.CLEARED:
            changes["cleared_on"] = today
    elif procedure == Procedure.IDENTIFICATION:
        changes["status"] = HouseholdStatus.NOT_INCLUDED
    else:
        changes["status"] = HouseholdStatus.MONITORED
    Review.objects.create(
        household=household,
        procedure=procedure,
        step=step,
        approved=approved,
        note=note.strip(),
        decided_on=today,
        actor=actor,
    )
    transition(household, allowed=[household.status], noun="监测户", **changes)
    verdict = "同意" if approved else "不同意"
    _event(
        household,
        "reviewed",
        actor,
        at,
        f"{Procedure(procedure).label}·{ReviewStep(step).label}:{verdict}"
        + (f"({note.strip()[:80]})" if note.strip() else "")
        + f",现为“{household.get_status_display()}”",
    )
    return household


@transaction.atomic
def household_reassign(
    *, actor: User, household: Household, responsible: Cadre, pairing: str, now: datetime | None = None
) -> Household:
    at = _now(now)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    if pairing not in PairingKind.values:
        raise ValidationFailed("请选择结对方式")
    _raise_if(_pairing_problems(responsible, pairing, household.village, excluding=household))
    previous = household.responsible.name
    transition(
        household, allowed=[household.status], noun="监测户", responsible_id=responsible.pk, pairing=pairing
    )
    _event(household, "reassigned", actor, at, f"帮扶责任人由{previous}调整为{responsible.name}")
    return household


def _require_monitored(household: Household, doing: str) -> None:
    if household.status not in PAIRED_STATUSES:
        raise Conflict(f"该户当前状态为“{household.get_status_display()}”,不能{doing}")


@transaction.atomic
def measure_add(
    *,
    actor: User,
    household: Household,
    kind: str,
    title: str,
    steps: Iterable[StepInput],
    amount: Decimal | None = None,
    now: datetime | None = None,
) -> Measure:
    """A measure of the household's plan with its steps; help may start before the county confirms."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    _require_monitored(household, "制定帮扶措施")
    steps = [StepInput(step.title.strip(), step.due_date) for step in steps if step.title.strip()]
    errors = text_problems(("措施", title, 120), *[("步骤", step.title, 120) for step in steps])
    _raise_if(errors)
    if kind not in MeasureKind.values:
        errors.append("请选择措施类型")
    if not title.strip():
        errors.append("请填写措施内容")
    if not steps:
        errors.append("至少列出一个步骤及其计划日期")
    if amount is not None and not Decimal(0) <= amount <= LARGEST_AMOUNT:
        errors.append("金额应在 0 到 99,999,999 元之间")
    errors += [f"步骤“{step.title}”的计划日期不能早于今天" for step in steps if step.due_date < today]
    errors += [
        f"步骤“{step.title}”的计划日期不能晚于三年后"
        for step in steps
        if step.due_date > today + timedelta(days=3 * 366)
    ]
    _raise_if(errors)
    measure = Measure.objects.create(
        household=household,
        kind=kind,
        title=title.strip(),
        amount=amount,
        due_date=max(step.due_date for step in steps),
        created_by=actor,
        created_on=today,
    )
    MeasureStep.objects.bulk_create(
        MeasureStep(measure=measure, title=step.title, due_date=step.due_date) for step in steps
    )
    _event(
        household,
        "measure_added",
        actor,
        at,
        f"制定帮扶措施:{measure.get_kind_display()}·{measure.title}"
        + (f"({amount:,.0f} 元)" if amount is not None else "")
        + f",{len(steps)} 个步骤,{measure.due_date} 前完成",
    )
    return measure


@transaction.atomic
def measure_step_done(
    *, actor: User, step: MeasureStep, done_on: date, now: datetime | None = None
) -> MeasureStep:
    """Tick a step; the measure is done with its last step, on time only if no step was late."""
    at = _now(now)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    measure = step.measure
    household = measure.household
    _ensure(actor, household)
    _raise_if(_date_problems("完成日期", done_on, timezone.localdate(at)))
    if done_on < measure.created_on:
        raise ValidationFailed("完成日期不能早于措施制定日期")
    if (
        MeasureStep.objects.filter(pk=step.pk, done_on__isnull=True).update(done_on=done_on, done_by=actor)
        != 1
    ):
        raise Conflict("该步骤已完成")
    step.refresh_from_db()
    steps = list(measure.steps.all())
    note = f"完成步骤:{measure.title}·{step.title}" + ("(逾期)" if step.is_late else "")
    if all(other.done_on is not None for other in steps):
        measure.done_on = max(other.done_on for other in steps if other.done_on is not None)
        measure.on_time = not any(other.is_late for other in steps)
        measure.save(update_fields=["done_on", "on_time"])
        note += ";措施已完成" + ("" if measure.on_time else "(未按时)")
    _event(household, "step_done", actor, at, note, on=done_on)
    return step


def _visiting_cadre(actor: User, household: Household) -> Cadre:
    # 系统管理员 has no cadre record: the visit is then the pairing cadre's, recorded on their behalf.
    return cadre_of(actor) or household.responsible


@transaction.atomic
def visit_record(
    *, actor: User, household: Household, visited_on: date, notes: str, now: datetime | None = None
) -> Visit:
    at = _now(now)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    _raise_if(text_problems(("走访情况", notes, None)))
    errors = _date_problems("走访日期", visited_on, timezone.localdate(at))
    if not notes.strip():
        errors.append("请填写走访情况")
    _raise_if(errors)
    visit = Visit.objects.create(
        household=household,
        cadre=_visiting_cadre(actor, household),
        visited_on=visited_on,
        notes=notes.strip(),
        recorded_by=actor,
    )
    _event(household, "visited", actor, at, f"{visit.cadre.name}入户走访:{visit.notes[:200]}", on=visited_on)
    return visit


@transaction.atomic
def income_record(
    *, actor: User, household: Household, year: int, total: Decimal, people: int, now: datetime | None = None
) -> IncomeRecord:
    """The year's net household income; recording a year again corrects it (audited with both figures)."""
    at = _now(now)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    errors = []
    if not 2000 <= year <= timezone.localdate(at).year:
        errors.append("年度应在 2000 年到今年之间")
    if not Decimal(0) <= total <= LARGEST_AMOUNT:
        errors.append("家庭纯收入应在 0 到 99,999,999 元之间")
    if not 1 <= people <= LARGEST_HOUSEHOLD:
        errors.append(f"家庭人口应在 1 到 {LARGEST_HOUSEHOLD} 之间")
    _raise_if(errors)
    per_capita = (total / people).quantize(Decimal("0.01"))
    previous = IncomeRecord.objects.filter(household=household, year=year).first()
    record, _ = IncomeRecord.objects.update_or_create(
        household=household,
        year=year,
        defaults={"total": total, "people": people, "per_capita": per_capita, "recorded_by": actor},
    )
    line = monitoring_line_for(household.village, year)
    comparison = (
        f",{'高于' if per_capita > line.amount else '未超过'}当年监测标准 {line.amount:,.0f} 元"
        if line is not None
        else ""
    )
    _event(
        household,
        "income_recorded",
        actor,
        at,
        f"{year} 年家庭纯收入 {total:,.0f} 元,人均 {per_capita:,.0f} 元{comparison}"
        + (f"(更正,原人均 {previous.per_capita:,.0f} 元)" if previous is not None else ""),
    )
    return record


def exit_problems(
    household: Household,
    *,
    income_stable_since: date,
    expenditure_resolved: bool,
    basic_needs_secure: bool,
    today: date,
) -> list[str]:
    """Why the household may not (yet) be proposed for 风险消除; empty when every condition holds."""
    rule = rule_for(household.village)
    problems = []
    if not household.members.filter(is_labour=True).exists():
        problems.append("家中无劳动能力成员,应落实兜底保障,不标注风险消除")
    if household.identified_on is None or household.identified_on >= months_before(
        today, rule.monitored_months
    ):
        problems.append(f"纳入监测未超过 {rule.monitored_months} 个月")
    done = household.measures.filter(done_on__isnull=False).count()
    if done < rule.minimum_measures:
        problems.append(f"已完成的帮扶措施不足 {rule.minimum_measures} 项")
    income = household.incomes.order_by("-year").first()
    if income is None:
        problems.append("尚未录入家庭收入")
    else:
        line = monitoring_line_for(household.village, income.year)
        if line is None:
            problems.append(f"尚未设定 {income.year} 年的监测收入标准")
        elif income.per_capita <= line.amount:
            problems.append(
                f"{income.year} 年人均纯收入 {income.per_capita:,.0f} 元未超过当年监测标准 {line.amount:,.0f} 元"
            )
    if income_stable_since > months_before(today, rule.stable_income_months):
        problems.append(f"收入稳定超过标准未满 {rule.stable_income_months} 个月")
    if not expenditure_resolved:
        problems.append("刚性支出问题尚未解决")
    if not basic_needs_secure:
        problems.append("两不愁三保障及饮水安全尚未保障")
    return problems


@transaction.atomic
def household_exit_propose(
    *,
    actor: User,
    household: Household,
    verified_on: date,
    income_stable_since: date,
    expenditure_resolved: bool,
    basic_needs_secure: bool,
    note: str,
    publicity_from: date,
    now: datetime | None = None,
) -> ExitVerification:
    """入户核实 and the village's check: refused with every unmet condition; otherwise 公示 starts."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    if household.status != HouseholdStatus.MONITORED:
        raise Conflict(f"该户当前状态为“{household.get_status_display()}”,不能申请风险消除")
    _raise_if(text_problems(("核实情况", note, None)))
    errors = _date_problems("核实日期", verified_on, today)
    errors += _date_problems("收入稳定起始日期", income_stable_since, today)
    if publicity_from < verified_on:
        errors.append("公示开始日期不能早于核实日期")
    if publicity_from > today + timedelta(days=30):
        errors.append("公示开始日期不能晚于 30 天后")
    _raise_if(errors)
    _raise_if(
        exit_problems(
            household,
            income_stable_since=income_stable_since,
            expenditure_resolved=expenditure_resolved,
            basic_needs_secure=basic_needs_secure,
            today=today,
        )
    )
    verification = ExitVerification.objects.create(
        household=household,
        verified_on=verified_on,
        income_stable_since=income_stable_since,
        expenditure_resolved=expenditure_resolved,
        basic_needs_secure=basic_needs_secure,
        note=note.strip(),
        publicity_from=publicity_from,
        verified_by=actor,
    )
    Review.objects.create(
        household=household,
        procedure=Procedure.EXIT,
        step=ReviewStep.VILLAGE,
        approved=True,
        note=note.strip(),
        decided_on=verified_on,
        actor=actor,
    )
    transition(
        household, allowed=[HouseholdStatus.MONITORED], noun="监测户", status=HouseholdStatus.EXIT_PUBLICITY
    )
    _event(
        household,
        "exit_proposed",
        actor,
        at,
        f"入户核实符合风险消除条件(收入自 {income_stable_since} 起稳定超过标准),{publicity_from} 起公示",
        on=verified_on,
    )
    return verification


@transaction.atomic
def household_fall_back(
    *,
    actor: User,
    household: Household,
    reason: str,
    reviewed_on: date,
    publicity_from: date,
    now: datetime | None = None,
) -> Household:
    """A cleared household at risk again goes back through identification, from the village's review."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.RECORD_ASSISTANCE)
    _ensure(actor, household)
    if household.status != HouseholdStatus.CLEARED:
        raise Conflict("只有风险已消除的户才能重新纳入监测")
    _raise_if(text_problems(("返贫风险情况", reason, None)))
    errors = _date_problems("村级评议日期", reviewed_on, today)
    if not reason.strip():
        errors.append("请写明返贫致贫风险情况")
    if publicity_from < reviewed_on:
        errors.append("公示开始日期不能早于评议日期")
    if publicity_from > today + timedelta(days=30):
        errors.append("公示开始日期不能晚于 30 天后")
    _raise_if(errors)
    _raise_if(
        _pairing_problems(household.responsible, household.pairing, household.village, excluding=household)
    )
    transition(
        household,
        allowed=[HouseholdStatus.CLEARED],
        noun="监测户",
        status=HouseholdStatus.PUBLICITY,
        reviewed_on=reviewed_on,
        publicity_from=publicity_from,
        identified_on=None,
        cleared_on=None,
    )
    _event(
        household,
        "fell_back",
        actor,
        at,
        f"重新纳入监测:{reason.strip()[:200]};村级评议后 {publicity_from} 起公示",
        on=reviewed_on,
    )
    return household


@transaction.atomic
def household_reveal(*, actor: User, household: Household, reason: str) -> list[tuple[str, str, str]]:
    """Full names, phone and ID numbers on purpose; every reveal is audited with its reason."""
    permission_require(actor, Action.REVEAL_PERSONAL_DATA)
    _ensure(actor, household)
    _raise_if(text_problems(("用途", reason, 200)))
    if not reason.strip():
        raise ValidationFailed("查看完整个人信息须写明用途")
    members = list(household.members.order_by("id"))
    audit_record(
        actor=actor,
        action="assistance.reveal",
        target=household,
        unit=household.village,
        changes={"reason": [None, reason.strip()[:200]], "members": [None, len(members)]},
    )
    return [(household.head_name, household.phone, household.head_id_number)] + [
        (member.name, member.relation, member.id_number) for member in members
    ]


@transaction.atomic
def monitoring_line_set(
    *, actor: User, province_code: str, year: int, amount: Decimal, note: str = ""
) -> MonitoringLine:
    """A province's line for a year as published (a blank province: the national reference line).

    Only a reviewer over a county sets their own province's line; the national line and any other
    province's only a 系统管理员 (`line_setting_provinces`)."""
    permission_require(actor, Action.REVIEW_ASSISTANCE)
    province_code = province_code.strip()
    allowed = line_setting_provinces(actor)
    if allowed is not None:
        if not province_code:
            raise PermissionDenied("全国参考标准只有系统管理员可以设定")
        if not allowed:
            raise PermissionDenied("只有县级及以上的审核人员可以设定本省的监测收入标准")
        if province_code not in allowed:
            raise PermissionDenied(f"只能设定本省(区划代码 {'、'.join(sorted(allowed))})的监测收入标准")
    errors = text_problems(("依据", note, 200))
    if province_code and not (
        len(province_code) == 2 and province_code.isascii() and province_code.isdigit()
    ):
        errors.append("省级区划代码应为 2 位数字,如贵州 52;留空为全国参考标准")
    if not 2000 <= year <= 2100:
        errors.append("年度应在 2000 到 2100 之间")
    if not Decimal(1) <= amount <= Decimal(1000000):
        errors.append("监测收入标准应在 1 到 1,000,000 元之间")
    _raise_if(errors)
    previous = MonitoringLine.objects.filter(province_code=province_code, year=year).first()
    line, _ = MonitoringLine.objects.update_or_create(
        province_code=province_code, year=year, defaults={"amount": amount, "note": note.strip()}
    )
    audit_record(
        actor=actor,
        action="assistance.monitoring_line.publish",
        target=line,
        changes={"amount": [str(previous.amount) if previous else None, str(amount)]},
    )
    return line
