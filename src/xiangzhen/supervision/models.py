from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit
from xiangzhen.workdays.alerts import SupervisedDeadline


class MeetingKind(models.TextChoices):
    JOINT = "joint", _("片区工委联席会议")
    PARTY_COMMITTEE = "party_committee", _("党委会")
    VILLAGE_COMMITTEES = "village_committees", _("村两委会")
    TOPICAL = "topical", _("专题会")


# The joint meeting is held every two weeks; each 片区 reports before it.
JOINT_MEETING_INTERVAL_DAYS = 14


class Meeting(models.Model):
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("召开单位"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("召开日期"))
    attendees = models.ManyToManyField(Cadre, verbose_name=_("参会人员"), blank=True, related_name="meetings")
    minutes = models.TextField(_("会议纪要"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "kind", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MeetingReport(models.Model):
    """A 片区's or village's report to a joint meeting: recent work and the problems it needs solved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("汇报单位"), on_delete=models.PROTECT, related_name="+")
    recent_work = models.TextField(_("近期工作情况"))
    urgent_problems = models.TextField(_("急需解决的问题"), blank=True)
    problems_resolved = models.BooleanField(_("问题已解决"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("会议汇报")
        verbose_name_plural = _("会议汇报")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="one_report_per_unit_and_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.unit}"


class Decision(models.Model):
    """A decision of a meeting; a major matter (重大事项) records each attendee's opinion."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("决定事项"))
    is_major = models.BooleanField(_("重大事项(集体讨论决定)"), default=False)
    # [{"cadre_id": 3, "name": "张明华", "opinion": "同意"}] — one entry per attendee for a major matter.
    opinions = models.JSONField(_("参会人员意见"), default=list, blank=True)
    created_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TaskStatus(models.TextChoices):
    TODO = "todo", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_VERIFICATION = "awaiting_verification", _("待核验")
    DONE = "done", _("已办结")
    # 准入审核 sent a task handed down outside the town's duty list back to whoever sent it.
    WITHDRAWN = "withdrawn", _("已退回交办单位")


RUNNING_TASK_STATUSES = [TaskStatus.TODO, TaskStatus.IN_PROGRESS]
CLOSED_TASK_STATUSES = [TaskStatus.DONE, TaskStatus.WITHDRAWN]


class Admission(models.TextChoices):
    """准入 of a task a higher level hands to a town: one that cites no item of the town's 履职事项清单, or
    an item the county took back, waits for the county's review."""

    NOT_NEEDED = "", _("清单内")
    PENDING = "pending", _("待准入审核")
    ADMITTED = "admitted", _("准入")
    RETURNED = "returned", _("退回")


class Task(SupervisedDeadline):
    """督办事项: an owner, a deadline in working days, progress, verification by the supervisor."""

    title = models.CharField(_("督办事项"), max_length=200)
    detail = models.TextField(_("具体要求"), blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("来源决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source = models.CharField(_("来源"), max_length=40, default="会议决定")
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    owner = models.ForeignKey(Cadre, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="tasks")
    co_owners = models.ManyToManyField(Cadre, verbose_name=_("协办人"), blank=True, related_name="co_tasks")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    limit_workdays = models.PositiveSmallIntegerField(_("办理时限(工作日)"))
    assigned_on = models.DateField(_("交办日期"))
    status = models.CharField(_("状态"), max_length=24, choices=TaskStatus.choices, default=TaskStatus.TODO)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Set when the sender held no post in the task's town: the town was handed the task from above.
    handed_down = models.BooleanField(_("上级交办"), default=False)
    duty_item = models.ForeignKey(
        "duties.DutyItem",
        verbose_name=_("履职事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    admission = models.CharField(
        _("准入"), max_length=10, choices=Admission.choices, default=Admission.NOT_NEEDED, blank=True
    )
    admission_note = models.TextField(_("准入审核意见"), blank=True)
    admission_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("准入审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    admission_reviewed_at = models.DateTimeField(_("准入审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["owner_unit", "status", "due_date"]),
            models.Index(
                fields=["due_date"],
                condition=models.Q(status__in=["todo", "in_progress"]),
                name="task_running_due",
            ),
            models.Index(
                fields=["supervisor", "assigned_on"],
                name="task_handed_down_by_sender",
                condition=models.Q(handed_down=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskProgress(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("进展"))
    attachment = models.OneToOneField(
        "attachments.Attachment",
        verbose_name=_("附件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_progress",
    )
    kind = models.CharField(_("类型"), max_length=20, default="progress")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["task", "recorded_at", "id"]

    def __str__(self) -> str:
        return self.note[:40]
