"""Reads of the mass-education school, always through the viewer's jurisdiction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from xiangzhen.errors import NotFound
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, jurisdiction_roots, visible_units
from xiangzhen.training.models import (
    Course,
    Enrollment,
    EnrollmentStatus,
    RotationPlan,
    School,
    SessionStatus,
    TrainingSession,
)


def school_scope(viewer: AnyUser) -> QuerySet[School]:
    return School.objects.filter(unit__in=visible_units(viewer).values("pk")).select_related("unit")


def school_rhythm(viewer: AnyUser, *, month: date) -> QuerySet[School]:
    """The viewer's schools with this month's sessions held or still planned (cancelled ones do not count),
    to hold against each school's monthly target."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    in_month = Q(sessions__held_on__gte=first, sessions__held_on__lt=following)
    return school_scope(viewer).annotate(
        month_held=Count("sessions", filter=in_month & Q(sessions__status=SessionStatus.HELD)),
        month_planned=Count("sessions", filter=in_month & ~Q(sessions__status=SessionStatus.CANCELLED)),
    )


def school_get_for_user(viewer: AnyUser, school_id: int) -> School:
    school = school_scope(viewer).filter(pk=school_id).first()
    if school is None:
        raise NotFound("学校不存在或不在您的管辖范围内")
    return school


def course_scope(viewer: AnyUser) -> QuerySet[Course]:
    """Courses of the viewer's units and of the units above them: a town's course serves its 片区 schools."""
    above = {pk for root in jurisdiction_roots(viewer) for pk in root.ancestor_ids()}
    return Course.objects.filter(
        Q(unit__in=visible_units(viewer).values("pk")) | Q(unit__in=above)
    ).select_related("unit")


def course_get_for_user(viewer: AnyUser, course_id: int) -> Course:
    course = course_scope(viewer).filter(pk=course_id).first()
    if course is None:
        raise NotFound("课程不存在或不在您的管辖范围内")
    return course


def session_scope(viewer: AnyUser) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(school__unit__in=visible_units(viewer).values("pk"))


