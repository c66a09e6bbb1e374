"""Cadres at the front line: window duty rotas, check-ins, village stays and 五进 visits."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, Count, F, Max, Value, When
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from xiangzhen.frontline.models import (
    DEFAULT_RESIDENT_DAYS_PER_MONTH,
    DEFAULT_TOWN_LEAVE_DAYS,
    CheckIn,
    DutyKind,
    DutyShift,
    DutySwap,
    Leave,
    SecurityDuty,
    SwapStatus,
    TownRule,
    UnresolvedMatter,
    VillageStay,
    Visit,
    VisitKind,
    VisitProblem,
)
from xiangzhen.frontline.selectors import (
    cadre_home_town,
    stay_assignments,
    stay_weeks,
    town_of,
    town_rule,
    week_start_of,
)
from xiangzhen.org.models import Cadre, CadreRole, Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require, user_may
from xiangzhen.org.selectors import assignable_cadres, cadre_of, unit_require_visible
from xiangzhen.parsing import EARLIEST_DATE, LATEST_YEAR
from xiangzhen.services.models import ServiceItem, ServiceRequest
from xiangzhen.services.services import Applicant, CitizenReport, IntakeDecision, service_request_intake
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create
from xiangzhen.validators import text_require
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

# A rota is planned a season ahead at most; a longer range is a typing error.
MAX_ROTA_DAYS = 184
MAX_LEAVE_DAYS = 366
LATEST_DATE = date(LATEST_YEAR, 12, 31)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _own_cadre(actor: User) -> Cadre:
    cadre = cadre_of(actor)
    if cadre is None:
        raise ValidationFailed("只有在岗干部本人可以签到和登记走访")
    return cadre


# --- rules -------------------------------------------------------------------------------------------------


@transaction.atomic
def town_rule_set(
    *,
    actor: User,
    town: Unit,
    sign_in_by: time,
    stay_days_per_week: int,
    resident_days_per_month: int = DEFAULT_RESIDENT_DAYS_PER_MONTH,
    version: int | None = None,
) -> TownRule:
    """A town's own sign-in time and stay quotas (the seed's 3 days a week, 驻村 20 days a month, are only
    the defaults)."""
    unit_require_visible(actor, town)
    permission_require(actor, Action.MANAGE_DUTY)
    if town.level != UnitLevel.TOWN:
        raise ValidationFailed("一线工作规则按乡镇设置")
    if not 0 <= stay_days_per_week <= 7:
        raise ValidationFailed("每周蹲点天数应在 0 到 7 之间")
    if not 0 <= resident_days_per_month <= 31:
        raise ValidationFailed("驻村干部每月在村天数应在 0 到 31 之间")
    rule = TownRule.objects.select_for_update().filter(town=town).first()
    fields = ["sign_in_by", "stay_days_per_week", "resident_days_per_month"]
    if rule is None:
        rule = TownRule(town=town)
        before: dict[str, object] = dict.fromkeys(fields)
    else:
        if version is not None and version != rule.version:
            raise Conflict("规则已被他人修改,请刷新后重试")
        before = {field: getattr(rule, field) for field in fields}
        rule.version += 1
    quota_changed = before["stay_days_per_week"] != stay_days_per_week
    rule.sign_in_by = sign_in_by
    rule.stay_days_per_week = stay_days_per_week
    rule.resident_days_per_month = resident_days_per_month
    if rule.pk is None:
        rule.save()
    else:
        rule.save(update_fields=[*fields, "version"])
    if quota_changed:
        _stored_stays_requota(town, stay_days_per_week)
    audit_record(
        actor=actor,
        action="town_rule.set",
        target=rule,
        unit=town,
        changes={
            "sign_in_by": [str(before["sign_in_by"] or ""), f"{sign_in_by:%H:%M}"],
            "stay_days_per_week": [before["stay_days_per_week"], stay_days_per_week],
            "resident_days_per_month": [before["resident_days_per_month"], resident_days_per_month],
        },
    )
    return rule


def _stored_stays_requota(town: Unit, quota: int) -> int:
    """Every stored week of the town's villages measured against the new quota, as the live page measures
    it (the rule has no history: a quota is the town's rule for every week shown): one UPDATE, capped
    by each week's working days not on leave (`stay_required`)."""
    required = Greatest(Least(Value(quota), F("available")), Value(0))
    return VillageStay.objects.filter(
        village__in=Unit.objects.within([town]).filter(level=UnitLevel.VILLAGE).values("pk")
    ).update(
        required=required,
        compliant=Case(When(days__gte=required, then=Value(True)), default=Value(False)),
    )


# --- window duty -------------------------------------------------------------------------------------------


@transaction.atomic
def duty_rota_generate(
    *,
    actor: User,
    town: Unit,
    kind: str,
    cadres: Sequence[Cadre],
    start: date,
    end: date,
    per_day: int = 1,
) -> list[DutyShift]:
    """A fair rotation over the working days of the official calendar (holidays skipped, 调休 days worked).

    Each working day without a shift of this kind gets `per_day` cadres: always those with the fewest
    shifts of this kind in the town so far, the longest-waiting first, so counts never differ by more than
    one and a rota extended later stays fair. Days already planned are left as they are."""
    unit_require_visible(actor, town)
    permission_require(actor, Action.MANAGE_DUTY)
    if town.level != UnitLevel.TOWN:
        raise ValidationFailed("坐班轮值按乡镇便民服务中心排定,请选择乡镇")
    if kind not in DutyKind.values:
        raise ValidationFailed("请选择带班领导或窗口坐班")
    people = list(dict.fromkeys(cadres))
    if not people:
        raise ValidationFailed("请至少选择一名参加轮值的干部")
    if not 1 <= per_day <= len(people):
        raise ValidationFailed("每天坐班人数应在 1 到参加轮值人数之间")
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期")
    if start < EARLIEST_DATE or end > LATEST_DATE or (end - start).days >= MAX_ROTA_DAYS:
        raise ValidationFailed(f"一次最多排 {MAX_ROTA_DAYS} 天")
    allowed = set(
        assignable_cadres(actor).filter(pk__in=[person.pk for person in people]).values_list("pk", flat=True)
    )
    outside = [person.name for person in people if person.pk not in allowed]
    if outside:
        raise ValidationFailed(f"{'、'.join(outside)}不在您的管辖范围内")
    calendar = WorkdayCalendar()
    try:
        days = [
            start + timedelta(days=offset)
            for offset in range((end - start).days + 1)
            if calendar.is_workday(start + timedelta(days=offset))
        ]
    except CalendarUnavailable as error:
        raise ValidationFailed(str(error)) from error
    existing = DutyShift.objects.filter(unit=town, kind=kind)
    planned = set(existing.filter(on__gte=start, on__lte=end).values_list("on", flat=True).distinct())
    counts: dict[int, int] = {}
    last_day: dict[int, date] = {}
    for row in (
        existing.filter(cadre__in=people)
        .values("cadre_id")
        .annotate(total=Count("id"), last=Max("on"))
        .order_by()
    ):
        counts[row["cadre_id"]] = row["total"]
        last_day[row["cadre_id"]] = row["last"]
    position = {person.pk: index for index, person in enumerate(people)}
    shifts = []
    for day in days:
        if day in planned:
            continue
        chosen = sorted(
            people,
            key=lambda person: (
                counts.get(person.pk, 0),
                last_day.get(person.pk, date.min),
                position[person.pk],
            ),
        )[:per_day]
        for person in chosen:
            shifts.append(DutyShift(unit=town, on=day, kind=kind, cadre=person))
            counts[person.pk] = counts.get(person.pk, 0) + 1
            last_day[person.pk] = day
    DutyShift.objects.bulk_create(shifts)
    audit_record(
        actor=actor,
        action="duty_rota.generate",
        target=None,
        unit=town,
        object_type="frontline.dutyshift",
        object_repr=f"{town.name} {start}–{end} {DutyKind(kind).label}",
        changes={"shifts": [None, len(shifts)], "cadres": [None, len(people)]},
    )
    return shifts


def _ensure_shift(actor: User, shift: DutyShift) -> None:
    from xiangzhen.frontline.selectors import duty_shift_scope

    if not duty_shift_scope(actor).filter(pk=shift.pk).exists():
        raise NotFound("坐班班次不存在或不在您的管辖范围内")


def _is_on_duty(actor: User, shift: DutyShift) -> bool:
    own = cadre_of(actor)
    return own is not None and own.pk == shift.cadre_id


@transaction.atomic
def duty_shift_check_in(*, actor: User, shift: DutyShift, now: datetime | None = None) -> DutyShift:
    """到岗: the cadre on duty signs in at the window, on the day of the shift."""
    at = _now(now)
    _ensure_shift(actor, shift)
    if not _is_on_duty(actor, shift):
        raise Conflict("只有当班干部本人可以到岗签到")
    if timezone.localdate(at) != shift.on:
        raise Conflict(f"这是 {shift.on} 的班次,只能在当天签到")
    updated = DutyShift.objects.filter(pk=shift.pk, checked_in_at__isnull=True).update(
        checked_in_at=at, version=F("version") + 1
    )
    if updated != 1:
        raise Conflict("已经签到过了")
    shift.refresh_from_db()
    audit_record(
        actor=actor,
        action="duty_shift.check_in",
        target=shift,
        unit=shift.unit,
        changes={"checked_in_at": [None, at]},
    )
    return shift


@transaction.atomic
def duty_log_record(
    *, actor: User, shift: DutyShift, served_count: int, urgent_count: int, log: str, version: int
) -> DutyShift:
    """The day's duty log: people served, urgent matters handled on the spot, what happened."""
    _ensure_shift(actor, shift)
    if not (_is_on_duty(actor, shift) or user_may(actor, Action.MANAGE_DUTY)):
        raise Conflict("只有当班干部或乡镇领导可以填写值班日志")
    text_require(("值班日志", log, None))
    if served_count < 0 or urgent_count < 0:
        raise ValidationFailed("人次不能为负")
    if urgent_count > served_count:
        raise ValidationFailed("现场处理的急难险重事件不能多于接待人次")
    if shift.on > timezone.localdate():
        raise ValidationFailed("班次还没到,不能填写值班日志")
    before = {"served_count": shift.served_count, "urgent_count": shift.urgent_count}
    updated = DutyShift.objects.filter(pk=shift.pk, version=version).update(
        served_count=served_count, urgent_count=urgent_count, log=log.strip(), version=F("version") + 1
    )
    if updated != 1:
        raise Conflict("值班日志已被他人修改,请刷新后重试")
    shift.refresh_from_db()
    audit_record(
        actor=actor,
        action="duty_shift.log",
        target=shift,
        unit=shift.unit,
        changes={
            "served_count": [before["served_count"], served_count],
            "urgent_count": [before["urgent_count"], urgent_count],
        },
    )
    return shift


@transaction.atomic
def unresolved_matter_record(
    *,
    actor: User,
    shift: DutyShift,
    summary: str,
    reason: str,
    follow_up: str = "",
    now: datetime | None = None,
) -> UnresolvedMatter:
    """办不成事: recorded in the 带班领导's log of the day so that it is followed up, not forgotten."""
    _ensure_shift(actor, shift)
    if not (_is_on_duty(actor, shift) or user_may(actor, Action.MANAGE_DUTY)):
        raise Conflict("只有当班干部或乡镇领导可以登记办不成事")
    text_require(("事项", summary, 200), ("原因", reason, None), ("跟进措施", follow_up, None))
    if not summary.strip() or not reason.strip():
        raise ValidationFailed("请填写办不成的事项和原因")
    matter = UnresolvedMatter.objects.create(
        shift=shift,
        summary=summary.strip(),
        reason=reason.strip(),
        follow_up=follow_up.strip(),
        recorded_by=actor,
        recorded_at=_now(now),
    )
    audit_record(
        actor=actor,
        action="duty_shift.unresolved",
        target=shift,
        unit=shift.unit,
        changes={"summary": [None, matter.summary]},
    )
    return matter


@transaction.atomic
def duty_swap_request(
    *, actor: User, shift: DutyShift, replacement: Cadre, reason: str, now: datetime | None = None
) -> DutySwap:
    _ensure_shift(actor, shift)
    if not (_is_on_duty(actor, shift) or user_may(actor, Action.MANAGE_DUTY)):
        raise Conflict("只有当班干部本人可以申请换班")
    text_require(("换班原因", reason, 200))
    if not reason.strip():
        raise ValidationFailed("请写明换班原因")
    if replacement.pk == shift.cadre_id:
        raise ValidationFailed("替班干部不能是本人")
    if shift.checked_in_at is not None:
        raise Conflict("已到岗签到的班次不能再换班")
    if shift.swaps.filter(status=SwapStatus.PENDING).exists():
        raise Conflict("该班次已有待审批的换班申请")
    swap = DutySwap.objects.create(
        shift=shift,
        requested_by=actor,
        replacement=replacement,
        reason=reason.strip(),
        requested_at=_now(now),
    )
    audit_record(
        actor=actor,
        action="duty_swap.request",
        target=swap,
        unit=shift.unit,
        changes={"replacement": [shift.cadre.name, replacement.name]},
    )
    return swap


@transaction.atomic
def duty_swap_decide(*, actor: User, swap: DutySwap, approve: bool, now: datetime | None = None) -> DutySwap:
    """A leader approves (the replacement takes the shift) or refuses a swap."""
    shift = swap.shift
    _ensure_shift(actor, shift)
    permission_require(actor, Action.MANAGE_DUTY)
    if approve:
        if DutyShift.objects.filter(unit=shift.unit, on=shift.on, cadre=swap.replacement).exists():
            raise Conflict(f"{swap.replacement.name}当天已有坐班")
        if shift.checked_in_at is not None:
            raise Conflict("已到岗签到的班次不能再换班")
    at = _now(now)
    updated = DutySwap.objects.filter(pk=swap.pk, status=SwapStatus.PENDING, version=swap.version).update(
        status=SwapStatus.APPROVED if approve else SwapStatus.REJECTED,
        decided_by=actor,
        decided_at=at,
        version=F("version") + 1,
    )
    if updated != 1:
        raise Conflict("换班申请已被处理,请刷新后重试")
    previous = shift.cadre.name
    if approve:
        DutyShift.objects.filter(pk=shift.pk).update(cadre=swap.replacement, version=F("version") + 1)
    swap.refresh_from_db()
    audit_record(
        actor=actor,
        action="duty_swap.approve" if approve else "duty_swap.reject",
        target=swap,
        unit=shift.unit,
        changes={"cadre": [previous, swap.replacement.name if approve else previous]},
    )
    return swap


# --- check-ins ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    accuracy: int | None = None


def _village_of(place: Unit | None) -> Unit | None:
    if place is None:
        return None
    if place.level == UnitLevel.VILLAGE:
        return place
    if place.level == UnitLevel.GROUP:
        return place.parent
    return None


@transaction.atomic
def security_duty_create(
    *,
    actor: User,
    town: Unit,
    name: str,
    starts_on: date,
    ends_on: date,
    records_time: bool = False,
    records_location: bool = False,
    records_photo: bool = False,
    records_device: bool = False,
    now: datetime | None = None,
) -> SecurityDuty:
    """Switch on a named 安保/应急 duty: within it, and only there, check-ins record what the town chose."""
    permission_require(actor, Action.MANAGE_DUTY)
    unit_require_visible(actor, town)
    if town.level != UnitLevel.TOWN:
        raise ValidationFailed("安保应急值守由乡镇设立,请选择乡镇")
    text_require(("值守名称", name, 80))
    if not name.strip():
        raise ValidationFailed("请填写值守名称,如“春节安保值守”")
    if ends_on < starts_on:
        raise ValidationFailed("结束日期不能早于开始日期")
    if starts_on < EARLIEST_DATE or ends_on > LATEST_DATE or (ends_on - starts_on).days >= MAX_ROTA_DAYS:
        raise ValidationFailed(f"值守期限不能超过 {MAX_ROTA_DAYS} 天")
    duty = SecurityDuty.objects.create(
        town=town,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        records_time=records_time,
        records_location=records_location,
        records_photo=records_photo,
        records_device=records_device,
        created_by=actor,
        created_at=_now(now),
    )
    audit_record(
        actor=actor,
        action="security_duty.create",
        target=duty,
        unit=town,
        changes={
            "name": [None, duty.name],
            "records": [
                None,
                "、".join(
                    label
                    for switched, label in (
                        (records_time, "迟到"),
                        (records_location, "定位"),
                        (records_photo, "照片"),
                        (records_device, "设备"),
                    )
                    if switched
                ),
            ],
        },
    )
    return duty


@transaction.atomic
def check_in_record(
    *,
    actor: User,
    place: Unit | None,
    position: Position | None = None,
    photo: UploadedFile | None = None,
    device: str = "",
    note: str = "",
    duty: SecurityDuty | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """An optional sign-in. Outside a named 安保/应急 duty it keeps the day, the place and the note only: a
    position, photo or device sent along is dropped, and no exception (late, no position, another phone) is
    flagged. Within a duty it keeps what the town switched on, requires the photo if asked, and flags late
    against the town's sign-in time on working days, a missing position and a phone not used before."""
    at = _now(now)
    cadre = _own_cadre(actor)
    if place is not None:
        unit_require_visible(actor, place)
        if place.level == UnitLevel.COUNTY:
            raise ValidationFailed("请选择乡镇、片区、村或村民组作为签到地点")
    text_require(("说明", note, 200))
    day = timezone.localdate(at)
    check_in = CheckIn(
        cadre=cadre, at=at, on=day, place=place, village=_village_of(place), note=note.strip(), duty=duty
    )
    if duty is not None:
        town = town_of(place) if place is not None else cadre_home_town(cadre, day)
        if town is None or duty.town_id != town.pk or not duty.covers(day):
            raise ValidationFailed(f"“{duty.name}”不在今天或不属于签到地点所在乡镇")
        _duty_fields(check_in, duty, town, position, device, at)
        if duty.records_photo:
            if photo is None:
                raise ValidationFailed(f"“{duty.name}”要求上传现场照片")
            check_in.photo = attachment_create(actor=actor, upload=photo, unit=place, now=at)
    check_in.save()
    audit_record(
        actor=actor,
        action="check_in.record",
        target=check_in,
        unit=place,
        changes={
            "place": [None, place.name if place else ""],
            "duty": [None, duty.name if duty else ""],
            "exceptions": [None, "、".join(check_in.exceptions)],
        },
    )
    if check_in.village_id is not None:
        village_stays_refresh(week_start=week_start_of(day), cadre=cadre)
    return check_in


def _duty_fields(
    check_in: CheckIn, duty: SecurityDuty, town: Unit, position: Position | None, device: str, at: datetime
) -> None:
    """What a duty switched on: the position, the phone and late against the town's time, each flagged."""
    if duty.records_location:
        if position is not None:
            if not -90 <= position.latitude <= 90 or not -180 <= position.longitude <= 180:
                raise ValidationFailed("定位坐标不正确")
            if position.accuracy is not None and not 0 <= position.accuracy <= 100_000:
                raise ValidationFailed("定位精度不正确")
            check_in.latitude = round(position.latitude, 6)
            check_in.longitude = round(position.longitude, 6)
            check_in.accuracy = position.accuracy
        check_in.no_location = position is None
    if duty.records_device:
        check_in.device = device.strip()[:200]
        last_device = (
            CheckIn.objects.filter(cadre=check_in.cadre, duty__isnull=False)
            .exclude(device="")
            .order_by("-at", "-id")
            .values_list("device", flat=True)
            .first()
        )
        check_in.unusual_device = bool(check_in.device and last_device and check_in.device != last_device)
    if duty.records_time:
        try:
            workday = WorkdayCalendar().is_workday(check_in.on)
        except CalendarUnavailable as error:
            raise ValidationFailed(str(error)) from error
        check_in.late = workday and timezone.localtime(at).time() > town_rule(town).sign_in_by


def _county_approves(actor: User) -> bool:
    own = cadre_of(actor)
    return actor.is_superuser or (own is not None and own.role == CadreRole.COUNTY_SUPERVISOR)


@transaction.atomic
def leave_record(
    *, actor: User, cadre: Cadre, start: date, end: date, reason: str, now: datetime | None = None
) -> Leave:
    """Approved leave, recorded by a leader: the days are neither 缺勤 nor owed to the village. A town
    approves up to 3 days; longer leave is the county's (驻村 rules)."""
    permission_require(actor, Action.MANAGE_DUTY)
    if not assignable_cadres(actor).filter(pk=cadre.pk).exists():
        raise NotFound("干部不存在或不在您的管辖范围内")
    text_require(("事由", reason, 200))
    if not reason.strip():
        raise ValidationFailed("请写明请假事由")
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期")
    if start < EARLIEST_DATE or end > LATEST_DATE or (end - start).days >= MAX_LEAVE_DAYS:
        raise ValidationFailed("请假不能超过一年")
    if (end - start).days + 1 > DEFAULT_TOWN_LEAVE_DAYS and not _county_approves(actor):
        raise PermissionDenied(
            f"超过 {DEFAULT_TOWN_LEAVE_DAYS} 天的请假须报县级批准,乡镇只批 {DEFAULT_TOWN_LEAVE_DAYS} 天以内"
        )
    leave = Leave.objects.create(
        cadre=cadre, start=start, end=end, reason=reason.strip(), approved_by=actor, recorded_at=_now(now)
    )
    audit_record(
        actor=actor,
        action="leave.record",
        target=leave,
        unit=None,
        changes={"start": [None, start], "end": [None, end]},
    )
    week = week_start_of(start)
    while week <= end:
        village_stays_refresh(week_start=week, cadre=cadre)
        week += timedelta(days=7)
    return leave


def village_stays_refresh(*, week_start: date, cadre: Cadre | None = None) -> int:
    """Store the week's stay of every assigned cadre (or of one) for the assessment indicator."""
    assignments = stay_assignments(week_start)
    if cadre is not None:
        assignments = assignments.filter(cadre=cadre)
    weeks = stay_weeks(assignments, week_start)
    with transaction.atomic():
        for week in weeks:
            VillageStay.objects.update_or_create(
                cadre=week.cadre,
                village=week.village,
                week_start=week_start,
                defaults={
                    "days": len(week.days),
                    "required": week.required,
                    "available": week.available,
                    "compliant": week.compliant,
                    "day_list": ",".join(f"{day:%m-%d}" for day in week.days),
                },
            )
    return len(weeks)


# --- visits ------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: User,
    kind: str,
    unit: Unit,
    target: str,
    visited_on: date,
    findings: str,
    problems: Sequence[str] = (),
    now: datetime | None = None,
) -> Visit:
    """五进: who was visited, what was learnt, and each problem found (one per line)."""
    at = _now(now)
    cadre = _own_cadre(actor)
    unit_require_visible(actor, unit)
    text_require(
        ("走访对象", target, 100),
        ("了解情况", findings, None),
        *[("发现问题", text, None) for text in problems],
    )
    if kind not in VisitKind.values:
        raise ValidationFailed("请选择五进类型:进部门、进企业、进学校、进村组或进农户")
    if not target.strip() or not findings.strip():
        raise ValidationFailed("请填写走访对象和了解情况")
    if visited_on > timezone.localdate(at):
        raise ValidationFailed("走访日期不能晚于今天")
    if visited_on < EARLIEST_DATE:
        raise ValidationFailed(f"走访日期不能早于 {EARLIEST_DATE.isoformat()}")
    visit = Visit.objects.create(
        cadre=cadre,
        kind=kind,
        unit=unit,
        target=target.strip(),
        visited_on=visited_on,
        findings=findings.strip(),
        recorded_by=actor,
        recorded_at=at,
    )
    found = [text.strip() for text in problems if text.strip()]
    VisitProblem.objects.bulk_create(VisitProblem(visit=visit, description=text) for text in found)
    audit_record(
        actor=actor,
        action="visit.record",
        target=visit,
        unit=unit,
        changes={"kind": [None, kind], "problems": [None, len(found)]},
    )
    return visit


def _ensure_open_problem(actor: User, problem: VisitProblem) -> None:
    from xiangzhen.frontline.selectors import visit_scope

    if not visit_scope(actor).filter(pk=problem.visit_id).exists():
        raise NotFound("走访记录不存在或不在您的管辖范围内")
    if problem.is_handed_on:
        raise Conflict("这个问题已经转为督办事项或办件")


@transaction.atomic
def visit_problem_to_task(
    *,
    actor: User,
    problem: VisitProblem,
    owner_unit: Unit,
    owner: Cadre,
    limit_workdays: int,
    title: str = "",
    now: datetime | None = None,
) -> Task:
    """A problem found on a visit becomes a supervised task, in the same transaction."""
    _ensure_open_problem(actor, problem)
    visit = problem.visit
    task = task_create(
        actor=actor,
        title=title.strip() or problem.description[:200],
        owner_unit=owner_unit,
        owner=owner,
        limit_workdays=limit_workdays,
        source="五进走访",
        detail=f"{visit.visited_on} {visit.get_kind_display()}·{visit.target}:{problem.description}",
        now=now,
    )
    if (
        VisitProblem.objects.filter(pk=problem.pk, task__isnull=True, service_request__isnull=True).update(
            task=task
        )
        != 1
    ):
        raise Conflict("这个问题已经转为督办事项或办件")
    problem.refresh_from_db()
    audit_record(
        actor=actor,
        action="visit.problem_to_task",
        target=visit,
        unit=visit.unit,
        changes={"task": [None, task.pk]},
    )
    return task


@transaction.atomic
def visit_problem_to_request(
    *,
    actor: User,
    problem: VisitProblem,
    item: ServiceItem,
    unit: Unit,
    applicant: Applicant,
    materials_present: Sequence[str] = (),
    now: datetime | None = None,
) -> ServiceRequest:
    """A citizen's need met on a visit becomes a service request filed for them (代办): accepted when the
    materials are complete, otherwise with one notice listing everything still missing."""
    _ensure_open_problem(actor, problem)
    visit = problem.visit
    present = set(materials_present)
    complete = not item.materials.filter(may_follow_later=False).exclude(name__in=present).exists()
    request = service_request_intake(
        officer=actor,
        item=item,
        unit=unit,
        applicant=applicant,
        materials_present=list(present),
        decision=IntakeDecision.ACCEPT if complete else IntakeDecision.NOTICE,
        report=CitizenReport(description=problem.description[:2000]),
        now=now,
    )
    if (
        VisitProblem.objects.filter(pk=problem.pk, task__isnull=True, service_request__isnull=True).update(
            service_request=request
        )
        != 1
    ):
        raise Conflict("这个问题已经转为督办事项或办件")
    problem.refresh_from_db()
    audit_record(
        actor=actor,
        action="visit.problem_to_request",
        target=visit,
        unit=visit.unit,
        changes={"service_request": [None, request.tracking_code]},
    )
    return request
