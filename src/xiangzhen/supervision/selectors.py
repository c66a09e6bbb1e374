from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from xiangzhen.errors import NotFound
from xiangzhen.org.models import CadreRole, Unit, UnitLevel
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import AnyUser, cadre_of, visible_units
from xiangzhen.supervision.models import (
    CLOSED_TASK_STATUSES,
    JOINT_MEETING_INTERVAL_DAYS,
    RUNNING_TASK_STATUSES,
    Admission,
    Meeting,
    MeetingKind,
    MeetingReport,
    Task,
    TaskStatus,
)


def task_scope(viewer: AnyUser) -> QuerySet[Task]:
    """Tasks of the viewer's units, and those they own, co-own or supervise."""
    condition = Q(owner_unit__in=visible_units(viewer).values("pk"))
    cadre = cadre_of(viewer)
    if cadre is not None:
        condition |= Q(owner=cadre) | Q(co_owners=cadre)
    if viewer.is_authenticated:
        condition |= Q(supervisor=viewer)
    return Task.objects.filter(condition).distinct()


def task_get_for_user(viewer: AnyUser, task_id: int) -> Task:
    task = task_scope(viewer).select_related("owner_unit", "owner", "decision").filter(pk=task_id).first()
    if task is None:
        raise NotFound("督办事项不存在或不在您的管辖范围内")
    return task


def task_list(*, viewer: AnyUser, status: str = "", alert: str = "", mine: bool = False) -> QuerySet[Task]:
    """The viewer's tasks; `mine`: only those they own, co-own or supervise (我的督办)."""
    tasks = task_scope(viewer).select_related("owner_unit", "owner")
    if mine:
        cadre = cadre_of(viewer)
        own = Q(supervisor=viewer) if viewer.is_authenticated else Q(pk__in=[])
        if cadre is not None:
            own |= Q(owner=cadre) | Q(co_owners=cadre)
        tasks = tasks.filter(own)
    if status == "open":
        tasks = tasks.exclude(status__in=CLOSED_TASK_STATUSES)
    elif status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if alert:
        tasks = tasks.filter(alert=alert, status__in=RUNNING_TASK_STATUSES)
    return tasks.order_by("due_date", "id")


def meeting_scope(viewer: AnyUser) -> QuerySet[Meeting]:
    """Meetings of the viewer's units, and those they attended: a 片区 cadre at the town's joint meeting
    sees it, though the town itself is outside their jurisdiction."""
    condition = Q(unit__in=visible_units(viewer).values("pk"))
    cadre = cadre_of(viewer)
    if cadre is not None:
        condition |= Q(pk__in=Meeting.attendees.through.objects.filter(cadre=cadre).values("meeting_id"))
    return Meeting.objects.filter(condition)


def meeting_get_for_user(viewer: AnyUser, meeting_id: int) -> Meeting:
    meeting = meeting_scope(viewer).select_related("unit").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("会议不存在或不在您的管辖范围内")
    return meeting


def agenda_units(viewer: AnyUser, units: list[Unit]) -> dict[int, Unit | None]:
    """For each meeting's unit, whose next agenda the viewer opens from it: the unit itself inside their
    jurisdiction; for a meeting they only attended (the town's joint meeting seen from a 片区), their own
    town or 片区 under it; None when they have no part of it (a village cadre at the town's meeting)."""
    distinct = {unit.pk: unit for unit in units}
    visible = visible_units(viewer)
    inside = set(visible.filter(pk__in=list(distinct)).values_list("pk", flat=True))
    return {
        pk: unit
        if pk in inside
        else visible.within([unit])
        .filter(level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT])
        .order_by("path")
        .first()
        for pk, unit in distinct.items()
    }


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting | None
    next_joint_meeting_on: date | None
    owing_reports: list[Unit]
    open_tasks: list[Task]
    overdue_tasks: list[Task]
    unresolved_problems: list[MeetingReport]


def _joint_meeting_hosts(unit: Unit) -> list[int]:
    """Where a unit's joint meetings are held: its own, and for a 片区 the town's, which it reports to."""
    hosts = [unit.pk]
    if unit.level == UnitLevel.DISTRICT and unit.parent_id is not None:
        hosts.append(unit.parent_id)
    return hosts


