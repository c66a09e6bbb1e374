"""Reads of the frontline records, each through the viewer's jurisdiction."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, Min, Q, QuerySet, Sum

from xiangzhen.errors import NotFound
from xiangzhen.frontline.models import (
    DEFAULT_RESIDENT_DAYS_PER_MONTH,
    DEFAULT_SIGN_IN_BY,
    DEFAULT_STAY_DAYS_PER_WEEK,
    CheckIn,
    DutyKind,
    DutyShift,
    DutySwap,
    Leave,
    SwapStatus,
    TownRule,
    Visit,
    VisitKind,
    VisitProblem,
)
from xiangzhen.org.models import Assignment, AssignmentKind, Cadre, Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, assignable_cadres, cadre_of, visible_units
from xiangzhen.workdays.calendar import WorkdayCalendar

# The assignments that put a cadre in a village to stay there: 包村、驻村、联系.
STAY_ASSIGNMENTS = [AssignmentKind.CONTACT_VILLAGE, AssignmentKind.RESIDENT, AssignmentKind.LIAISON]


def week_start_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def town_of(unit: Unit) -> Unit | None:
    """The town (乡镇) a unit lies in, or the unit itself when it is one."""
    if unit.level == UnitLevel.TOWN:
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), level=UnitLevel.TOWN).first()


def town_rule(town: Unit | None) -> TownRule:
    """The town's rule row, or an unsaved one holding the defaults."""
    if town is not None:
        existing = TownRule.objects.filter(town=town).first()
        if existing is not None:
            return existing
    return TownRule(town=town, sign_in_by=DEFAULT_SIGN_IN_BY, stay_days_per_week=DEFAULT_STAY_DAYS_PER_WEEK)


def cadre_home_town(cadre: Cadre, on: date) -> Unit | None:
    """The town of the cadre's current post (where their office day and its sign-in time are set)."""
    office = (
        Unit.objects.filter(
            Q(posts__end_date__isnull=True) | Q(posts__end_date__gte=on),
            posts__cadre=cadre,
            posts__start_date__lte=on,
        )
        .order_by("posts__start_date", "pk")
        .first()
    )
    return town_of(office) if office is not None else None


# --- check-ins ---------------------------------------------------------------------------------------------


def check_in_scope(viewer: AnyUser) -> QuerySet[CheckIn]:
    """Check-ins of the cadres the viewer answers for (posts or assignments in their units) and their own."""
    return CheckIn.objects.filter(cadre__in=assignable_cadres(viewer).values("pk"))


def check_in_list(
    *, viewer: AnyUser, since: date | None = None, until: date | None = None, exceptions_only: bool = False
) -> QuerySet[CheckIn]:
    check_ins = check_in_scope(viewer).select_related("cadre", "place")
    if since:
        check_ins = check_ins.filter(on__gte=since)
    if until:
        check_ins = check_ins.filter(on__lte=until)
    if exceptions_only:
        check_ins = check_ins.filter(Q(late=True) | Q(no_location=True) | Q(unusual_device=True))
    return check_ins.order_by("-at", "-id")


def check_in_get_for_user(viewer: AnyUser, check_in_id: int) -> CheckIn:
    check_in = check_in_scope(viewer).select_related("cadre", "place", "photo").filter(pk=check_in_id).first()
    if check_in is None:
        raise NotFound("签到记录不存在或不在您的管辖范围内")
    return check_in


def check_in_places(viewer: AnyUser) -> QuerySet[Unit]:
    """Where the viewer may sign in: the villages (and their groups) and offices of their jurisdiction."""
    return visible_units(viewer).exclude(level=UnitLevel.COUNTY).order_by("path")


@dataclass
class AttendanceRow:
    cadre: Cadre
    marks: list[str]
    present: int = 0
    late: int = 0
    on_leave: int = 0


@dataclass
class AttendanceSheet:
    unit: Unit
    month: date
    days: list[date]
    workdays: set[date]
    rows: list[AttendanceRow] = field(default_factory=list)


def leave_days(cadre_ids: list[int], start: date, end: date) -> dict[int, set[date]]:
    """Per cadre, the days between start and end (inclusive) covered by approved leave."""
    covered: dict[int, set[date]] = defaultdict(set)
    for leave in Leave.objects.filter(cadre_id__in=cadre_ids, start__lte=end, end__gte=start):
        day = max(leave.start, start)
        while day <= min(leave.end, end):
            covered[leave.cadre_id].add(day)
            day += timedelta(days=1)
    return covered


