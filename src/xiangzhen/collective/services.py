"""State changes of the 三资 ledgers: record assets, resources and contracts, receive rent, publish, sweep."""

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.collective.models import (
    CYCLE_MONTHS,
    AssetKind,
    CollectiveAsset,
    CollectiveResource,
    Contract,
    ContractPayment,
    ContractStatus,
    CounterpartyKind,
    PaymentCycle,
    PaymentStatus,
    Publication,
    PublicationKind,
    ResourceKind,
)
from xiangzhen.collective.selectors import publication_rules
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Cadre, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import visible_units
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.transitions import transition
from xiangzhen.validators import text_problems, text_require
from xiangzhen.workdays.alerts import AlertLevel, SweepCount, recompute_provisional, sweep_alerts
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

# Contract dates are calendar dates written into the contract, often years ahead of any published
# working-day calendar, so their warnings count calendar days: three months to prepare a renewal or a
# new public tender, a month to remind a tenant of the rent.
CONTRACT_EXPIRY_NOTICE_DAYS = 90
PAYMENT_NOTICE_DAYS = 30
# 农村集体建设用地 may be let for up to 70 years; a longer term is a typing error.
LONGEST_TERM_YEARS = 70
# Collective ownership dates from the founding of the People's Republic; older assets are entered at that date.
EARLIEST_ACQUISITION = date(1949, 10, 1)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _village_require(actor: User, village: Unit) -> None:
    if not visible_units(actor).filter(pk=village.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    if village.level != UnitLevel.VILLAGE:
        raise ValidationFailed("三资按村(社区)登记,请选择村(社区)")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


@transaction.atomic
def asset_create(
    *,
    actor: User,
    village: Unit,
    name: str,
    kind: str,
    value: Decimal,
    acquired_on: date | None = None,
    note: str = "",
) -> CollectiveAsset:
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, village)
    text_require(("资产名称", name, 100), ("备注", note, 200))
    if not name.strip():
        raise ValidationFailed("请填写资产名称")
    if kind not in AssetKind.values:
        raise ValidationFailed("请选择资产类别")
    if value < 0:
        raise ValidationFailed("资产价值不能为负")
    if acquired_on is not None and not EARLIEST_ACQUISITION <= acquired_on <= timezone.localdate():
        raise ValidationFailed("取得日期应在 1949 年 10 月 1 日以后、不晚于今天")
    asset = CollectiveAsset.objects.create(
        village=village,
        name=name.strip(),
        kind=kind,
        value=value,
        acquired_on=acquired_on,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="collective_asset.create",
        target=asset,
        unit=village,
        changes={"value": [None, str(value)]},
    )
    return asset


@transaction.atomic
def resource_create(
    *, actor: User, village: Unit, name: str, kind: str, area_mu: Decimal, location: str = ""
) -> CollectiveResource:
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, village)
    text_require(("资源名称", name, 100), ("坐落", location, 200))
    if not name.strip():
        raise ValidationFailed("请填写资源名称")
    if kind not in ResourceKind.values:
        raise ValidationFailed("请选择资源类别")
    if area_mu <= 0:
        raise ValidationFailed("面积应大于 0 亩")
    resource = CollectiveResource.objects.create(
        village=village,
        name=name.strip(),
        kind=kind,
        area_mu=area_mu,
        location=location.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="collective_resource.create",
        target=resource,
        unit=village,
        changes={"area_mu": [None, str(area_mu)]},
    )
    return resource


