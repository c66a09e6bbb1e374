"""群众教育学校: schools, courses and the skills they teach, sessions of at most a set number of people with a
fair waitlist, residents enrolled without an account, attendance, and 轮训 plans that repeat a course in
small sessions until a target group is covered."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Unit
from xiangzhen.validators import mask_name, mask_phone

# "每次授课人数控制在30人以内": a school's default; each session may set its own.
DEFAULT_CAPACITY = 30
# Local practice: a village night school holds two sessions a month.
DEFAULT_MONTHLY_SESSIONS = 2


class Topic(models.TextChoices):
    POLICY = "policy", _("惠农政策")
    SCIENCE = "science", _("科普知识")
    HEALTH = "health", _("医疗卫生")
    FARMING = "farming", _("农业科技")
    PRACTICAL = "practical", _("实用技术")


class School(models.Model):
    """A 片区工委群众教育学校 (or a village night school): one per unit."""

    name = models.CharField(_("学校名称"), max_length=60)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("教学地点"), max_length=120, blank=True)
    default_capacity = models.PositiveSmallIntegerField(_("每期人数上限"), default=DEFAULT_CAPACITY)
    monthly_sessions = models.PositiveSmallIntegerField(_("每月应办期数"), default=DEFAULT_MONTHLY_SESSIONS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("群众教育学校")
        verbose_name_plural = _("群众教育学校")
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit"], name="one_school_per_unit")]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(_("技能"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """What is taught; a course owned by a town serves every school under it."""

    title = models.CharField(_("课程"), max_length=80)
    topic = models.CharField(_("类别"), max_length=12, choices=Topic.choices)
    skills = models.ManyToManyField(Skill, verbose_name=_("所授技能"), blank=True, related_name="courses")
    unit = models.ForeignKey(Unit, verbose_name=_("开课单位"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["topic", "title", "id"]

    def __str__(self) -> str:
        return self.title


class RotationPlan(models.Model):
    """轮训: one course run in many small sessions until a target group is covered within a cycle."""

    title = models.CharField(_("轮训名称"), max_length=80)
    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="plans")
    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="plans")
    # The target group lives in this unit's subtree; only its residents count towards coverage.
    target_unit = models.ForeignKey(
        Unit, verbose_name=_("对象所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    target_group = models.CharField(_("培训对象"), max_length=80)
    target_count = models.PositiveIntegerField(_("对象人数"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    every_days = models.PositiveSmallIntegerField(_("间隔天数"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("轮训计划")
        verbose_name_plural = _("轮训计划")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待开班")
    HELD = "held", _("已开班")
    CANCELLED = "cancelled", _("已取消")


class TrainingSession(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="sessions"
    )
    school = models.ForeignKey(
        School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="sessions"
    )
    plan = models.ForeignKey(
        RotationPlan,
        verbose_name=_("轮训计划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    held_on = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    teacher = models.CharField(_("授课人"), max_length=50)
    capacity = models.PositiveSmallIntegerField(_("人数上限"), default=DEFAULT_CAPACITY)
    # Seats taken; raised only by a conditional UPDATE below capacity, so two clerks cannot overfill a class.
    enrolled_count = models.PositiveSmallIntegerField(_("已报名"), default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["school", "-held_on"]),
            # The list of sessions held: its keyset order, newest first.
            models.Index(fields=["-held_on", "-id"], name="training_session_list_order"),
            models.Index(fields=["held_on"], condition=Q(status="held"), name="training_session_held_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("capacity")), name="training_enrolled_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.course}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)


class Trainee(models.Model):
    """A resident who attends; no account needed. The same name and phone in a village is one person."""

    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    village = models.ForeignKey(
        Unit, verbose_name=_("所在村(组)"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        constraints = [
            models.UniqueConstraint(fields=["village", "name", "phone"], name="one_trainee_per_person")
        ]

    def __str__(self) -> str:
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Enrollment(models.Model):
    """A resident's place in a session (or on its waitlist) and whether they came."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrollments")
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("学员"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(_("状态"), max_length=12, choices=EnrollmentStatus.choices)
    # The waitlist is first come, first served: promoted in this order when a seat is given back.
    requested_at = models.DateTimeField(_("报名时间"))
    attended = models.BooleanField(_("出勤"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("报名与出勤")
        verbose_name_plural = _("报名与出勤")
        ordering = ["session", "requested_at", "id"]
        indexes = [models.Index(fields=["session", "status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"],
                condition=~Q(status="cancelled"),
                name="one_live_enrollment_per_trainee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.trainee}"