def attendance_sheet(*, viewer: AnyUser, unit: Unit, month: date, today: date) -> AttendanceSheet:
    """The month's sheet of the cadres with a post in the unit's subtree: one mark per day.

    √ signed in, 迟 late (only a sign-in within a named 安保/应急 duty is ever late), 假 on leave; rest days show
    only a sign-in. A working day without a sign-in is blank, never 缺: signing in is optional (基层减负), and
    presence in a village is read from the work recorded there (see village_presence)."""
    if not visible_units(viewer).filter(pk=unit.pk).exists():
        raise NotFound("单位不存在或不在您的管辖范围内")
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    calendar = WorkdayCalendar()
    workdays = {day for day in days if calendar.is_workday(day)}
    subtree = Unit.objects.within([unit]).values("pk")
    cadres = list(
        Cadre.objects.filter(
            Q(posts__unit__in=subtree, posts__start_date__lte=last)
            & (Q(posts__end_date__isnull=True) | Q(posts__end_date__gte=first)),
            is_active=True,
        )
        .distinct()
        .order_by("name", "id")
    )
    signed: dict[tuple[int, date], bool] = {}
    for counted in (
        CheckIn.objects.filter(cadre__in=cadres, on__gte=first, on__lte=last)
        .values("cadre_id", "on")
        .annotate(first_at=Min("at"), late_count=Count("id", filter=Q(late=True)), all_count=Count("id"))
    ):
        # Late only when every sign-in of the day was late: a later correct one cannot exist, but an early
        # one followed by a late one is an on-time day.
        signed[(counted["cadre_id"], counted["on"])] = counted["late_count"] == counted["all_count"]
    leaves = leave_days([cadre.pk for cadre in cadres], first, last)
    sheet = AttendanceSheet(unit=unit, month=first, days=days, workdays=workdays)
    for cadre in cadres:
        row = AttendanceRow(cadre=cadre, marks=[])
        for day in days:
            late = signed.get((cadre.pk, day))
            if day in leaves[cadre.pk] and day in workdays:
                row.marks.append("假")
                row.on_leave += 1
            elif late is not None:
                is_late = late and day in workdays
                row.marks.append("迟" if is_late else "√")
                row.present += 1
                row.late += int(is_late)
            else:
                row.marks.append("" if day in workdays else "休")
        sheet.rows.append(row)
    return sheet


# --- village stays -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StayWeek:
    cadre: Cadre
    village: Unit
    week_start: date
    days: list[date]
    required: int
    leave: int
    available: int = 0  # the week's working days not on leave

    @property
    def compliant(self) -> bool:
        return len(self.days) >= self.required


def stay_required(quota: int, available: int) -> int:
    """Days a cadre owes the village in a week: the town's quota, capped by the working days not on leave.
    The same rule as the UPDATE of stored weeks when the quota changes (`town_rule_set`)."""
    return max(0, min(quota, available))


def stay_assignments(week_start: date, units: QuerySet[Unit] | None = None) -> QuerySet[Assignment]:
    """包村/驻村/联系 assignments to villages that were current some day of the week."""
    week_end = week_start + timedelta(days=6)
    assignments = Assignment.objects.filter(
        kind__in=STAY_ASSIGNMENTS,
        unit__level=UnitLevel.VILLAGE,
        start_date__lte=week_end,
        cadre__is_active=True,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=week_start))
    if units is not None:
        assignments = assignments.filter(unit__in=units.values("pk"))
    return cast(
        QuerySet[Assignment],
        assignments.select_related("cadre", "unit").order_by("unit__path", "cadre__name", "cadre_id"),
    )


