"""防止返贫动态监测和帮扶: monitored households, their identification and exit, measures, visits and income.

The numbers of the policy (monitoring line per province and year, days of 公示, the exit conditions, the
pairing load) are rows, not constants: provinces set their own lines every year and towns adjust the rest.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit
from xiangzhen.validators import mask_name, mask_phone, mask_resident_id


class MonitoringLine(models.Model):
    """A province's monitoring income line for one year (人均纯收入, yuan); a blank province is the
    national reference used where a province has not published its own."""

    province_code = models.CharField(_("省级区划代码"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("监测收入标准(元/人·年)"), max_digits=9, decimal_places=2)
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("监测收入标准")
        verbose_name_plural = _("监测收入标准")
        ordering = ["-year", "province_code"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "year"], name="one_monitoring_line_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.province_code or '全国'} {self.year} {self.amount}"


class AssistanceRule(models.Model):
    """The procedure's numbers; the row with no unit is the default, a town's own row overrides it."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("适用乡镇"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    publicity_days = models.PositiveSmallIntegerField(_("公示天数(不少于)"), default=5)
    stable_income_months = models.PositiveSmallIntegerField(_("收入稳定超过标准的月数"), default=6)
    monitored_months = models.PositiveSmallIntegerField(_("风险消除前监测月数(超过)"), default=6)
    minimum_measures = models.PositiveSmallIntegerField(_("风险消除前至少落实的帮扶措施"), default=1)
    first_responsible_households = models.PositiveSmallIntegerField(_("第一责任人结对户数"), default=1)
    cadre_households = models.PositiveSmallIntegerField(_("其他帮扶干部最多结对户数"), default=5)

    class Meta:
        verbose_name = _("监测帮扶规则")
        verbose_name_plural = _("监测帮扶规则")

    def __str__(self) -> str:
        return str(self.unit or "默认规则")


