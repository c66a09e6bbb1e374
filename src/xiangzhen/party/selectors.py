"""Reads of the party pages and API, each taking the viewer: a branch is seen through its unit."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from xiangzhen.errors import NotFound
from xiangzhen.org.selectors import AnyUser, visible_units
from xiangzhen.party.models import (
    ActivityAttachment,
    ActivityKind,
    ActivityRule,
    Branch,
    BranchActivity,
    PartyMember,
    ReserveCadre,
    ReserveStatus,
    RulePeriod,
)
from xiangzhen.supervision.models import Decision, MeetingKind
from xiangzhen.supervision.selectors import meeting_scope
from xiangzhen.workdays.alerts import AlertLevel
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar


def branch_scope(viewer: AnyUser) -> QuerySet[Branch]:
    return Branch.objects.filter(unit__in=visible_units(viewer).values("pk"))


def branch_list(*, viewer: AnyUser) -> QuerySet[Branch]:
    return (
        branch_scope(viewer)
        .select_related("unit")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("unit__path", "id")
    )


def branch_get_for_user(viewer: AnyUser, branch_id: int) -> Branch:
    branch = branch_list(viewer=viewer).filter(pk=branch_id).first()
    if branch is None:
        raise NotFound("党支部不存在或不在您的管辖范围内")
    return branch


def branch_members(branch: Branch) -> QuerySet[PartyMember]:
    """The branch's members on its roll now (transferred members leave it)."""
    return PartyMember.objects.filter(branch=branch).current().order_by("id")


def branch_member_get(branch: Branch, member_id: int) -> PartyMember:
    member = branch_members(branch).filter(pk=member_id).first()
    if member is None:
        raise NotFound("该党员不在本支部名册中")
    return member


def activity_scope(viewer: AnyUser) -> QuerySet[BranchActivity]:
    return BranchActivity.objects.filter(branch__in=branch_scope(viewer).values("pk"))


def activity_list(
    *, viewer: AnyUser, branch: Branch | None = None, kind: str = "", since: date | None = None
) -> QuerySet[BranchActivity]:
    activities = activity_scope(viewer).select_related("branch", "branch__unit")
    if branch is not None:
        activities = activities.filter(branch=branch)
    if kind in ActivityKind.values:
        activities = activities.filter(kind=kind)
    if since is not None:
        activities = activities.filter(held_on__gte=since)
    return activities.order_by("-held_on", "-id")