def stay_weeks(assignments: QuerySet[Assignment], week_start: date) -> list[StayWeek]:
    """The stay rule for each assignment's week: distinct days with a sign-in in the village, against the
    town's quota (capped by the working days the cadre was not on leave)."""
    week_end = week_start + timedelta(days=6)
    pairs = list(assignments)
    cadre_ids = sorted({assignment.cadre_id for assignment in pairs})
    days_in: dict[tuple[int, int], list[date]] = defaultdict(list)
    for cadre_id, village_id, day in (
        CheckIn.objects.filter(
            cadre_id__in=cadre_ids, on__gte=week_start, on__lte=week_end, village__isnull=False
        )
        .values_list("cadre_id", "village_id", "on")
        .distinct()
        .order_by("on")
    ):
        days_in[(cadre_id, village_id)].append(day)
    leaves = leave_days(cadre_ids, week_start, week_end)
    calendar = WorkdayCalendar()
    workdays = {week_start + timedelta(days=offset) for offset in range(7)}
    workdays = {day for day in workdays if calendar.is_workday(day)}
    quotas = _town_quotas([assignment.unit for assignment in pairs], "stay_days_per_week")
    weeks = []
    seen: set[tuple[int, int]] = set()
    for assignment in pairs:
        key = (assignment.cadre_id, assignment.unit_id)
        if key in seen:
            continue  # 包村 and 驻村 in the same village are one stay
        seen.add(key)
        quota = quotas.get(assignment.unit_id, DEFAULT_STAY_DAYS_PER_WEEK)
        on_leave = len(workdays & leaves[assignment.cadre_id])
        available = len(workdays) - on_leave
        required = stay_required(quota, available)
        days = [day for day in days_in[key] if day not in leaves[assignment.cadre_id]]
        weeks.append(
            StayWeek(
                cadre=assignment.cadre,
                village=assignment.unit,
                week_start=week_start,
                days=days,
                required=required,
                leave=on_leave,
                available=available,
            )
        )
    return weeks


def stay_compliance(*, viewer: AnyUser, week_start: date) -> list[StayWeek]:
    return stay_weeks(stay_assignments(week_start, visible_units(viewer)), week_start)


@dataclass(frozen=True)
class ResidentMonth:
    cadre: Cadre
    village: Unit
    month: date
    days: int
    required: int
    leave: int

    @property
    def compliant(self) -> bool:
        return self.days >= self.required


def resident_months(*, viewer: AnyUser, month: date) -> list[ResidentMonth]:
    """驻村 cadres' month in the village: distinct days with a sign-in there, against the town's monthly
    quota (default 20), capped by the month's working days not on leave."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    assignments = [
        assignment
        for assignment in stay_assignments(first, visible_units(viewer)).filter(
            kind=AssignmentKind.RESIDENT, start_date__lte=last
        )
    ]
    cadre_ids = sorted({assignment.cadre_id for assignment in assignments})
    days_in = {
        (row["cadre_id"], row["village_id"]): row["days"]
        for row in CheckIn.objects.filter(
            cadre_id__in=cadre_ids, on__gte=first, on__lte=last, village__isnull=False
        )
        .values("cadre_id", "village_id")
        .annotate(days=Count("on", distinct=True))
        .order_by()
    }
    leaves = leave_days(cadre_ids, first, last)
    calendar = WorkdayCalendar()
    workdays = {
        first + timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if calendar.is_workday(first + timedelta(days=offset))
    }
    quotas = _town_quotas([assignment.unit for assignment in assignments], "resident_days_per_month")
    rows = []
    for assignment in assignments:
        on_leave = len(workdays & leaves[assignment.cadre_id])
        quota = quotas.get(assignment.unit_id, DEFAULT_RESIDENT_DAYS_PER_MONTH)
        rows.append(
            ResidentMonth(
                cadre=assignment.cadre,
                village=assignment.unit,
                month=first,
                days=days_in.get((assignment.cadre_id, assignment.unit_id), 0),
                required=max(0, min(quota, len(workdays) - on_leave)),
                leave=on_leave,
            )
        )
    return rows


def _town_quotas(villages: list[Unit], field_name: str) -> dict[int, int]:
    """Per village id, its town's figure `field_name` where the town has written its own rule."""
    ancestors = {village.pk: village.ancestor_ids() for village in villages}
    rules = dict(
        TownRule.objects.filter(town_id__in={pk for ids in ancestors.values() for pk in ids}).values_list(
            "town_id", field_name
        )
    )
    return {
        village_id: next(rules[pk] for pk in ids if pk in rules)
        for village_id, ids in ancestors.items()
        if any(pk in rules for pk in ids)
    }


# --- window duty -------------------------------------------------------------------------------------------


def duty_shift_scope(viewer: AnyUser) -> QuerySet[DutyShift]:
    own = cadre_of(viewer)
    condition = Q(unit__in=visible_units(viewer).values("pk"))
    if own is not None:
        condition |= Q(cadre=own)
    return DutyShift.objects.filter(condition)


