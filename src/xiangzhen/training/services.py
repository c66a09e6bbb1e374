"""群众教育学校: schedule sessions, enroll residents within capacity (a fair waitlist takes any seat given back),
record attendance, and plan 轮训 so that a course reaches a whole target group in small classes."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import unit_require_visible
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.training.models import (
    DEFAULT_MONTHLY_SESSIONS,
    Course,
    Enrollment,
    EnrollmentStatus,
    RotationPlan,
    School,
    SessionStatus,
    Skill,
    Topic,
    Trainee,
    TrainingSession,
)
from xiangzhen.training.selectors import course_scope, session_scope, trainee_village_get
from xiangzhen.transitions import transition
from xiangzhen.validators import MOBILE_PATTERN, text_require

# A class is small by design; a bigger number is a typing error, not a plan.
MAX_CAPACITY = 200
MAX_MONTHLY_SESSIONS = 31
MAX_SKILLS_PER_COURSE = 10
# Sessions are scheduled within the coming year; a plan generates at most this many at once.
SCHEDULE_HORIZON_DAYS = 366
# Sessions held earlier may be entered afterwards (补录), but not years later: a date decades back is a typo.
BACKFILL_DAYS = 2 * 366
MAX_PLAN_SESSIONS = 100


@dataclass(frozen=True)
class EnrollmentResult:
    enrollment: Enrollment
    waitlist_position: int | None

    @property
    def message(self) -> str:
        name = self.enrollment.trainee.name
        if self.waitlist_position is None:
            return f"{name}已报名"
        return f"本期已满,{name}列入候补第 {self.waitlist_position} 位,有人取消时按顺序递补"


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _ensure_session(actor: User, session: TrainingSession) -> None:
    if not session_scope(actor).filter(pk=session.pk).exists():
        raise NotFound("培训场次不存在或不在您的管辖范围内")


def _check_capacity(capacity: int) -> None:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationFailed(f"人数上限应在 1 到 {MAX_CAPACITY} 之间")


def _check_date(held_on: date, today: date) -> None:
    earliest = max(EARLIEST_DATE, today - timedelta(days=BACKFILL_DAYS))
    if held_on < earliest:
        raise ValidationFailed(f"只能补录两年以内的培训,日期不能早于 {earliest.isoformat()}")
    if held_on > today + timedelta(days=SCHEDULE_HORIZON_DAYS):
        raise ValidationFailed("只能安排一年以内的培训")


@transaction.atomic
def school_create(
    *,
    actor: User,
    unit: Unit,
    name: str,
    address: str = "",
    default_capacity: int | None = None,
    monthly_sessions: int = DEFAULT_MONTHLY_SESSIONS,
) -> School:
    unit_require_visible(actor, unit)
    permission_require(actor, Action.MANAGE_TRAINING)
    text_require(("学校名称", name, 60), ("教学地点", address, 120))
    if not name.strip():
        raise ValidationFailed("请填写学校名称")
    if unit.level not in {UnitLevel.TOWN, UnitLevel.DISTRICT, UnitLevel.VILLAGE}:
        raise ValidationFailed("学校设在乡镇、片区或村(夜校)")
    capacity = (
        default_capacity
        if default_capacity is not None
        else School._meta.get_field("default_capacity").get_default()
    )
    _check_capacity(capacity)
    if not 0 <= monthly_sessions <= MAX_MONTHLY_SESSIONS:
        raise ValidationFailed(f"每月应办期数应在 0 到 {MAX_MONTHLY_SESSIONS} 之间")
    if School.objects.filter(unit=unit).exists():
        raise Conflict(f"{unit.name}已有群众教育学校")
    school = School.objects.create(
        unit=unit,
        name=name.strip(),
        address=address.strip(),
        default_capacity=capacity,
        monthly_sessions=monthly_sessions,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="school.create",
        target=school,
        unit=unit,
        changes={"name": [None, school.name], "default_capacity": [None, capacity]},
    )
    return school


@transaction.atomic
def course_create(
    *, actor: User, unit: Unit, title: str, topic: str, skills: Iterable[str], description: str = ""
) -> Course:
    unit_require_visible(actor, unit)
    permission_require(actor, Action.MANAGE_TRAINING)
    names = list(dict.fromkeys(skill.strip() for skill in skills if skill.strip()))
    text_require(("课程", title, 80), ("内容", description, None), *[("技能", skill, 40) for skill in names])
    if not title.strip():
        raise ValidationFailed("请填写课程名称")
    if topic not in Topic.values:
        raise ValidationFailed("请选择类别:惠农政策、科普知识、医疗卫生、农业科技或实用技术")
    if len(names) > MAX_SKILLS_PER_COURSE:
        raise ValidationFailed(f"一门课程最多 {MAX_SKILLS_PER_COURSE} 项技能")
    course = Course.objects.create(
        unit=unit, title=title.strip(), topic=topic, description=description.strip(), created_by=actor
    )
    course.skills.set([Skill.objects.get_or_create(name=name)[0] for name in names])
    audit_record(
        actor=actor,
        action="course.create",
        target=course,
        unit=unit,
        changes={"topic": [None, topic], "skills": [None, "、".join(names)]},
    )
    return course


@transaction.atomic
def training_session_schedule(
    *,
    actor: User,
    course: Course,
    school: School,
    held_on: date,
    teacher: str,
    place: str = "",
    starts_at: time | None = None,
    capacity: int | None = None,
    plan: RotationPlan | None = None,
    now: datetime | None = None,
) -> TrainingSession:
    """A session of a course at a school; past dates may be entered afterwards (补录)."""
    unit_require_visible(actor, school.unit)
    permission_require(actor, Action.MANAGE_TRAINING)
    if not course_scope(actor).filter(pk=course.pk).exists():
        raise NotFound("课程不存在或不在您的管辖范围内")
    text_require(("授课人", teacher, 50), ("地点", place, 120))
    if not teacher.strip():
        raise ValidationFailed("请填写授课人")
    _check_date(held_on, timezone.localdate(_now(now)))
    if starts_at is not None and starts_at.tzinfo is not None:
        raise ValidationFailed("开始时间不能带时区,请填写本地时间")
    seats = capacity if capacity is not None else school.default_capacity
    _check_capacity(seats)
    session = TrainingSession.objects.create(
        course=course,
        school=school,
        plan=plan,
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip() or school.address,
        teacher=teacher.strip(),
        capacity=seats,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="training_session.create",
        target=session,
        unit=school.unit,
        changes={"held_on": [None, held_on.isoformat()], "capacity": [None, seats]},
    )
    return session


@transaction.atomic
def training_session_cancel(*, actor: User, session: TrainingSession, reason: str) -> TrainingSession:
    _ensure_session(actor, session)
    permission_require(actor, Action.MANAGE_TRAINING)
    text_require(("取消原因", reason, 200))
    if not reason.strip():
        raise ValidationFailed("请写明取消原因")
    transition(
        session,
        allowed=[SessionStatus.SCHEDULED],
        noun="培训场次",
        status=SessionStatus.CANCELLED,
        cancel_reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        action="training_session.cancel",
        target=session,
        unit=session.school.unit,
        changes={"reason": [None, reason.strip()]},
    )
    return session


def _trainee(name: str, phone: str, village: Unit) -> Trainee:
    trainee, _ = Trainee.objects.get_or_create(village=village, name=name, phone=phone)
    return trainee


def _waitlist_position(enrollment: Enrollment) -> int:
    ahead = Enrollment.objects.filter(
        session_id=enrollment.session_id,
        status=EnrollmentStatus.WAITLISTED,
        requested_at__lte=enrollment.requested_at,
    ).exclude(requested_at=enrollment.requested_at, pk__gt=enrollment.pk)
    return ahead.count()


@transaction.atomic
def enrollment_add(
    *,
    actor: User,
    session: TrainingSession,
    name: str,
    village: Unit,
    phone: str = "",
    now: datetime | None = None,
) -> EnrollmentResult:
    """Enroll a resident: a seat while one is left, else a place at the end of the waitlist."""
    at = _now(now)
    _ensure_session(actor, session)
    permission_require(actor, Action.MANAGE_TRAINING)
    text_require(("姓名", name, 50), ("联系电话", phone, 20))
    name, phone = name.strip(), phone.strip()
    if not name:
        raise ValidationFailed("请填写学员姓名")
    if phone and not MOBILE_PATTERN.fullmatch(phone):
        raise ValidationFailed("手机号应为 11 位数字,以 1 开头")
    # Residents come from the school's own villages, or from any village the clerk answers for.
    trainee_village_get(actor, session, village.pk)
    if session.status != SessionStatus.SCHEDULED:
        raise Conflict(f"培训场次{session.get_status_display()},不能再报名")
    trainee = _trainee(name, phone, village)
    if session.enrollments.filter(trainee=trainee).exclude(status=EnrollmentStatus.CANCELLED).exists():
        raise Conflict(f"{name}已在本期名单中")
    if (
        session.plan_id is not None
        and Enrollment.objects.filter(
            session__plan_id=session.plan_id,
            session__status=SessionStatus.HELD,
            trainee=trainee,
            attended=True,
        ).exists()
    ):
        raise ValidationFailed(f"{name}已参加过本轮轮训,请把名额留给尚未培训的群众")
    seated = (
        TrainingSession.objects.filter(pk=session.pk, enrolled_count__lt=F("capacity")).update(
            enrolled_count=F("enrolled_count") + 1
        )
        == 1
    )
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                session=session,
                trainee=trainee,
                status=EnrollmentStatus.ENROLLED if seated else EnrollmentStatus.WAITLISTED,
                requested_at=at,
                recorded_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"{name}已在本期名单中") from None
    session.refresh_from_db(fields=["enrolled_count"])
    position = None if seated else _waitlist_position(enrollment)
    audit_record(
        actor=actor,
        action="enrollment.add",
        target=enrollment,
        unit=session.school.unit,
        changes={"status": [None, enrollment.status], "session": [None, session.pk]},
    )
    return EnrollmentResult(enrollment, position)


def _promote_next(session: TrainingSession) -> Enrollment | None:
    """Give a freed seat to the longest-waiting person; skip anyone another clerk promoted meanwhile."""
    waiting = session.enrollments.filter(status=EnrollmentStatus.WAITLISTED).order_by("requested_at", "id")
    for candidate in waiting:
        if (
            Enrollment.objects.filter(pk=candidate.pk, status=EnrollmentStatus.WAITLISTED).update(
                status=EnrollmentStatus.ENROLLED
            )
            == 1
        ):
            candidate.status = EnrollmentStatus.ENROLLED
            return candidate
    return None


@transaction.atomic
def enrollment_cancel(*, actor: User, enrollment: Enrollment) -> Enrollment | None:
    """Withdraw from a session; a seat given back goes to the first on the waitlist. Returns who moved up."""
    session = enrollment.session
    _ensure_session(actor, session)
    permission_require(actor, Action.MANAGE_TRAINING)
    if session.status != SessionStatus.SCHEDULED:
        raise Conflict(f"培训场次{session.get_status_display()},不能再取消报名")
    previous = enrollment.status
    if (
        Enrollment.objects.filter(pk=enrollment.pk, status=previous)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .update(status=EnrollmentStatus.CANCELLED)
        != 1
    ):
        raise Conflict("该报名已取消或已被他人处理,请刷新后重试")
    enrollment.status = EnrollmentStatus.CANCELLED
    promoted = None
    if previous == EnrollmentStatus.ENROLLED:
        promoted = _promote_next(session)
        if promoted is None:
            TrainingSession.objects.filter(pk=session.pk).update(enrolled_count=F("enrolled_count") - 1)
    audit_record(
        actor=actor,
        action="enrollment.cancel",
        target=enrollment,
        unit=session.school.unit,
        changes={
            "status": [previous, EnrollmentStatus.CANCELLED],
            "promoted": [None, promoted.pk if promoted else None],
        },
    )
    return promoted


@transaction.atomic
def training_session_set_capacity(
    *, actor: User, session: TrainingSession, capacity: int
) -> list[Enrollment]:
    """Change a class's size; new seats go to the waitlist in its order. Returns who moved up."""
    _ensure_session(actor, session)
    permission_require(actor, Action.MANAGE_TRAINING)
    _check_capacity(capacity)
    if session.status != SessionStatus.SCHEDULED:
        raise Conflict(f"培训场次{session.get_status_display()},不能再调整人数")
    seated = session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()
    if capacity < seated:
        raise ValidationFailed(f"已有 {seated} 人报名,人数上限不能少于 {seated};请先取消部分报名")
    promoted: list[Enrollment] = []
    while len(promoted) < capacity - seated:
        candidate = _promote_next(session)
        if candidate is None:
            break
        promoted.append(candidate)
    # Only if no seat changed hands meanwhile: the counter and the roster must agree.
    if (
        TrainingSession.objects.filter(
            pk=session.pk, enrolled_count=seated, status=SessionStatus.SCHEDULED
        ).update(capacity=capacity, enrolled_count=seated + len(promoted), version=F("version") + 1)
        != 1
    ):
        raise Conflict("名单刚有变动,请刷新后重试")
    previous = session.capacity
    session.refresh_from_db()
    audit_record(
        actor=actor,
        action="training_session.update",
        target=session,
        unit=session.school.unit,
        changes={"capacity": [previous, capacity], "promoted": [None, len(promoted)]},
    )
    return promoted


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    session: TrainingSession,
    attended: Iterable[int],
    version: int | None = None,
    now: datetime | None = None,
) -> int:
    """Who came, ticked on the roster; the session counts as held from then on. Returns the number present.

    `version` is the session version the roster was read at: a roster saved meanwhile by someone else is
    never silently overwritten."""
    _ensure_session(actor, session)
    permission_require(actor, Action.MANAGE_TRAINING)
    if session.held_on > timezone.localdate(_now(now)):
        raise ValidationFailed(f"培训在 {session.held_on} 举行,当天或之后才能记录出勤")
    if version is not None and version != session.version:
        raise Conflict("出勤已被他人更新,请刷新后重试")
    present = set(attended)
    seated = session.enrollments.filter(status=EnrollmentStatus.ENROLLED)
    strangers = present - set(seated.values_list("pk", flat=True))
    if strangers:
        raise ValidationFailed("只能为本期已报名的学员记录出勤")
    transition(
        session,
        allowed=[SessionStatus.SCHEDULED, SessionStatus.HELD],
        noun="培训场次",
        status=SessionStatus.HELD,
    )
    seated.filter(pk__in=present).update(attended=True)
    seated.exclude(pk__in=present).update(attended=False)
    audit_record(
        actor=actor,
        action="attendance.record",
        target=session,
        unit=session.school.unit,
        changes={"attended": [None, len(present)], "enrolled": [None, session.enrolled_count]},
    )
    return len(present)


