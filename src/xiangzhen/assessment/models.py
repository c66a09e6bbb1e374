"""考核赛马: indicators, schemes of weighted indicators, and the stored figures, points and ranks per period.

Points are stored in hundredths (integers): a total is the exact sum of its parts and two equal totals tie
on every database, which floating sums on SQLite would not guarantee.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.assessment.periods import PeriodKind
from xiangzhen.assessment.registry import Direction
from xiangzhen.org.models import Unit, UnitLevel

HUNDREDTHS = Decimal("0.01")


def points_of(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else (Decimal(hundredths) * HUNDREDTHS).quantize(HUNDREDTHS)


class Source(models.TextChoices):
    COMPUTED = "computed", _("业务数据自动计算")
    MANUAL = "manual", _("考核人员录入")


CATEGORY_SUGGESTIONS = [
    "比谋划",
    "比办法",
    "比干劲",
    "比业绩",
    "比形象",
    "党建",
    "便民服务",
    "矛盾化解",
    "督查督办",
    "干部在一线",
    "项目攻坚",
]


class Indicator(models.Model):
    """One thing a unit is measured by. Computed ones mirror assessment.registry; manual ones are entered."""

    code = models.CharField(_("指标编码"), max_length=60, unique=True)
    name = models.CharField(_("指标名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=20)
    level = models.CharField(
        _("考核层级"), max_length=10, choices=UnitLevel.choices, blank=True, help_text=_("留空表示各层级通用")
    )
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    is_rate = models.BooleanField(_("比率指标"), default=False)
    unit_label = models.CharField(_("计量单位"), max_length=10, blank=True)
    description = models.TextField(_("口径说明"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.name


class Scheme(models.Model):
    """A race: the units of one level under `owner_unit`, scored every period on weighted indicators."""

    name = models.CharField(_("方案名称"), max_length=80)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    level = models.CharField(_("参评层级"), max_length=10, choices=UnitLevel.choices)
    period_kind = models.CharField(_("考核周期"), max_length=10, choices=PeriodKind.choices)
    talk_after = models.PositiveSmallIntegerField(
        _("连续末位几期约谈"), default=2, validators=[MinValueValidator(1)]
    )
    board_size = models.PositiveSmallIntegerField(
        _("红黑榜各列几名"), default=5, validators=[MinValueValidator(1)]
    )
    linkage_weight = models.DecimalField(
        _("计入干部个人考核的权重"), max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["owner_unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["owner_unit", "name"], name="scheme_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def full_points(self) -> Decimal:
        return sum((item.weight for item in self.items.all()), Decimal("0"))


class Normalization(models.TextChoices):
    RATE = "rate", _("比率计分:满分×比率(÷目标值)")
    RANK = "rank", _("名次计分:第一名满分,末名零分,按名次等差")
    THRESHOLD = "threshold", _("达标计分:达到目标值得满分,否则零分")
    CAP = "cap", _("按件计分:每件得分,封顶满分")
    DEDUCTION = "deduction", _("扣分制:满分起扣,每件扣分,扣完为止")
    DIRECT = "direct", _("直接计分:录入的分值,不超过满分")


class SchemeItem(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("满分(权重)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    normalization = models.CharField(_("计分方法"), max_length=10, choices=Normalization.choices)
    target = models.DecimalField(_("目标值"), max_digits=12, decimal_places=4, null=True, blank=True)
    per_item = models.DecimalField(_("每件分值"), max_digits=8, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("方案指标")
        verbose_name_plural = _("方案指标")
        ordering = ["scheme", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "indicator"], name="scheme_item_unique_indicator"),
            models.CheckConstraint(
                condition=~Q(normalization__in=["cap", "deduction"]) | Q(per_item__gt=0),
                name="scheme_item_per_item_required",
            ),
            models.CheckConstraint(
                condition=~Q(normalization="threshold") | Q(target__isnull=False),
                name="scheme_item_threshold_target_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.indicator}"


class ManualEntry(models.Model):
    """A figure an assessor enters on the score sheet, with its evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束(不含)"))
    value = models.DecimalField(_("数值"), max_digits=12, decimal_places=4)
    evidence = models.TextField(_("依据"))
    attachment = models.ForeignKey(
        "attachments.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("考核录入")
        verbose_name_plural = _("考核录入")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start", "period_end"], name="manual_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit} {self.period_start}"


class ScoreComponent(models.Model):
    """One indicator of one unit in one period: its figure (numerator / denominator, or NULL when missing) and
    the points it gave."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(SchemeItem, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    denominator = models.IntegerField(null=True)
    value = models.DecimalField(max_digits=14, decimal_places=6, null=True)
    item_rank = models.PositiveIntegerField(null=True)
    points_hundredths = models.IntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period_start", "unit", "item"], name="component_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.unit_id} {self.period_start}"

    @property
    def points(self) -> Decimal | None:
        return points_of(self.points_hundredths)


class Score(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scores")
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束(不含)"))
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    total_hundredths = models.IntegerField()
    missing_items = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveIntegerField(_("名次"))
    previous_rank = models.PositiveIntegerField(_("上期名次"), null=True)
    last_streak = models.PositiveSmallIntegerField(_("连续末位期数"), default=0)
    needs_talk = models.BooleanField(_("约谈"), default=False)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["scheme", "-period_start", "rank", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period_start", "unit"], name="score_unique"),
        ]
        indexes = [models.Index(fields=["scheme", "period_start", "rank"], name="score_board")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_start} {self.unit} {self.total}"

    @property
    def total(self) -> Decimal:
        return points_of(self.total_hundredths) or Decimal("0.00")

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (positive = moved up, 增比进位)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class ComputeStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ComputeRun(models.Model):
    """One recomputation of a scheme's period, so the page can show it queued, running and done."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="runs")
    period_start = models.DateField()
    status = models.CharField(max_length=10, choices=ComputeStatus.choices, default=ComputeStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    units = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_start} {self.get_status_display()}"


class Board(models.Model):
    """A published leaderboard: what the competing units themselves see."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="boards")
    period_start = models.DateField(_("周期开始"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("已发布榜单")
        verbose_name_plural = _("已发布榜单")
        constraints = [models.UniqueConstraint(fields=["scheme", "period_start"], name="board_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period_start}"