def duty_shift_get_for_user(viewer: AnyUser, shift_id: int) -> DutyShift:
    shift = duty_shift_scope(viewer).select_related("unit", "cadre").filter(pk=shift_id).first()
    if shift is None:
        raise NotFound("坐班班次不存在或不在您的管辖范围内")
    return shift


def duty_shift_list(
    *, viewer: AnyUser, since: date, until: date, town: Unit | None = None
) -> QuerySet[DutyShift]:
    shifts = duty_shift_scope(viewer).filter(on__gte=since, on__lte=until)
    if town is not None:
        shifts = shifts.filter(unit=town)
    return (
        shifts.select_related("unit", "cadre")
        .annotate(matters=Count("unresolved_matters"))
        .order_by("on", "kind", "cadre__name")
    )


def duty_swap_get_for_user(viewer: AnyUser, swap_id: int) -> DutySwap:
    swap = (
        DutySwap.objects.filter(shift__in=duty_shift_scope(viewer).values("pk"))
        .select_related("shift", "shift__unit", "shift__cadre", "replacement")
        .filter(pk=swap_id)
        .first()
    )
    if swap is None:
        raise NotFound("换班申请不存在或不在您的管辖范围内")
    return swap


def pending_swaps(*, viewer: AnyUser) -> QuerySet[DutySwap]:
    return (
        DutySwap.objects.filter(status=SwapStatus.PENDING, shift__in=duty_shift_scope(viewer).values("pk"))
        .select_related("shift", "shift__cadre", "replacement", "requested_by")
        .order_by("shift__on", "id")
    )


@dataclass(frozen=True)
class DutyFigures:
    leader_days: int
    leader_attended: int
    staff_days: int
    staff_attended: int
    served: int
    urgent: int
    unresolved: int


def duty_figures(*, viewer: AnyUser, since: date, until: date, town: Unit | None = None) -> DutyFigures:
    """ "领导在窗口坐班 60 次, 现场处理急难险重 12 次": the rota's figures over a period, one aggregate."""
    shifts = duty_shift_scope(viewer).filter(on__gte=since, on__lte=until)
    if town is not None:
        shifts = shifts.filter(unit=town)
    attended = Q(checked_in_at__isnull=False)
    totals = shifts.aggregate(
        leader_days=Count("id", filter=Q(kind=DutyKind.LEADER)),
        leader_attended=Count("id", filter=Q(kind=DutyKind.LEADER) & attended),
        staff_days=Count("id", filter=Q(kind=DutyKind.STAFF)),
        staff_attended=Count("id", filter=Q(kind=DutyKind.STAFF) & attended),
        served=Sum("served_count"),
        urgent=Sum("urgent_count"),
    )
    unresolved = shifts.aggregate(total=Count("unresolved_matters"))["total"]
    return DutyFigures(
        leader_days=totals["leader_days"],
        leader_attended=totals["leader_attended"],
        staff_days=totals["staff_days"],
        staff_attended=totals["staff_attended"],
        served=totals["served"] or 0,
        urgent=totals["urgent"] or 0,
        unresolved=unresolved,
    )


# --- visits ------------------------------------------------------------------------------------------------


def visit_scope(viewer: AnyUser) -> QuerySet[Visit]:
    own = cadre_of(viewer)
    condition = Q(unit__in=visible_units(viewer).values("pk"))
    if own is not None:
        condition |= Q(cadre=own)
    return Visit.objects.filter(condition)


def visit_get_for_user(viewer: AnyUser, visit_id: int) -> Visit:
    visit = visit_scope(viewer).select_related("cadre", "unit").filter(pk=visit_id).first()
    if visit is None:
        raise NotFound("走访记录不存在或不在您的管辖范围内")
    return visit


