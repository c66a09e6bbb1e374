"""12345 / 接诉即办: work orders the county hotline dispatches to a town, their clocks and their 三率.

The clock of an order runs from the platform's 派单 time, never from the town's 签收: the limits are data
(`RuleSet`, one per county), in hours, calendar days or working days, by stage, type and urgency."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.validators import mask_name, mask_phone


class Stage(models.TextChoices):
    RESPOND = "respond", _("响应(签收并联系来电人)")
    RESOLVE = "resolve", _("办结")
    REDO = "redo", _("重办办结")


class Measure(models.TextChoices):
    HOURS = "hours", _("小时")
    DAYS = "days", _("自然日")
    WORKDAYS = "workdays", _("工作日")


class OrderKind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    HELP = "help", _("求助")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class Urgency(models.TextChoices):
    GENERAL = "general", _("一般")
    URGENT = "urgent", _("紧急")
    COMPLEX = "complex", _("疑难复杂")


class RuleSet(models.Model):
    """A county's time limits and 三率 weights: shipped profiles are rows, a county may add its own."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    # 满意率 = (满意 + weight × 基本满意) / 有效回访.
    basic_satisfied_weight = models.DecimalField(
        _("基本满意折算"), max_digits=4, decimal_places=2, default=Decimal("0.90")
    )
    response_weight = models.DecimalField(_("响应率权重"), max_digits=5, decimal_places=2, default=30)
    resolution_weight = models.DecimalField(_("解决率权重"), max_digits=5, decimal_places=2, default=35)
    satisfaction_weight = models.DecimalField(_("满意率权重"), max_digits=5, decimal_places=2, default=35)

    class Meta:
        verbose_name = _("接诉即办时限规则")
        verbose_name_plural = _("接诉即办时限规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """One limit of a rule set. Blank type or urgency means "any"; the most specific match wins."""

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("规则")
    )
    stage = models.CharField(_("环节"), max_length=10, choices=Stage.choices)
    kind = models.CharField(_("诉求类型"), max_length=20, choices=OrderKind.choices, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, blank=True)
    amount = models.PositiveIntegerField(_("时限"))
    measure = models.CharField(_("计时单位"), max_length=10, choices=Measure.choices)

    class Meta:
        verbose_name = _("时限")
        verbose_name_plural = _("时限")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "stage", "kind", "urgency"], name="hotline_rule_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="hotline_rule_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.amount} {self.get_measure_display()}"


class CountyRuleChoice(models.Model):
    """The rule set a county's hotline uses for its towns."""

    county = models.OneToOneField(
        "org.Unit", on_delete=models.CASCADE, related_name="hotline_rule_choice", verbose_name=_("县(区)")
    )
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("规则"))

    class Meta:
        verbose_name = _("县级接诉即办规则")
        verbose_name_plural = _("县级接诉即办规则")

    def __str__(self) -> str:
        return f"{self.county}:{self.rule_set}"


class OrderStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("待签收")
    SIGNED = "signed", _("已签收")
    CONTACTED = "contacted", _("已联系")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已反馈")
    VISITED = "visited", _("已回访")
    ASSESSED = "assessed", _("已考核")
    ARCHIVED = "archived", _("已归档")
    RETURN_REQUESTED = "return_requested", _("退单待审")
    RETURNED = "returned", _("已退单")


# The town still owes work on these: the clock and the open-order list read them.
OPEN_STATUSES = (
    OrderStatus.DISPATCHED,
    OrderStatus.SIGNED,
    OrderStatus.CONTACTED,
    OrderStatus.HANDLING,
)
# A town may ask to hand these back (退单) or for more time (延期).
RETURNABLE_STATUSES = OPEN_STATUSES


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    NOT_REACHED = "not_reached", _("未联系上")


class ReturnReason(models.TextChoices):
    NOT_OUR_DUTY = "not_our_duty", _("非本乡镇职责")
    OTHER_AREA = "other_area", _("非本辖区")
    LAW_OTHER_CHANNEL = "law_other_channel", _("应通过法定途径解决")
    INFO_MISSING = "info_missing", _("诉求信息不全无法办理")