def activity_get_for_user(viewer: AnyUser, activity_id: int) -> BranchActivity:
    activity = (
        activity_scope(viewer)
        .select_related("branch", "branch__unit", "recorded_by")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound("组织生活记录不存在或不在您的管辖范围内")
    return activity


def activity_file_get_for_user(viewer: AnyUser, activity_id: int, file_id: int) -> ActivityAttachment:
    activity = activity_get_for_user(viewer, activity_id)
    attached = activity.files.select_related("attachment").filter(pk=file_id).first()
    if attached is None:
        raise NotFound("附件不存在或不在您的管辖范围内")
    return attached


def rules_for(branch: Branch) -> dict[str, ActivityRule]:
    """The rule of each activity for this branch: its own where it has one, else the default."""
    rules = {rule.kind: rule for rule in ActivityRule.objects.filter(branch__isnull=True)}
    rules.update({rule.kind: rule for rule in ActivityRule.objects.filter(branch=branch)})
    return rules


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day of the month, quarter or year containing `day`."""
    if period == RulePeriod.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    first_month = day.month if period == RulePeriod.MONTH else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    months = 1 if period == RulePeriod.MONTH else 3
    following = date(start.year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return start, following - timedelta(days=1)


@dataclass(frozen=True)
class Requirement:
    kind: str
    label: str
    period: str
    period_start: date
    period_end: date
    required: int
    held: int
    workdays_left: int
    alert: str  # AlertLevel; "none" also when nothing is missing
    note: str = ""

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held)


@dataclass(frozen=True)
class BranchCompliance:
    branch: Branch
    requirements: list[Requirement]

    @property
    def missing(self) -> list[Requirement]:
        return [requirement for requirement in self.requirements if requirement.missing]

    @property
    def alert(self) -> str:
        alerts = {requirement.alert for requirement in self.missing}
        return next(
            (level for level in (AlertLevel.RED, AlertLevel.YELLOW) if level in alerts), AlertLevel.NONE
        )

    @property
    def met(self) -> int:
        return len(self.requirements) - len(self.missing)


def _workdays_left(calendar: WorkdayCalendar, day: date, end: date) -> int:
    try:
        return calendar.workdays_between(day, end)
    except CalendarUnavailable:
        # Outside the loaded calendar the board still warns, counting weekdays only.
        return sum(1 for offset in range(1, (end - day).days + 1) if (day + timedelta(offset)).weekday() < 5)


def compliance_board(
    *, viewer: AnyUser, on: date, branches: list[Branch] | None = None
) -> list[BranchCompliance]:
    """Every visible branch against its frequency rules for the periods containing `on`.

    Counting is one grouped query per period length (month, quarter, year), never a loop over activities.
    A missing activity is yellow, then red, as its period runs out; a 主题党日 missing once the branch's fixed
    day has passed is red at once."""
    branch_rows = branches if branches is not None else list(branch_scope(viewer).select_related("unit"))
    if not branch_rows:
        return []
    defaults = {rule.kind: rule for rule in ActivityRule.objects.filter(branch__isnull=True)}
    own: dict[int, dict[str, ActivityRule]] = {}
    for branch_rule in ActivityRule.objects.filter(branch__in=branch_rows):
        assert branch_rule.branch_id is not None
        own.setdefault(branch_rule.branch_id, {})[branch_rule.kind] = branch_rule
    counts: dict[tuple[int, str, str], int] = {}
    for period in RulePeriod.values:
        start, end = period_bounds(period, on)
        rows = (
            BranchActivity.objects.filter(
                branch__in=branch_rows, held_on__gte=start, held_on__lte=min(end, on)
            )
            .values("branch_id", "kind")
            .annotate(held=Count("id"))
        )
        for row in rows:
            counts[(row["branch_id"], row["kind"], period)] = row["held"]
    calendar = WorkdayCalendar()
    board = []
    for branch in branch_rows:
        rules = {**defaults, **own.get(branch.pk, {})}
        requirements = []
        for kind in ActivityKind.values:
            rule = rules.get(kind)
            if rule is None or rule.times == 0:
                continue
            start, end = period_bounds(rule.period, on)
            held = counts.get((branch.pk, kind, rule.period), 0)
            left = _workdays_left(calendar, on, end)
            alert, note = AlertLevel.NONE, ""
            if held < rule.times:
                if (
                    kind == ActivityKind.THEME_DAY
                    and rule.period == RulePeriod.MONTH
                    and on.day > branch.theme_day
                ):
                    alert, note = AlertLevel.RED, f"已过每月 {branch.theme_day} 日固定主题党日"
                elif left <= rule.red_workdays:
                    alert = AlertLevel.RED
                elif left <= rule.yellow_workdays:
                    alert = AlertLevel.YELLOW
            requirements.append(
                Requirement(
                    kind=kind,
                    label=str(ActivityKind(kind).label),
                    period=rule.period,
                    period_start=start,
                    period_end=end,
                    required=rule.times,
                    held=held,
                    workdays_left=left,
                    alert=alert,
                    note=note,
                )
            )
        board.append(BranchCompliance(branch=branch, requirements=requirements))
    return board


def party_committee_decisions(*, viewer: AnyUser, branch: Branch | None = None) -> QuerySet[Decision]:
    """重大事项 decided collectively by the 党委会, kept in supervision; here only linked.

    For a branch: those of the 党委会 of the towns above it (and of its own unit)."""
    meetings = meeting_scope(viewer).filter(kind=MeetingKind.PARTY_COMMITTEE)
    if branch is not None:
        meetings = meetings.filter(unit_id__in=[branch.unit_id, *branch.unit.ancestor_ids()])
    return (
        Decision.objects.filter(is_major=True, meeting__in=meetings.values("pk"))
        .select_related("meeting", "meeting__unit")
        .order_by("-meeting__held_on", "-id")
    )


def reserve_scope(viewer: AnyUser) -> QuerySet[ReserveCadre]:
    return ReserveCadre.objects.filter(village__in=visible_units(viewer).values("pk"))


def reserve_list(
    *, viewer: AnyUser, status: str = "", village_id: int | None = None
) -> QuerySet[ReserveCadre]:
    reserves = (
        reserve_scope(viewer)
        .select_related("village")
        .annotate(
            trainings=Count("steps", filter=Q(steps__kind="training")),
            trial_posts=Count("steps", filter=Q(steps__kind="trial_post")),
            assessments=Count("steps", filter=Q(steps__kind="assessment")),
        )
    )
    if status in ReserveStatus.values:
        reserves = reserves.filter(status=status)
    if village_id is not None:
        reserves = reserves.filter(village_id=village_id)
    return reserves.order_by("village__path", "-selected_on", "id")


def reserve_get_for_user(viewer: AnyUser, reserve_id: int) -> ReserveCadre:
    reserve = reserve_scope(viewer).select_related("village").filter(pk=reserve_id).first()
    if reserve is None:
        raise NotFound("后备干部不存在或不在您的管辖范围内")
    return reserve