def visit_list(
    *, viewer: AnyUser, kind: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[Visit]:
    visits = visit_scope(viewer).select_related("cadre", "unit").annotate(problem_count=Count("problems"))
    if kind in VisitKind.values:
        visits = visits.filter(kind=kind)
    if since:
        visits = visits.filter(visited_on__gte=since)
    if until:
        visits = visits.filter(visited_on__lte=until)
    return visits.order_by("-visited_on", "-id")


@dataclass(frozen=True)
class VisitCounts:
    cadre_id: int
    cadre_name: str
    by_kind: dict[str, int]
    problems: int

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def visit_counts(*, viewer: AnyUser, since: date, until: date) -> list[VisitCounts]:
    """Visits per cadre and per kind (五进), with the problems found: one GROUP BY."""
    visits = visit_scope(viewer).filter(visited_on__gte=since, visited_on__lte=until)
    rows = (
        visits.values("cadre_id", "cadre__name")
        .annotate(
            problems=Count("problems"),
            **{kind: Count("id", filter=Q(kind=kind), distinct=True) for kind in VisitKind.values},
        )
        .order_by("cadre__name", "cadre_id")
    )
    return [
        VisitCounts(
            cadre_id=row["cadre_id"],
            cadre_name=row["cadre__name"],
            by_kind={kind: row[kind] for kind in VisitKind.values},
            problems=row["problems"],
        )
        for row in rows
    ]


def visit_problem_get(visit: Visit, problem_id: int) -> VisitProblem:
    problem = visit.problems.filter(pk=problem_id).first()
    if problem is None:
        raise NotFound("问题不存在")
    return problem


# --- presence from the work recorded -----------------------------------------------------------------------


@dataclass(frozen=True)
class VillagePresence:
    """Days a cadre worked in one village over a span, read from the work recorded there; `by_source` is the
    days of each kind of record (one day may have several). Shown to the cadre and the 党委, never ranked."""

    village: Unit
    days: int
    by_source: dict[str, int]


def village_presence(*, viewer: AnyUser, cadre: Cadre, since: date, until: date) -> list[VillagePresence]:
    """Presence in each village counted from work recorded there (基层减负: not from a tap at the gate): 五进
    visits, 防返贫 household visits, mediation sessions, branch meetings recorded, window cases accepted, and
    optional check-ins. A 村民组 counts for its village. Only the cadre and those who manage them may read it."""
    from xiangzhen.assistance.models import Visit as HouseholdVisit
    from xiangzhen.disputes.models import MediationSession
    from xiangzhen.party.models import BranchActivity
    from xiangzhen.services.models import ServiceRequest

    if cadre_of(viewer) != cadre and not assignable_cadres(viewer).filter(pk=cadre.pk).exists():
        raise NotFound("干部不存在或不在您的管辖范围内")
    user = cadre.user_id
    sources: list[tuple[str, QuerySet[Any], str, str]] = [
        ("五进走访", Visit.objects.filter(cadre=cadre), "unit_id", "visited_on"),
        ("入户帮扶", HouseholdVisit.objects.filter(cadre=cadre), "household__village_id", "visited_on"),
        ("矛盾调解", MediationSession.objects.filter(recorded_by_id=user), "dispute__place_id", "held_on"),
        ("组织生活", BranchActivity.objects.filter(recorded_by_id=user), "branch__unit_id", "held_on"),
        ("窗口办件", ServiceRequest.objects.filter(first_officer_id=user), "filed_at_unit_id", "accepted_on"),
        ("签到", CheckIn.objects.filter(cadre=cadre, village__isnull=False), "village_id", "on"),
    ]
    found: dict[str, set[tuple[int, date]]] = {}
    for label, rows, unit_field, day_field in sources:
        if user is None and label in {"矛盾调解", "组织生活", "窗口办件"}:
            continue
        found[label] = set(
            rows.filter(**{f"{day_field}__gte": since, f"{day_field}__lte": until})
            .values_list(unit_field, day_field)
            .distinct()
        )
    unit_ids = {unit_id for pairs in found.values() for unit_id, _day in pairs}
    units = Unit.objects.filter(pk__in=unit_ids, level__in=[UnitLevel.VILLAGE, UnitLevel.GROUP])
    village_of = {unit.pk: unit.pk if unit.level == UnitLevel.VILLAGE else unit.parent_id for unit in units}
    days: dict[int, set[date]] = defaultdict(set)
    by_source: dict[int, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    for label, pairs in found.items():
        for unit_id, day in pairs:
            village_id = village_of.get(unit_id)
            if village_id is not None:
                days[village_id].add(day)
                by_source[village_id][label].add(day)
    villages = Unit.objects.filter(pk__in=days).order_by("path")
    return [
        VillagePresence(
            village=village,
            days=len(days[village.pk]),
            by_source={label: len(on) for label, on in by_source[village.pk].items()},
        )
        for village in villages
    ]