class Cause(models.Model):
    """致贫返贫风险类型: the standard list (因病、因残、因学 …), editable."""

    name = models.CharField(_("风险类型"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("风险类型")
        verbose_name_plural = _("风险类型")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class HouseholdCategory(models.TextChoices):
    UNSTABLE = "unstable", _("脱贫不稳定户")
    MARGINAL = "marginal", _("边缘易致贫户")
    SUDDEN = "sudden", _("突发严重困难户")


class DiscoveryChannel(models.TextChoices):
    APPLICATION = "application", _("农户申请")
    VISIT = "visit", _("乡村干部走访排查")
    DEPARTMENT = "department", _("部门筛查预警")


class PairingKind(models.TextChoices):
    FIRST_RESPONSIBLE = "first", _("第一责任人结对")
    CADRE = "cadre", _("干部结对")


class HouseholdStatus(models.TextChoices):
    PUBLICITY = "publicity", _("村级评议公示")
    TOWN_APPROVED = "town_approved", _("乡镇已审核,待县级确认")
    MONITORED = "monitored", _("监测帮扶中")
    EXIT_PUBLICITY = "exit_publicity", _("风险消除公示")
    EXIT_TOWN_APPROVED = "exit_town_approved", _("风险消除待县级确认")
    CLEARED = "cleared", _("风险已消除")
    NOT_INCLUDED = "not_included", _("未纳入监测")


# A household in one of these is under monitoring and counts towards its cadre's pairing load.
PAIRED_STATUSES = [
    HouseholdStatus.PUBLICITY,
    HouseholdStatus.TOWN_APPROVED,
    HouseholdStatus.MONITORED,
    HouseholdStatus.EXIT_PUBLICITY,
    HouseholdStatus.EXIT_TOWN_APPROVED,
]


class Household(models.Model):
    village = models.ForeignKey(
        Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="assisted_households"
    )
    head_name = models.CharField(_("户主"), max_length=50)
    head_id_number = models.CharField(_("户主身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    category = models.CharField(_("监测类型"), max_length=12, choices=HouseholdCategory.choices)
    channel = models.CharField(_("发现方式"), max_length=12, choices=DiscoveryChannel.choices)
    causes = models.ManyToManyField(Cause, verbose_name=_("风险类型"), related_name="households")
    responsible = models.ForeignKey(
        Cadre, verbose_name=_("帮扶责任人"), on_delete=models.PROTECT, related_name="assisted_households"
    )
    pairing = models.CharField(
        _("结对方式"), max_length=8, choices=PairingKind.choices, default=PairingKind.CADRE
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=HouseholdStatus.choices, default=HouseholdStatus.PUBLICITY
    )
    reviewed_on = models.DateField(_("村级民主评议日期"))
    publicity_from = models.DateField(_("公示开始日期"))
    identified_on = models.DateField(_("纳入监测日期"), null=True, blank=True)
    cleared_on = models.DateField(_("风险消除日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("监测户")
        verbose_name_plural = _("监测户")
        ordering = ["village__path", "id"]
        indexes = [
            models.Index(fields=["village", "status"]),
            models.Index(fields=["responsible", "status"]),
            models.Index(fields=["head_id_number"], name="household_head_id_number"),
        ]

    def __str__(self) -> str:
        # Shown in the admin and audit rows: masked like on every list.
        return f"{self.masked_name}户"

    @property
    def masked_name(self) -> str:
        return mask_name(self.head_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.head_id_number) if self.head_id_number else ""


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与户主关系"), max_length=20)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    is_labour = models.BooleanField(_("有劳动能力"), default=False)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return mask_name(self.name)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number) if self.id_number else ""


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", _("产业帮扶")
    EMPLOYMENT = "employment", _("就业帮扶")
    TRAINING = "training", _("技能培训")
    LOAN = "loan", _("创业贷款/小额信贷")
    HOUSING = "housing", _("住房保障")
    MEDICAL = "medical", _("医疗保障")
    EDUCATION = "education", _("教育资助")
    SOCIAL = "social", _("兜底保障")


class Measure(models.Model):
    """One measure of a household's plan, done when its last step is done; on time when no step was late."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("措施类型"), max_length=12, choices=MeasureKind.choices)
    title = models.CharField(_("措施"), max_length=120)
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2, null=True, blank=True)
    # Kept by the services from the steps, so the indicator and the figures count in SQL.
    due_date = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按时完成"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("制定日期"))

    class Meta:
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")
        ordering = ["household", "due_date", "id"]
        indexes = [models.Index(fields=["due_date"], name="measure_due_date")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_date < today


class MeasureStep(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("步骤"), max_length=120)
    due_date = models.DateField(_("计划日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("措施步骤")
        verbose_name_plural = _("措施步骤")
        ordering = ["measure", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_date


class Visit(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="visits")
    cadre = models.ForeignKey(Cadre, verbose_name=_("走访干部"), on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("走访日期"))
    notes = models.TextField(_("走访情况"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("入户走访")
        verbose_name_plural = _("入户走访")
        ordering = ["household", "-visited_on", "-id"]
        indexes = [models.Index(fields=["visited_on"], name="assistance_visit_on")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.cadre}"


class IncomeRecord(models.Model):
    """A year's household net income; the per-capita figure is compared with that year's line."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.DecimalField(_("家庭纯收入(元)"), max_digits=12, decimal_places=2)
    people = models.PositiveSmallIntegerField(_("家庭人口"))
    per_capita = models.DecimalField(_("人均纯收入(元)"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("收入记录")
        verbose_name_plural = _("收入记录")
        ordering = ["household", "-year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="one_income_per_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.per_capita}"


class Procedure(models.TextChoices):
    IDENTIFICATION = "identification", _("识别纳入")
    EXIT = "exit", _("风险消除")


class ReviewStep(models.TextChoices):
    VILLAGE = "village", _("村级评议公示")
    TOWN = "town", _("乡镇审核")
    COUNTY = "county", _("县级确认")


class Review(models.Model):
    """One step of 村 → 乡 → 县, for identification or for exit, with its decision."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="reviews")
    procedure = models.CharField(_("程序"), max_length=16, choices=Procedure.choices)
    step = models.CharField(_("环节"), max_length=8, choices=ReviewStep.choices)
    approved = models.BooleanField(_("同意"))
    note = models.TextField(_("意见"), blank=True)
    decided_on = models.DateField(_("日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["household", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()} {self.get_step_display()}"


class ExitVerification(models.Model):
    """入户核实 before 风险消除: what the cadre found, checked against the rule when proposed."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="exit_verifications")
    verified_on = models.DateField(_("核实日期"))
    income_stable_since = models.DateField(_("收入稳定超过标准起始日期"))
    expenditure_resolved = models.BooleanField(_("刚性支出问题已解决"))
    basic_needs_secure = models.BooleanField(_("两不愁三保障及饮水安全有保障"))
    note = models.TextField(_("核实情况"), blank=True)
    publicity_from = models.DateField(_("公示开始日期"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("风险消除核实")
        verbose_name_plural = _("风险消除核实")
        ordering = ["household", "-verified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.verified_on}"


class HouseholdEvent(models.Model):
    """The household's timeline: every step of its lifecycle, visit, measure and income, in order."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20)
    note = models.TextField(_("说明"))
    happened_on = models.DateField(_("日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["household", "-happened_on", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind}"