@dataclass(frozen=True)
class ContractTerms:
    number: str
    title: str
    counterparty: str
    counterparty_kind: str
    subject: str
    starts_on: date
    ends_on: date
    amount: Decimal
    payment_cycle: str

    def problems(self) -> list[str]:
        problems = text_problems(
            ("合同编号", self.number, 40),
            ("合同名称", self.title, 120),
            ("承包(租赁)方", self.counterparty, 100),
            ("标的", self.subject, 200),
        )
        if not (self.number.strip() and self.title.strip() and self.counterparty.strip()):
            problems.append("合同编号、合同名称和承包(租赁)方不能为空")
        if not self.subject.strip():
            problems.append("请填写合同标的")
        if self.counterparty_kind not in CounterpartyKind.values:
            problems.append("请选择承包方类型(个人或单位)")
        if self.payment_cycle not in PaymentCycle.values:
            problems.append("请选择付款方式")
        if self.amount < 0:
            problems.append("合同金额不能为负")
        if self.starts_on < EARLIEST_DATE:
            problems.append(f"起始日期不能早于 {EARLIEST_DATE.isoformat()}")
        if self.ends_on <= self.starts_on:
            problems.append("截止日期应晚于起始日期")
        elif self.ends_on > add_months(self.starts_on, 12 * LONGEST_TERM_YEARS):
            problems.append(f"合同期限不能超过 {LONGEST_TERM_YEARS} 年")
        return problems


def payment_schedule(terms: ContractTerms) -> list[tuple[date, Decimal]]:
    """Rent is paid in advance at the start of each period (先交后用); the last instalment takes the fen
    left over by the even split, so the schedule adds up to the contract amount exactly."""
    if terms.payment_cycle == PaymentCycle.ONCE:
        return [(terms.starts_on, terms.amount)]
    months = CYCLE_MONTHS[PaymentCycle(terms.payment_cycle)]
    dates = []
    index = 0
    while (due := add_months(terms.starts_on, months * index)) < terms.ends_on:
        dates.append(due)
        index += 1
    share = (terms.amount / len(dates)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    amounts = [share] * (len(dates) - 1) + [terms.amount - share * (len(dates) - 1)]
    return list(zip(dates, amounts, strict=True))


def _contract_fields(terms: ContractTerms) -> dict[str, object]:
    return {
        "due_date": terms.ends_on,
        "yellow_from": terms.ends_on - timedelta(days=CONTRACT_EXPIRY_NOTICE_DAYS),
        "due_is_provisional": False,
    }


def contract_insert(
    *,
    actor: User,
    village: Unit,
    terms: ContractTerms,
    responsible: Cadre | None,
    resource: CollectiveResource | None,
) -> Contract:
    """Write a contract whose terms, village and permission the caller has already checked, with its schedule."""
    contract = Contract.objects.create(
        village=village,
        number=terms.number.strip(),
        title=terms.title.strip(),
        counterparty=terms.counterparty.strip(),
        counterparty_kind=terms.counterparty_kind,
        subject=terms.subject.strip(),
        resource=resource,
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        amount=terms.amount,
        payment_cycle=terms.payment_cycle,
        responsible=responsible,
        created_by=actor,
        **_contract_fields(terms),
    )
    ContractPayment.objects.bulk_create(
        ContractPayment(
            contract=contract,
            title=f"{contract.title[:120]} · 第 {number} 期",
            amount=amount,
            responsible=responsible,
            due_date=due,
            yellow_from=due - timedelta(days=PAYMENT_NOTICE_DAYS),
        )
        for number, (due, amount) in enumerate(payment_schedule(terms), start=1)
    )
    audit_record(
        actor=actor,
        action="contract.create",
        target=contract,
        unit=village,
        changes={"amount": [None, str(terms.amount)], "ends_on": [None, terms.ends_on.isoformat()]},
    )
    return contract


@transaction.atomic
def contract_create(
    *,
    actor: User,
    village: Unit,
    terms: ContractTerms,
    responsible: Cadre | None = None,
    resource: CollectiveResource | None = None,
) -> Contract:
    """A contract with its payment schedule; red/yellow watch both its end and each instalment."""
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, village)
    problems = terms.problems()
    if resource is not None and resource.village_id != village.pk:
        problems.append("涉及的资源不属于该村")
    if Contract.objects.filter(village=village, number=terms.number.strip()).exists():
        problems.append(f"{village.name}已有编号为“{terms.number.strip()}”的合同")
    if problems:
        raise ValidationFailed(";".join(problems))
    return contract_insert(
        actor=actor, village=village, terms=terms, responsible=responsible, resource=resource
    )