@transaction.atomic
def rotation_plan_create(
    *,
    actor: User,
    title: str,
    course: Course,
    school: School,
    target_unit: Unit,
    target_group: str,
    target_count: int,
    starts_on: date,
    ends_on: date,
    every_days: int,
    teacher: str,
    now: datetime | None = None,
) -> RotationPlan:
    """轮训: enough full-size sessions of one course, one every `every_days` days, to reach the whole group."""
    unit_require_visible(actor, school.unit)
    unit_require_visible(actor, target_unit)
    permission_require(actor, Action.MANAGE_TRAINING)
    if not course_scope(actor).filter(pk=course.pk).exists():
        raise NotFound("课程不存在或不在您的管辖范围内")
    text_require(("轮训名称", title, 80), ("培训对象", target_group, 80), ("授课人", teacher, 50))
    if not title.strip() or not target_group.strip():
        raise ValidationFailed("请填写轮训名称和培训对象")
    if target_count < 1:
        raise ValidationFailed("对象人数至少为 1")
    if every_days < 1:
        raise ValidationFailed("间隔天数至少为 1")
    if ends_on < starts_on:
        raise ValidationFailed("结束日期不能早于开始日期")
    today = timezone.localdate(_now(now))
    _check_date(starts_on, today)
    _check_date(ends_on, today)
    needed = -(-target_count // school.default_capacity)
    if needed > MAX_PLAN_SESSIONS:
        raise ValidationFailed(f"需要 {needed} 期,超过一次最多安排的 {MAX_PLAN_SESSIONS} 期,请分批制定计划")
    last = starts_on + timedelta(days=every_days * (needed - 1))
    if last > ends_on:
        raise ValidationFailed(
            f"{target_count} 人每期 {school.default_capacity} 人需办 {needed} 期,"
            f"每 {every_days} 天一期要到 {last} 才能办完,请缩短间隔或延长周期"
        )
    plan = RotationPlan.objects.create(
        title=title.strip(),
        course=course,
        school=school,
        target_unit=target_unit,
        target_group=target_group.strip(),
        target_count=target_count,
        starts_on=starts_on,
        ends_on=ends_on,
        every_days=every_days,
        created_by=actor,
    )
    TrainingSession.objects.bulk_create(
        TrainingSession(
            course=course,
            school=school,
            plan=plan,
            held_on=starts_on + timedelta(days=every_days * number),
            place=school.address,
            teacher=teacher.strip(),
            capacity=school.default_capacity,
            created_by=actor,
        )
        for number in range(needed)
    )
    audit_record(
        actor=actor,
        action="rotation_plan.create",
        target=plan,
        unit=school.unit,
        changes={"target_count": [None, target_count], "sessions": [None, needed]},
    )
    return plan


@transaction.atomic
def rotation_plan_extend(
    *, actor: User, plan: RotationPlan, held_on: date, teacher: str, now: datetime | None = None
) -> TrainingSession:
    """One more session of the plan, for the people absent or not yet reached."""
    if held_on < plan.starts_on or held_on > plan.ends_on:
        raise ValidationFailed(f"加开的场次应在轮训周期 {plan.starts_on} 至 {plan.ends_on} 之内")
    return training_session_schedule(
        actor=actor,
        course=plan.course,
        school=plan.school,
        held_on=held_on,
        teacher=teacher,
        plan=plan,
        now=now,
    )
