from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit
from xiangzhen.validators import mask_name, mask_phone, mask_resident_id
from xiangzhen.workdays.alerts import SupervisedDeadline


class DisputeCategory(models.Model):
    """婚姻家庭、邻里、土地山林 … — an editable list, each with its default time limit."""

    name = models.CharField(_("类别"), max_length=40, unique=True)
    default_workdays = models.PositiveSmallIntegerField(_("默认化解时限(工作日)"), default=15)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("纠纷类别")
        verbose_name_plural = _("纠纷类别")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RiskLevel(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较大")
    GRAVE = "grave", _("重大")


class DisputeSource(models.TextChoices):
    SCREENING = "screening", _("排查")
    VISIT = "visit", _("来访")
    REFERRAL = "referral", _("转办")
    OTHER = "other", _("其他")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("调处中")
    SETTLED = "settled", _("已化解")
    LITIGATION = "litigation", _("引导诉讼/仲裁")


class SettledLevel(models.TextChoices):
    VILLAGE = "village", _("村")
    DISTRICT = "district", _("片区")
    TOWN = "town", _("镇")
    COUNTY = "county", _("县")


class Dispute(SupervisedDeadline):
    title = models.CharField(_("纠纷名称"), max_length=120)
    summary = models.TextField(_("基本情况"))
    place = models.ForeignKey(Unit, verbose_name=_("发生地"), on_delete=models.PROTECT, related_name="+")
    # Where it is being settled now; it moves up the ladder only by a recorded escalation.
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("调处单位"), on_delete=models.PROTECT, related_name="disputes"
    )
    category = models.ForeignKey(DisputeCategory, verbose_name=_("类别"), on_delete=models.PROTECT)
    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.GENERAL
    )
    source = models.CharField(_("来源"), max_length=12, choices=DisputeSource.choices)
    responsible = models.ForeignKey(
        Cadre, verbose_name=_("包保责任人"), on_delete=models.PROTECT, related_name="disputes"
    )
    registered_on = models.DateField(_("登记日期"))
    limit_workdays = models.PositiveSmallIntegerField(_("化解时限(工作日)"))
    status = models.CharField(
        _("状态"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    settled_on = models.DateField(_("化解日期"), null=True, blank=True)
    settled_level = models.CharField(_("化解层级"), max_length=10, choices=SettledLevel.choices, blank=True)
    agreement = models.TextField(_("调解协议"), blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    follow_up_note = models.TextField(_("回访情况"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["handling_unit", "-registered_on"]),
            models.Index(fields=["place", "-registered_on"]),
            models.Index(fields=["due_date"], condition=models.Q(status="open"), name="dispute_open_due"),
            # The register's default order, for keyset pagination over the whole scope.
            models.Index(fields=["-registered_on", "-id"], name="dispute_register_order"),
        ]

    def __str__(self) -> str:
        return self.title


class DisputeParty(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("当事人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # Stored normalized (upper-case X); searched only by the whole number, never a part of it.
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        # The register's search compares whole values through these indexes.
        indexes = [
            models.Index(fields=["name"], name="dispute_party_name"),
            models.Index(fields=["phone"], name="dispute_party_phone"),
            models.Index(fields=["id_number"], name="dispute_party_id_number"),
        ]

    def __str__(self) -> str:
        # Shown in the admin and audit rows: masked like on every list.
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number) if self.id_number else ""


class MediationResult(models.TextChoices):
    SUCCESS = "success", _("调解成功")
    PARTIAL = "partial", _("部分达成")
    FAILED = "failed", _("调解失败")


class MediationSession(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    mediators = models.CharField(_("调解人员"), max_length=200)
    actions = models.TextField(_("调解过程"))
    result = models.CharField(_("结果"), max_length=10, choices=MediationResult.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attachment = models.OneToOneField(
        "attachments.Attachment",
        verbose_name=_("附件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation_session",
    )

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["dispute", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_result_display()}"


class DisputeEvent(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("纠纷记录")
        verbose_name_plural = _("纠纷记录")
        ordering = ["dispute", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.kind}"


class ScreeningReport(models.Model):
    """A village's monthly screening (排查) report; a month with nothing found is an explicit zero report."""

    unit = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"))  # the first day of the month
    dispute_count = models.PositiveSmallIntegerField(_("排查发现纠纷数"))
    note = models.TextField(_("说明"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("排查报告")
        verbose_name_plural = _("排查报告")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="one_screening_report_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"

    @property
    def is_zero_report(self) -> bool:
        return self.dispute_count == 0


class ReceptionKind(models.TextChoices):
    VISIT = "visit", _("来访")
    LEADER_RECEPTION = "leader_reception", _("领导接访日")
    LEADER_DOWN_VISIT = "leader_down_visit", _("领导下访")


class Petition(models.Model):
    """信访 register: who came, who received them, and the dispute it concerns, if any."""

    petitioner = models.CharField(_("来访人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("方式"), max_length=20, choices=ReceptionKind.choices)
    received_on = models.DateField(_("接待日期"))
    receiver = models.ForeignKey(
        Cadre, verbose_name=_("接待领导"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("反映问题"))
    dispute = models.ForeignKey(
        Dispute,
        verbose_name=_("关联纠纷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("信访登记")
        verbose_name_plural = _("信访登记")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        # Shown in the admin and audit rows: the petitioner's name is masked like on every list.
        return f"{self.received_on} {self.masked_name}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.petitioner)
