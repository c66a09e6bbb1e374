"""三资 of a village collective: assets (资产), resources (资源) and contracts (合同), and 村务公开."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit
from xiangzhen.validators import mask_name
from xiangzhen.workdays.alerts import SupervisedDeadline


class AssetKind(models.TextChoices):
    BUILDING = "building", _("房屋建筑物")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    EQUIPMENT = "equipment", _("机器设备")
    FOREST = "forest", _("林木")
    INVESTMENT = "investment", _("对外投资")
    OTHER = "other", _("其他")


class CollectiveAsset(models.Model):
    village = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("资产名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=AssetKind.choices)
    # 万元 with two decimals, as the 清产核资 reports count them (1,480.83 万元).
    value = models.DecimalField(_("价值(万元)"), max_digits=12, decimal_places=2)
    acquired_on = models.DateField(_("取得日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("集体资产")
        verbose_name_plural = _("集体资产")
        ordering = ["village", "name", "id"]
        indexes = [models.Index(fields=["village", "name"])]

    def __str__(self) -> str:
        return self.name


class ResourceKind(models.TextChoices):
    FARMLAND = "farmland", _("耕地")
    FOREST = "forest", _("林地")
    ORCHARD = "orchard", _("园地")
    WATER = "water", _("水面")
    GRASSLAND = "grassland", _("草地")
    CONSTRUCTION = "construction", _("集体建设用地")
    OTHER = "other", _("其他")


class CollectiveResource(models.Model):
    village = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("资源名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=ResourceKind.choices)
    area_mu = models.DecimalField(_("面积(亩)"), max_digits=12, decimal_places=2)
    location = models.CharField(_("坐落"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("集体资源")
        verbose_name_plural = _("集体资源")
        ordering = ["village", "name", "id"]
        indexes = [models.Index(fields=["village", "name"])]

    def __str__(self) -> str:
        return self.name


class CounterpartyKind(models.TextChoices):
    PERSON = "person", _("个人")
    ORGANISATION = "organisation", _("单位")


class PaymentCycle(models.TextChoices):
    ONCE = "once", _("一次性")
    YEARLY = "yearly", _("每年")
    HALF_YEARLY = "half_yearly", _("每半年")
    QUARTERLY = "quarterly", _("每季度")


CYCLE_MONTHS = {
    PaymentCycle.YEARLY: 12,
    PaymentCycle.HALF_YEARLY: 6,
    PaymentCycle.QUARTERLY: 3,
}


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("履行中")
    CLOSED = "closed", _("已终止")


class Contract(SupervisedDeadline):
    """A contract of the collective: its deadline (`due_date`) is the end of its term, yellow months before,
    so that renewal or a new public tender is prepared in time."""

    village = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("合同编号"), max_length=40)
    title = models.CharField(_("合同名称"), max_length=120)
    counterparty = models.CharField(_("承包(租赁)方"), max_length=100)
    counterparty_kind = models.CharField(_("承包方类型"), max_length=20, choices=CounterpartyKind.choices)
    subject = models.CharField(_("标的"), max_length=200)
    resource = models.ForeignKey(
        CollectiveResource,
        verbose_name=_("涉及资源"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    # 元: contract sums are written to the fen in the contracts themselves.
    amount = models.DecimalField(_("合同金额(元)"), max_digits=14, decimal_places=2)
    payment_cycle = models.CharField(_("付款方式"), max_length=20, choices=PaymentCycle.choices)
    responsible = models.ForeignKey(
        Cadre,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collective_contracts",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    closed_on = models.DateField(_("终止日期"), null=True, blank=True)
    close_note = models.CharField(_("终止说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("三资合同")
        verbose_name_plural = _("三资合同")
        ordering = ["village", "ends_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="one_contract_number_per_village")
        ]
        indexes = [
            models.Index(
                fields=["due_date"], condition=models.Q(status="active"), name="contract_active_due"
            ),
            # The ledger's keyset order: a page reads the next rows of the index, never sorts the town's.
            models.Index(fields=["village", "ends_on", "id"], name="contract_ledger_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counterparty_display(self) -> str:
        """A person's name is masked like every other resident's; a company's name is public record."""
        if self.counterparty_kind == CounterpartyKind.PERSON:
            return mask_name(self.counterparty)
        return self.counterparty


class PaymentStatus(models.TextChoices):
    DUE = "due", _("待收")
    PAID = "paid", _("已收清")
    CANCELLED = "cancelled", _("已取消")


class ContractPayment(SupervisedDeadline):
    """One instalment of rent: due on `due_date`, red when it is not received in full by then."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    # "合同名称 · 第 n 期", so the sweep's notices name the contract (they read a `title` column).
    title = models.CharField(_("款项"), max_length=160)
    amount = models.DecimalField(_("应收金额(元)"), max_digits=14, decimal_places=2)
    received = models.DecimalField(_("已收金额(元)"), max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField(_("收清日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.DUE
    )
    # Copied from the contract so the sweep's notice finds its cadre with one join.
    responsible = models.ForeignKey(
        Cadre, null=True, blank=True, on_delete=models.SET_NULL, related_name="collective_payments"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("应收款项")
        verbose_name_plural = _("应收款项")
        ordering = ["contract", "due_date", "id"]
        indexes = [
            models.Index(fields=["due_date"], condition=models.Q(status="due"), name="contract_payment_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outstanding(self) -> object:
        return self.amount - self.received


class PublicationKind(models.TextChoices):
    FINANCE = "finance", _("财务公开")
    AFFAIRS = "affairs", _("村务公开")


class PublicationRule(models.Model):
    """A town's own rule for one kind of publication; without a row the law's default applies
    (see collective.selectors.publication_rules)."""

    kind = models.CharField(_("公开类别"), max_length=10, choices=PublicationKind.choices, unique=True)
    every_months = models.PositiveSmallIntegerField(_("周期(月)"))
    grace_workdays = models.PositiveSmallIntegerField(_("期满后公布时限(工作日)"))

    class Meta:
        verbose_name = _("村务公开规则")
        verbose_name_plural = _("村务公开规则")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 每 {self.every_months} 个月"


class Publication(SupervisedDeadline):
    """One publication a village owes for one period: created when the period opens, published later."""

    village = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("公开类别"), max_length=10, choices=PublicationKind.choices)
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    title = models.CharField(_("名称"), max_length=120)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    place = models.CharField(_("公开地点/方式"), max_length=100, blank=True)
    content = models.TextField(_("公开内容"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("村务公开")
        verbose_name_plural = _("村务公开")
        ordering = ["village", "period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "kind", "period_start"], name="one_publication_per_period"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(published_on__isnull=True),
                name="publication_unpublished_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def on_time(self) -> bool:
        return (
            self.published_on is not None and self.due_date is not None and self.published_on <= self.due_date
        )