def session_get_for_user(viewer: AnyUser, session_id: int) -> TrainingSession:
    session = (
        session_scope(viewer)
        .select_related("course", "school", "school__unit", "plan")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound("培训场次不存在或不在您的管辖范围内")
    return session


def session_list(
    *,
    viewer: AnyUser,
    since: date | None = None,
    until: date | None = None,
    status: str = "",
    school_id: int | None = None,
) -> QuerySet[TrainingSession]:
    sessions = session_scope(viewer).select_related("course", "school")
    if since:
        sessions = sessions.filter(held_on__gte=since)
    if until:
        sessions = sessions.filter(held_on__lte=until)
    if status in SessionStatus.values:
        sessions = sessions.filter(status=status)
    if school_id:
        sessions = sessions.filter(school_id=school_id)
    return sessions


def enrollment_get_for_user(viewer: AnyUser, enrollment_id: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(session__in=session_scope(viewer).values("pk"), pk=enrollment_id)
        .select_related("session", "trainee")
        .first()
    )
    if enrollment is None:
        raise NotFound("报名记录不存在或不在您的管辖范围内")
    return enrollment


def session_roster(session: TrainingSession) -> QuerySet[Enrollment]:
    """Those with a seat, then the waitlist in the order it is promoted."""
    return (
        session.enrollments.exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("trainee", "trainee__village")
        .order_by("status", "requested_at", "id")
    )


def trainee_villages(viewer: AnyUser, session: TrainingSession) -> QuerySet[Unit]:
    """Where a session's residents may come from: the school's own villages, or any the viewer answers for."""
    catchment = Unit.objects.within([session.school.unit]) | visible_units(viewer)
    return catchment.filter(level__in=[UnitLevel.VILLAGE, UnitLevel.GROUP]).order_by("path")


def trainee_village_get(viewer: AnyUser, session: TrainingSession, unit_id: int) -> Unit:
    village = trainee_villages(viewer, session).filter(pk=unit_id).first()
    if village is None:
        raise NotFound("学员所在村不在本校或您的管辖范围内")
    return village


def plan_scope(viewer: AnyUser) -> QuerySet[RotationPlan]:
    return RotationPlan.objects.filter(school__unit__in=visible_units(viewer).values("pk")).select_related(
        "course", "school", "target_unit"
    )


def plan_get_for_user(viewer: AnyUser, plan_id: int) -> RotationPlan:
    plan = plan_scope(viewer).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("轮训计划不存在或不在您的管辖范围内")
    return plan


@dataclass(frozen=True)
class PlanProgress:
    """A 轮训 plan against what was done: sessions planned and held, people of the target group covered."""

    planned_sessions: int
    held_sessions: int
    scheduled_sessions: int
    covered: int
    target: int
    capacity: int

    @property
    def remaining(self) -> int:
        return max(self.target - self.covered, 0)

    @property
    def coverage_percent(self) -> int:
        return min(100, self.covered * 100 // self.target) if self.target else 100

    @property
    def sessions_needed(self) -> int:
        """Sessions still to hold for the people not yet covered, at full classes."""
        return -(-self.remaining // self.capacity) if self.capacity else 0

    @property
    def short_of_sessions(self) -> int:
        return max(self.sessions_needed - self.scheduled_sessions, 0)

    @property
    def is_covered(self) -> bool:
        return self.covered >= self.target


def plan_covered_trainees(plan: RotationPlan) -> QuerySet[Enrollment]:
    """Attendances of plan sessions by residents of the target unit."""
    return Enrollment.objects.filter(
        session__plan=plan,
        session__status=SessionStatus.HELD,
        attended=True,
        trainee__village__in=Unit.objects.within([plan.target_unit]).values("pk"),
    )


def plan_progress(plan: RotationPlan) -> PlanProgress:
    counts = plan.sessions.aggregate(
        planned=Count("id", filter=~Q(status=SessionStatus.CANCELLED)),
        held=Count("id", filter=Q(status=SessionStatus.HELD)),
        scheduled=Count("id", filter=Q(status=SessionStatus.SCHEDULED)),
    )
    return PlanProgress(
        planned_sessions=counts["planned"],
        held_sessions=counts["held"],
        scheduled_sessions=counts["scheduled"],
        covered=plan_covered_trainees(plan).values("trainee").distinct().count(),
        target=plan.target_count,
        capacity=plan.school.default_capacity,
    )


@dataclass(frozen=True)
class TrainingFigures:
    key: int | None
    name: str
    sessions: int
    skills: int
    attendances: int
    people: int


def _held(viewer: AnyUser, since: date, until: date, unit: Unit | None) -> QuerySet[TrainingSession]:
    sessions = session_scope(viewer).filter(status=SessionStatus.HELD, held_on__gte=since, held_on__lte=until)
    if unit is not None:
        sessions = sessions.filter(school__unit__in=Unit.objects.within([unit]).values("pk"))
    return sessions


def training_figures(
    *, viewer: AnyUser, since: date, until: date, unit: Unit | None = None
) -> tuple[list[TrainingFigures], TrainingFigures]:
    """Sessions held, skills taught, attendances (人次) and people reached per school's unit, and in all.

    Each measure is its own GROUP BY so that joining skills never multiplies attendances."""
    held = _held(viewer, since, until, unit)
    attended = Enrollment.objects.filter(session__in=held.values("pk"), attended=True)
    key, name = "school__unit_id", "school__unit__name"
    sessions = {row[key]: row for row in held.values(key, name).annotate(count=Count("id"))}
    skills = dict(held.values_list(key).annotate(count=Count("course__skills", distinct=True)))
    people = {
        row["session__school__unit_id"]: row
        for row in attended.values("session__school__unit_id").annotate(
            count=Count("id"), people=Count("trainee", distinct=True)
        )
    }
    rows = [
        TrainingFigures(
            key=unit_id,
            name=row[name],
            sessions=row["count"],
            skills=skills.get(unit_id, 0),
            attendances=people.get(unit_id, {}).get("count", 0),
            people=people.get(unit_id, {}).get("people", 0),
        )
        for unit_id, row in sorted(sessions.items(), key=lambda item: item[1][name])
    ]
    all_skills = held.aggregate(count=Count("course__skills", distinct=True))["count"]
    overall = attended.aggregate(count=Count("id"), people=Count("trainee", distinct=True))
    total = TrainingFigures(
        key=None,
        name="合计",
        sessions=held.count(),
        skills=all_skills,
        attendances=overall["count"],
        people=overall["people"],
    )
    return rows, total


@dataclass(frozen=True)
class MonthFigures:
    month: date
    sessions: int
    attendances: int


def training_by_month(
    *, viewer: AnyUser, since: date, until: date, unit: Unit | None = None
) -> list[MonthFigures]:
    held = _held(viewer, since, until, unit)
    sessions = dict(held.annotate(month=TruncMonth("held_on")).values_list("month").annotate(Count("id")))
    attendances = dict(
        Enrollment.objects.filter(session__in=held.values("pk"), attended=True)
        .annotate(month=TruncMonth("session__held_on"))
        .values_list("month")
        .annotate(Count("id"))
    )
    return [
        MonthFigures(month=month, sessions=sessions[month], attendances=attendances.get(month, 0))
        for month in sorted(sessions)
    ]


def attendance_rows(
    *, viewer: AnyUser, since: date, until: date, session_id: int | None = None
) -> QuerySet[Enrollment]:
    """Every enrollment of held sessions in the period: the attendance sheet."""
    sessions = session_scope(viewer).filter(status=SessionStatus.HELD, held_on__gte=since, held_on__lte=until)
    if session_id:
        sessions = sessions.filter(pk=session_id)
    return (
        Enrollment.objects.filter(session__in=sessions.values("pk"))
        .exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("session", "session__course", "session__school", "trainee", "trainee__village")
        .order_by("session__held_on", "session_id", "requested_at", "id")
    )