@transaction.atomic
def contract_close(
    *, actor: User, contract: Contract, note: str, version: int, today: date | None = None
) -> Contract:
    """终止 (expired and taken back, or ended early): instalments not yet due are cancelled; arrears stay owed."""
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, contract.village)
    text_require(("终止说明", note, 200))
    if not note.strip():
        raise ValidationFailed("请写明终止原因(到期收回、协商解除等)")
    day = today or timezone.localdate()
    if contract.version != version:
        raise Conflict("合同已被他人修改,请刷新后重试")
    transition(
        contract,
        allowed=[ContractStatus.ACTIVE],
        noun="合同",
        status=ContractStatus.CLOSED,
        closed_on=day,
        close_note=note.strip(),
        alert=AlertLevel.NONE,
    )
    cancelled = contract.payments.filter(status=PaymentStatus.DUE, due_date__gt=day).update(
        status=PaymentStatus.CANCELLED, alert=AlertLevel.NONE
    )
    audit_record(
        actor=actor,
        action="contract.close",
        target=contract,
        unit=contract.village,
        changes={
            "status": [ContractStatus.ACTIVE, ContractStatus.CLOSED],
            "cancelled_payments": [None, cancelled],
        },
    )
    return contract


@transaction.atomic
def payment_receive(
    *, actor: User, payment: ContractPayment, amount: Decimal, received_on: date, version: int
) -> ContractPayment:
    """Rent received (in part or in full); the instalment is settled once the whole amount is in."""
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, payment.contract.village)
    if payment.status != PaymentStatus.DUE:
        raise Conflict(f"该款项{payment.get_status_display()},不能再登记收款")
    if amount <= 0:
        raise ValidationFailed("收款金额应大于 0")
    outstanding = payment.amount - payment.received
    if amount > outstanding:
        raise ValidationFailed(f"收款金额超过未收金额 {outstanding} 元")
    if received_on > timezone.localdate():
        raise ValidationFailed("收款日期不能晚于今天")
    if received_on < EARLIEST_DATE:
        raise ValidationFailed(f"收款日期不能早于 {EARLIEST_DATE.isoformat()}")
    settled = amount == outstanding
    changes: dict[str, object] = {"received": F("received") + amount}
    if settled:
        changes.update(status=PaymentStatus.PAID, paid_on=received_on)
    updated = ContractPayment.objects.filter(pk=payment.pk, status=PaymentStatus.DUE, version=version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise Conflict("款项已被他人登记,请刷新后重试")
    payment.received += amount
    payment.version += 1
    if settled:
        payment.status, payment.paid_on = PaymentStatus.PAID, received_on
    audit_record(
        actor=actor,
        action="contract_payment.receive",
        target=payment,
        unit=payment.contract.village,
        changes={
            "received": [str(payment.received - amount), str(payment.received)],
            "settled": [None, settled],
        },
    )
    return payment


def _period_start(day: date, every_months: int) -> date:
    month = (day.month - 1) // every_months * every_months + 1
    return date(day.year, month, 1)


def _publication_title(kind: str, start: date, every_months: int) -> str:
    label = PublicationKind(kind).label
    if every_months == 1:
        return f"{start.year}年{start.month}月{label}"
    if every_months == 3:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度{label}"
    return f"{start.year}年{start.month}月起 {every_months} 个月{label}"


@transaction.atomic
def publication_schedule_open(*, today: date, villages: "list[Unit] | None" = None) -> int:
    """Create the publications every village owes for the periods running on `today` (this month's 财务公开,
    this quarter's 村务公开), each due a few working days after its period ends. Rows that exist stay."""
    rules = publication_rules()
    targets = villages if villages is not None else list(Unit.objects.filter(level=UnitLevel.VILLAGE))
    calendar = WorkdayCalendar()
    rows = []
    for kind, rule in rules.items():
        start = _period_start(today, rule.every_months)
        end = add_months(start, rule.every_months) - timedelta(days=1)
        try:
            deadline = calendar.add_workdays(end, rule.grace_workdays)
        except CalendarUnavailable as error:
            raise ValidationFailed(str(error)) from error
        title = _publication_title(kind, start, rule.every_months)
        rows += [
            Publication(
                village=village,
                kind=kind,
                period_start=start,
                period_end=end,
                title=f"{village.name}{title}",
                due_date=deadline.date,
                # Yellow once the period is over and the list is not up yet.
                yellow_from=end,
                due_is_provisional=deadline.provisional,
            )
            for village in targets
        ]
    created = Publication.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def publication_publish(
    *, actor: User, publication: Publication, published_on: date, place: str, content: str
) -> Publication:
    """The list went up on the notice board (or online) on `published_on`."""
    permission_require(actor, Action.MANAGE_COLLECTIVE)
    _village_require(actor, publication.village)
    text_require(("公开地点/方式", place, 100), ("公开内容", content, None))
    if not place.strip():
        raise ValidationFailed("请填写公开地点或方式(如村务公开栏、微信群)")
    if published_on > timezone.localdate():
        raise ValidationFailed("公布日期不能晚于今天")
    if published_on < publication.period_start:
        raise ValidationFailed("公布日期不能早于所公开的期间")
    updated = Publication.objects.filter(
        pk=publication.pk, published_on__isnull=True, version=publication.version
    ).update(
        version=F("version") + 1,
        published_on=published_on,
        place=place.strip(),
        content=content.strip(),
        published_by=actor,
        alert=AlertLevel.NONE,
    )
    if updated != 1:
        raise Conflict("该期已登记公开,请刷新后查看")
    publication.refresh_from_db()
    audit_record(
        actor=actor,
        action="publication.publish",
        target=publication,
        unit=publication.village,
        changes={"published_on": [None, published_on.isoformat()], "on_time": [None, publication.on_time]},
    )
    return publication


@dataclass(frozen=True)
class CollectiveSweep:
    contracts: SweepCount
    payments: SweepCount
    publications: SweepCount
    scheduled: int

    def summary(self) -> str:
        return (
            f"合同:到期 {self.contracts.red} 份, 临期 {self.contracts.yellow} 份;"
            f"租金:欠缴 {self.payments.red} 笔, 临近 {self.payments.yellow} 笔;"
            f"村务公开:逾期 {self.publications.red} 项, 新增应公开 {self.scheduled} 项"
        )


@transaction.atomic
def collective_sweep_alerts(*, now: datetime | None = None) -> CollectiveSweep:
    """Open this period's publications, then one red/yellow sweep each over contracts, rent and publications;
    the cadre responsible for a contract is told of its red or yellow contract and rent."""
    stamp = _now(now)
    today = timezone.localdate(stamp)
    scheduled = publication_schedule_open(today=today)
    contracts = sweep_alerts(
        Contract.objects.filter(status=ContractStatus.ACTIVE),
        today=today,
        stamp=stamp,
        label="三资合同到期扫描",
    )
    payments = sweep_alerts(
        ContractPayment.objects.filter(status=PaymentStatus.DUE),
        today=today,
        stamp=stamp,
        label="合同租金收缴扫描",
    )
    publications = sweep_alerts(
        Publication.objects.filter(published_on__isnull=True), today=today, stamp=stamp, label="村务公开扫描"
    )
    return CollectiveSweep(contracts, payments, publications, scheduled)


def recompute_provisional_publication_deadlines(years: Iterable[int]) -> int:
    rules = publication_rules()
    return recompute_provisional(
        Publication.objects.filter(
            published_on__isnull=True, due_is_provisional=True, due_date__year__in=list(years)
        ),
        start=lambda publication: publication.period_end,
        limit=lambda publication: rules[publication.kind].grace_workdays,
    )
