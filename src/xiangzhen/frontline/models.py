from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit

# The seed's rule (龙广镇: 联系干部每周在村组蹲点 3 天以上) and an office day starting at nine: the defaults of a
# town that has not written its own rule.
DEFAULT_STAY_DAYS_PER_WEEK = 3
DEFAULT_SIGN_IN_BY = time(9, 0)
# 驻村第一书记和工作队: at least 20 days a month in the village (a local rule, hence a town's figure).
DEFAULT_RESIDENT_DAYS_PER_MONTH = 20
# Leave a town approves on its own; longer leave is the county's to approve.
DEFAULT_TOWN_LEAVE_DAYS = 3


class TownRule(models.Model):
    """A town's own figures for the frontline rules; a town without a row uses the defaults above."""

    town = models.OneToOneField(Unit, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+")
    sign_in_by = models.TimeField(_("签到截止时间"), default=DEFAULT_SIGN_IN_BY)
    stay_days_per_week = models.PositiveSmallIntegerField(
        _("每周驻村蹲点天数"), default=DEFAULT_STAY_DAYS_PER_WEEK
    )
    resident_days_per_month = models.PositiveSmallIntegerField(
        _("驻村干部每月在村天数"), default=DEFAULT_RESIDENT_DAYS_PER_MONTH
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("一线工作规则")
        verbose_name_plural = _("一线工作规则")

    def __str__(self) -> str:
        return f"{self.town}:{self.sign_in_by:%H:%M} 前签到,每周蹲点 {self.stay_days_per_week} 天"


class DutyKind(models.TextChoices):
    LEADER = "leader", _("带班领导")
    STAFF = "staff", _("窗口坐班")


class DutyShift(models.Model):
    """One cadre's day at the town's service-hall windows (坐班), with the duty log of that day."""

    unit = models.ForeignKey(Unit, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("日期"))
    kind = models.CharField(_("班次"), max_length=10, choices=DutyKind.choices)
    cadre = models.ForeignKey(Cadre, verbose_name=_("坐班干部"), on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField(_("到岗签到"), null=True, blank=True)
    served_count = models.PositiveIntegerField(_("接待服务群众(人次)"), default=0)
    urgent_count = models.PositiveIntegerField(_("现场处理急难险重事件"), default=0)
    log = models.TextField(_("值班日志"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("坐班轮值")
        verbose_name_plural = _("坐班轮值")
        ordering = ["on", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "on", "kind", "cadre"], name="one_duty_per_cadre_day_kind"
            )
        ]
        indexes = [models.Index(fields=["unit", "on"]), models.Index(fields=["cadre", "on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.cadre}"


class UnresolvedMatter(models.Model):
    """办不成事: a matter a citizen could not get done at the windows that day, for the 带班领导 to follow."""

    shift = models.ForeignKey(DutyShift, on_delete=models.CASCADE, related_name="unresolved_matters")
    summary = models.CharField(_("事项"), max_length=200)
    reason = models.TextField(_("办不成的原因"))
    follow_up = models.TextField(_("跟进措施"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("办不成事")
        verbose_name_plural = _("办不成事")
        ordering = ["shift", "id"]

    def __str__(self) -> str:
        return self.summary


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")


class DutySwap(models.Model):
    shift = models.ForeignKey(DutyShift, on_delete=models.CASCADE, related_name="swaps")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replacement = models.ForeignKey(
        Cadre, verbose_name=_("替班干部"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("换班原因"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=SwapStatus.choices, default=SwapStatus.PENDING
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("换班申请")
        verbose_name_plural = _("换班申请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.shift} → {self.replacement}"


class SecurityDuty(models.Model):
    """A named 安保/应急 duty a town switched on (防汛值守, 春节安保): the only place a check-in records more
    than the day and the village, and the only place its exceptions are flagged.

    基层减负 (《整治形式主义为基层减负若干规定》, 2024; 国办函〔2026〕12号): an ordinary check-in is optional and
    keeps neither a position, nor a photo, nor the phone; presence is shown by the work recorded."""

    town = models.ForeignKey(Unit, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("值守名称"), max_length=80)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    records_time = models.BooleanField(_("记录迟到"), default=False)
    records_location = models.BooleanField(_("记录定位"), default=False)
    records_photo = models.BooleanField(_("要求现场照片"), default=False)
    records_device = models.BooleanField(_("记录设备"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("设立时间"))

    class Meta:
        verbose_name = _("安保应急值守")
        verbose_name_plural = _("安保应急值守")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="security_duty_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.starts_on}–{self.ends_on})"

    def covers(self, day: "date") -> bool:
        return self.starts_on <= day <= self.ends_on


class CheckIn(models.Model):
    """A cadre's optional sign-in: the day and the place chosen. Time, position, photo and device are kept
    (and their exceptions flagged) only within a named 安保/应急 duty that switched them on."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("签到时间"))
    on = models.DateField(_("日期"))
    place = models.ForeignKey(
        Unit, verbose_name=_("签到地点"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The village the sign-in counts for (the place itself, or the village of a 村民组): what 蹲点 counts.
    village = models.ForeignKey(
        Unit, verbose_name=_("所在村"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy = models.PositiveIntegerField(_("定位精度(米)"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    photo = models.OneToOneField(
        "attachments.Attachment",
        verbose_name=_("现场照片"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="check_in",
    )
    device = models.CharField(_("设备"), max_length=200, blank=True)
    duty = models.ForeignKey(
        SecurityDuty,
        verbose_name=_("安保应急值守"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="check_ins",
    )
    # The exceptions WeCom's records name: 时间 (late on a working day), 地点 (no position), 设备 (not the
    # usual one). 缺卡 is a working day without any row, found by the attendance sheet.
    late = models.BooleanField(_("迟到"), default=False)
    no_location = models.BooleanField(_("无定位"), default=False)
    unusual_device = models.BooleanField(_("非常用设备"), default=False)

    class Meta:
        verbose_name = _("考勤签到")
        verbose_name_plural = _("考勤签到")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["cadre", "on"]),
            models.Index(
                fields=["village", "on"], condition=Q(village__isnull=False), name="check_in_village_day"
            ),
            # The sign-in list's keyset order (newest first).
            models.Index(fields=["-at", "-id"], name="check_in_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.at:%Y-%m-%d %H:%M}"

    @property
    def exceptions(self) -> list[str]:
        named = [
            ("late", "时间异常(迟到)"),
            ("no_location", "地点异常(无定位)"),
            ("unusual_device", "设备异常"),
        ]
        return [label for field, label in named if getattr(self, field)]


class Leave(models.Model):
    """Approved leave: a working day on leave is neither absent nor owed to the village."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="leave_ends_after_start")
        ]
        indexes = [models.Index(fields=["cadre", "start"])]

    def __str__(self) -> str:
        return f"{self.cadre} {self.start}–{self.end}"


class VillageStay(models.Model):
    """A cadre's week in an assigned village (蹲点), derived from the check-ins there; stored for the indicator."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey(Unit, verbose_name=_("村"), on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(_("周一"))
    days = models.PositiveSmallIntegerField(_("在村天数"))
    required = models.PositiveSmallIntegerField(_("应在村天数"))
    # The week's working days not on leave: the quota is capped by them, so a new quota recomputes
    # `required` and `compliant` of every stored week in one UPDATE (see town_rule_set).
    available = models.PositiveSmallIntegerField(_("可在村工作日"), default=0)
    compliant = models.BooleanField(_("达标"))
    day_list = models.CharField(_("在村日期"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("驻村蹲点")
        verbose_name_plural = _("驻村蹲点")
        ordering = ["-week_start", "village", "cadre"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "village", "week_start"], name="one_stay_per_cadre_village_week"
            )
        ]
        indexes = [models.Index(fields=["week_start", "village"])]

    def __str__(self) -> str:
        return f"{self.cadre} {self.village} {self.week_start}"


class VisitKind(models.TextChoices):
    DEPARTMENT = "department", _("进部门")
    ENTERPRISE = "enterprise", _("进企业")
    SCHOOL = "school", _("进学校")
    VILLAGE = "village", _("进村组")
    HOUSEHOLD = "household", _("进农户")


class Visit(models.Model):
    """五进: a cadre's visit to a department, enterprise, school, village group or household."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("走访干部"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=12, choices=VisitKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+")
    target = models.CharField(_("走访对象"), max_length=100)
    visited_on = models.DateField(_("走访日期"))
    findings = models.TextField(_("了解情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("五进走访")
        verbose_name_plural = _("五进走访")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "visited_on"]),
            models.Index(fields=["cadre", "visited_on"]),
            # The visit list's keyset order (newest first).
            models.Index(fields=["-visited_on", "-id"], name="visit_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()} {self.target}"


class VisitProblem(models.Model):
    """A problem found on a visit; it becomes a supervised task or a service request in one step."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("发现问题"))
    task = models.OneToOneField(
        "supervision.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="visit_problem"
    )
    service_request = models.OneToOneField(
        "services.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_problem",
    )

    class Meta:
        verbose_name = _("走访发现问题")
        verbose_name_plural = _("走访发现问题")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    @property
    def is_handed_on(self) -> bool:
        return self.task_id is not None or self.service_request_id is not None