class ExtensionStatus(models.TextChoices):
    NONE = "", _("无")
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class WorkOrderQuerySet(models.QuerySet["WorkOrder"]):
    def open(self) -> "WorkOrderQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class WorkOrder(models.Model):
    # The platform's order number, unique per county: a resent order finds its row instead of a second one.
    county = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("县(区)")
    )
    platform_number = models.CharField(_("工单编号"), max_length=40)
    # The town stays answerable whoever handles it (a village, a 站所, a cadre after 转办).
    town = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办乡镇")
    )
    handler_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理单位")
    )
    handler = models.ForeignKey(
        "org.Cadre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("办理人"),
    )
    # The caller, kept in these fields only: when the register of residents lands, a `caller_resident` link
    # joins them here (one place to change).
    caller_name = models.CharField(_("来电人"), max_length=50, blank=True)
    caller_phone = models.CharField(_("来电号码"), max_length=20, blank=True)
    content = models.TextField(_("诉求内容"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    village = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("村(社区)"),
    )
    category = models.CharField(_("诉求分类"), max_length=40, blank=True)
    kind = models.CharField(_("诉求类型"), max_length=20, choices=OrderKind.choices, default=OrderKind.HELP)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.GENERAL)
    status = models.CharField(
        _("状态"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DISPATCHED
    )
    # The status a 退单 request interrupted: a refused 退单 sends the order back to it.
    status_before_return = models.CharField(max_length=20, blank=True)
    dispatched_at = models.DateTimeField(_("派单时间"))
    respond_due_at = models.DateTimeField(_("响应时限"))
    resolve_due_at = models.DateTimeField(_("办结时限"))
    # The date the clock reads: the response limit until first contact, then the 办结 (or 重办) limit.
    due_date = models.DateField(_("当前期限"))
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("联系时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    reply = models.TextField(_("办理结果"), blank=True)
    visited_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    rating = models.CharField(_("回访评价"), max_length=12, choices=Rating.choices, blank=True)
    resolved = models.BooleanField(_("已解决"), null=True, blank=True)
    # Whether 签收 and first contact came within the response limit: 响应率 counts it.
    responded_on_time = models.BooleanField(_("按时响应"), null=True, blank=True)
    redo_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    assessed_at = models.DateTimeField(_("考核时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    return_reason = models.CharField(_("退单原因"), max_length=20, choices=ReturnReason.choices, blank=True)
    return_duty_item = models.ForeignKey(
        "duties.DutyItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("退单依据(履职事项)"),
    )
    return_law = models.CharField(_("退单依据(法规)"), max_length=200, blank=True)
    return_upheld = models.BooleanField(_("退单成立"), null=True, blank=True)
    extension_status = models.CharField(
        _("延期"), max_length=10, choices=ExtensionStatus.choices, blank=True, default=ExtensionStatus.NONE
    )
    extension_requested_due = models.DateTimeField(_("申请延至"), null=True, blank=True)
    # When a 退单 or 延期 reached the dispatcher: their review is due from it.
    review_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("12345工单")
        verbose_name_plural = _("12345工单")
        ordering = ["-dispatched_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "platform_number"], name="hotline_order_unique_number"),
        ]
        indexes = [
            # A town's open orders by deadline, and its month of orders for the 三率.
            models.Index(
                fields=["town", "due_date"],
                condition=Q(status__in=["dispatched", "signed", "contacted", "handling"]),
                name="hotline_order_town_open",
            ),
            models.Index(fields=["town", "dispatched_at"], name="hotline_order_town_month"),
            models.Index(fields=["county", "dispatched_at"], name="hotline_order_county_month"),
            models.Index(fields=["handler_unit", "status"], name="hotline_order_handler_unit"),
            models.Index(fields=["status", "review_requested_at"], name="hotline_order_review"),
        ]

    def __str__(self) -> str:
        return f"{self.platform_number} {self.category or self.get_kind_display()}"

    @property
    def masked_caller_name(self) -> str:
        return mask_name(self.caller_name) if self.caller_name else ""

    @property
    def masked_caller_phone(self) -> str:
        return mask_phone(self.caller_phone) if self.caller_phone else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StepKind(models.TextChoices):
    DISPATCH = "dispatch", _("派单")
    SIGN = "sign", _("签收")
    CONTACT = "contact", _("联系来电人")
    HANDLE = "handle", _("办理")
    REPLY = "reply", _("反馈")
    VISIT = "visit", _("回访")
    ASSESS = "assess", _("考核")
    ARCHIVE = "archive", _("归档")
    RETURN_REQUEST = "return_request", _("申请退单")
    RETURN_UPHELD = "return_upheld", _("退单成立")
    RETURN_REFUSED = "return_refused", _("退单驳回")
    EXTENSION_REQUEST = "extension_request", _("申请延期")
    EXTENSION_APPROVED = "extension_approved", _("延期批准")
    EXTENSION_REFUSED = "extension_refused", _("延期不批准")
    REDO = "redo", _("重办")
    TRANSFER = "transfer", _("转办")


class WorkOrderStep(models.Model):
    """The order's timeline: every step, who took it and when, with its note and attachment."""

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="steps", verbose_name=_("工单")
    )
    kind = models.CharField(_("环节"), max_length=20, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("经办人"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)
    attachment = models.ForeignKey(
        "attachments.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("工单环节")
        verbose_name_plural = _("工单环节")
        ordering = ["order", "at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_kind_display()}"