def meeting_agenda(*, unit: Unit, today: date) -> Agenda:
    """The next joint meeting's agenda: who still owes a report, open and overdue tasks, unsolved problems.

    For a 片区 the meeting is usually the town's: the agenda then shows the 片区's own part of it.
    """
    joint = Meeting.objects.filter(unit__in=_joint_meeting_hosts(unit), kind=MeetingKind.JOINT)
    upcoming = joint.filter(held_on__gte=today).order_by("held_on", "id").first()
    last = joint.filter(held_on__lt=today).order_by("-held_on", "-id").first()
    next_on = (
        upcoming.held_on
        if upcoming
        else (last.held_on + timedelta(days=JOINT_MEETING_INTERVAL_DAYS) if last else None)
    )
    host = upcoming or last
    if host is not None and host.unit_id != unit.pk:
        # A 片区 at its town's meeting owes its own report.
        reporting_units = [unit]
    else:
        reporting_units = list(unit.children.filter(level=UnitLevel.DISTRICT).order_by("path")) or list(
            unit.children.filter(level=UnitLevel.VILLAGE).order_by("path")
        )
    reported = set(upcoming.reports.values_list("unit_id", flat=True)) if upcoming else set()
    subtree = Unit.objects.within([unit]).values("pk")
    tasks = Task.objects.filter(owner_unit__in=subtree).exclude(status__in=CLOSED_TASK_STATUSES)
    return Agenda(
        meeting=upcoming,
        next_joint_meeting_on=next_on,
        owing_reports=[district for district in reporting_units if district.pk not in reported],
        open_tasks=list(tasks.select_related("owner_unit", "owner").order_by("due_date")),
        overdue_tasks=list(
            tasks.filter(due_date__lt=today, status__in=RUNNING_TASK_STATUSES).select_related(
                "owner_unit", "owner"
            )
        ),
        unresolved_problems=list(
            MeetingReport.objects.filter(meeting=last, problems_resolved=False, unit__in=subtree)
            .exclude(urgent_problems="")
            .select_related("unit")
        )
        if last
        else [],
    )


def user_may_verify(viewer: AnyUser, task: Task) -> bool:
    """The task's supervisor, or a leader (a role that may verify tasks) whose jurisdiction covers the owner
    unit. Never the owner, never a village cadre: seeing the unit is not enough to close its work."""
    if not viewer.is_authenticated:
        return False
    cadre = cadre_of(viewer)
    if cadre is not None and (cadre.pk == task.owner_id or cadre.role == CadreRole.VILLAGE_CADRE):
        return False
    if task.supervisor_id == viewer.pk:
        return True
    return (
        user_may(viewer, Action.VERIFY_TASKS) and visible_units(viewer).filter(pk=task.owner_unit_id).exists()
    )


# --- 准入: what the county hands its towns outside their 履职事项清单 ------------------------------------------


def admission_pending(viewer: AnyUser) -> QuerySet[Task]:
    return (
        task_scope(viewer)
        .filter(admission=Admission.PENDING)
        .select_related("owner_unit", "owner", "supervisor", "duty_item")
        .order_by("assigned_on", "id")
    )


@dataclass(frozen=True)
class SenderAdmissions:
    """One sender's tasks handed down to towns in a period, by how they stand against the towns' lists."""

    sender: str
    handed_down: int
    in_list: int
    outside_list: int
    withdrawn_item: int
    pending: int
    returned: int

    @property
    def outside_share(self) -> float:
        return (self.outside_list + self.withdrawn_item) / self.handed_down if self.handed_down else 0.0


def admissions_by_sender(viewer: AnyUser, *, start: date, end: date) -> list[SenderAdmissions]:
    """Tasks handed down to the viewer's towns with 交办日期 in [start, end), one row per sender, most
    out-of-list first: the county sees which of its departments keep handing towns work the lists do not hold."""

    rows = (
        task_scope(viewer)
        .filter(handed_down=True, assigned_on__gte=start, assigned_on__lt=end)
        .order_by()
        .values("supervisor_id", "supervisor__username", "supervisor__cadre__name")
        .annotate(
            handed_down=Count("id", distinct=True),
            outside_list=Count("id", filter=Q(duty_item__isnull=True), distinct=True),
            withdrawn_item=Count("id", filter=Q(duty_item__category="withdrawn"), distinct=True),
            pending=Count("id", filter=Q(admission=Admission.PENDING), distinct=True),
            returned=Count("id", filter=Q(admission=Admission.RETURNED), distinct=True),
        )
    )
    result = [
        SenderAdmissions(
            sender=row["supervisor__cadre__name"] or row["supervisor__username"],
            handed_down=row["handed_down"],
            in_list=row["handed_down"] - row["outside_list"] - row["withdrawn_item"],
            outside_list=row["outside_list"],
            withdrawn_item=row["withdrawn_item"],
            pending=row["pending"],
            returned=row["returned"],
        )
        for row in rows
    ]
    return sorted(
        result, key=lambda row: (-(row.outside_list + row.withdrawn_item), -row.handed_down, row.sender)
    )
