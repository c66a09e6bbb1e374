from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.validators import mask_name, mask_phone, mask_resident_id
from xiangzhen.workdays.alerts import SupervisedDeadline


class ServiceLevel(models.TextChoices):
    """Where an item is handled: the ladder 村 → 片区 → 镇 → 县 (小事不出村、大事不出镇)."""

    VILLAGE = "village", _("村(社区)便民服务室")
    DISTRICT = "district", _("片区便民服务站")
    TOWN = "town", _("乡镇便民服务中心")
    COUNTY = "county", _("县级政务服务中心")


LADDER = [ServiceLevel.VILLAGE, ServiceLevel.DISTRICT, ServiceLevel.TOWN, ServiceLevel.COUNTY]
UNIT_LEVEL_TO_SERVICE_LEVEL = {
    UnitLevel.VILLAGE: ServiceLevel.VILLAGE,
    UnitLevel.DISTRICT: ServiceLevel.DISTRICT,
    UnitLevel.TOWN: ServiceLevel.TOWN,
    UnitLevel.COUNTY: ServiceLevel.COUNTY,
}


# Who keeps a catalogue: a county (inherited by its towns) or a town; the province-wide items have no owner.
CATALOGUE_OWNER_LEVELS = [UnitLevel.COUNTY, UnitLevel.TOWN]


class ServiceItem(models.Model):
    """A catalogued public service (政务服务事项) with its guide (办事指南)."""

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=120)
    level = models.CharField(_("办理层级"), max_length=10, choices=ServiceLevel.choices)
    department = models.CharField(_("主管部门/窗口"), max_length=60)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限(工作日)"))
    legal_days = models.PositiveSmallIntegerField(_("法定时限(工作日)"))
    fee = models.CharField(_("收费"), max_length=60, default="不收费")
    legal_basis = models.TextField(_("设定依据"), blank=True)
    guide = models.TextField(_("办理流程"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    # Whose catalogue the item belongs to: empty for a province-wide item every town offers; a county's items
    # are inherited by every town below it; a town's own items belong to it alone. Only a role that may
    # manage the catalogue, with the owner in its jurisdiction, edits an item.
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_items",
        help_text=_("留空为省级通用事项;县级事项由下属乡镇继承;乡镇事项只属于本镇"),
    )

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_days__lte=models.F("legal_days")), name="item_promise_within_legal_limit"
            ),
            models.CheckConstraint(condition=Q(promised_days__gte=1), name="item_promise_at_least_one_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name}"


class ServiceWindow(models.Model):
    """A service hall or room where citizens file requests (便民服务中心/站/室): what the printed notice and
    receipt tell the citizen about where to come back, whom to call and when it is open."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("所在单位"), on_delete=models.CASCADE, related_name="service_window"
    )
    name = models.CharField(_("窗口名称"), max_length=100)
    phone = models.CharField(_("咨询电话"), max_length=40)
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("办公时间"), max_length=200)

    class Meta:
        verbose_name = _("服务窗口")
        verbose_name_plural = _("服务窗口")

    def __str__(self) -> str:
        return self.name


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "both", _("原件及复印件")


class ServiceItemMaterial(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=120)
    form = models.CharField(_("形式"), max_length=10, choices=MaterialForm.choices, default=MaterialForm.COPY)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    may_follow_later = models.BooleanField(_("可容缺后补"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["item", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "name"], name="material_unique_per_item")]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    AWAITING_MATERIALS = "awaiting_materials", _("待补正")
    REJECTED = "rejected", _("不予受理")
    ACCEPTED = "accepted", _("办理中")
    PAUSED = "paused", _("暂停计时")
    COMPLETED = "completed", _("已办结")


OPEN_STATUSES = [RequestStatus.ACCEPTED, RequestStatus.PAUSED]


class ServiceRequestQuerySet(models.QuerySet["ServiceRequest"]):
    def open(self) -> "ServiceRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> "ServiceRequestQuerySet":
        return self.filter(status=RequestStatus.ACCEPTED, due_date__lt=today)


class ServiceRequest(SupervisedDeadline):
    """One citizen's request (办件), from the first visit to the rating."""

    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="requests"
    )
    filed_at_unit = models.ForeignKey(
        Unit, verbose_name=_("受理地点"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit now handling it; moves up or down the ladder only by a recorded transfer.
    handling_unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="service_requests"
    )
    applicant_name = models.CharField(_("申请人"), max_length=50)
    applicant_phone = models.CharField(_("联系电话"), max_length=20)
    applicant_id_number = models.CharField(_("身份证号"), max_length=18)
    applicant_address = models.CharField(_("住址"), max_length=200, blank=True)
    # What the citizen reported through an Open311 client: their words, the place and a photo link.
    description = models.TextField(_("群众描述"), blank=True)
    address_string = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    media_url = models.URLField(_("图片链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=RequestStatus.choices)
    # 首问负责: the accepting officer stays answerable until a recorded hand-over.
    first_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("首问责任人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    paused_on = models.DateField(_("暂停日期"), null=True, blank=True)
    # Working days the clock stood still (补正 while accepted, waiting on the citizen); they extend the deadline.
    paused_workdays = models.PositiveSmallIntegerField(_("累计暂停工作日"), default=0)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    workdays_used = models.PositiveSmallIntegerField(_("实际用时(工作日)"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    settled_level = models.CharField(_("办结层级"), max_length=10, choices=ServiceLevel.choices, blank=True)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True)
    rejection_basis = models.TextField(_("不予受理依据"), blank=True)
    visits = models.PositiveSmallIntegerField(_("跑动次数"), default=1)
    # 容缺受理: materials accepted as "to follow", due before completion; printed on the receipt.
    follow_later = models.JSONField(_("容缺后补材料"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["handling_unit", "-created_at", "-id"], name="request_unit_queue"),
            models.Index(fields=["assigned_officer", "-created_at", "-id"], name="request_officer_queue"),
            models.Index(fields=["first_officer", "-created_at", "-id"], name="request_first_officer_queue"),
            # Queue search compares the full normalized value (never a partial match), through these indexes.
            models.Index(fields=["applicant_id_number"], name="request_applicant_id_number"),
            models.Index(fields=["applicant_phone"], name="request_applicant_phone"),
            models.Index(fields=["applicant_name"], name="request_applicant_name"),
            # The sweep reads only open rows: partial indexes keep it small at millions of rows.
            models.Index(fields=["due_date"], condition=Q(status="accepted"), name="request_open_due"),
            models.Index(
                fields=["yellow_from"],
                condition=Q(status="accepted", alert="none"),
                name="request_open_yellow",
            ),
            # The sweep's notifications and timeline rows find the requests it just marked by this pair.
            models.Index(fields=["alert", "alert_changed_at"], name="request_alert_changed"),
            # The statistics page's yellow count: the few yellow requests, not the period's rows.
            models.Index(fields=["accepted_on"], condition=Q(alert="yellow"), name="request_yellow_accepted"),
            models.Index(fields=["completed_on"], name="request_completed_on"),
            # A period's figures per unit (assessment indicators, monthly rankings): each unit's rows of the
            # period are one index range instead of every row the unit ever had.
            models.Index(fields=["handling_unit", "accepted_on"], name="request_unit_accepted"),
            models.Index(fields=["handling_unit", "completed_on"], name="request_unit_completed"),
        ]

    def __str__(self) -> str:
        # Shown in audit rows and the admin: the applicant's name is masked like on every list.
        return f"{self.tracking_code} {self.item.name} {self.masked_name}"

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.applicant_id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.applicant_name)

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.status == RequestStatus.ACCEPTED and super().is_overdue(today)


class RequestScope(models.Model):
    """The queue's index: one row per unit whose people see a request (every ancestor-or-self of its handling
    unit and of the unit it was filed at) carrying the request's creation time. A unit's newest requests are
    then one index range of (unit, created_at), read 50 rows at a time however long the unit's history,
    where the OR of two unit subtrees over the requests table has to sort every row of the subtree."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="scopes")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["unit", "-created_at", "-request"], name="request_scope_queue")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.request_id}"


class MaterialsNotice(models.Model):
    """一次性告知: one complete list of what is missing. A later notice may ask only for what the first listed."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="notices")
    number = models.PositiveSmallIntegerField(_("第几次告知"))
    missing = models.JSONField(_("所缺材料"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("告知时间"))
    override_reason = models.TextField(_("超出首次告知的理由"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("补正告知")
        verbose_name_plural = _("补正告知")
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="notice_number_unique")]

    def __str__(self) -> str:
        return f"{self.request.tracking_code} 第{self.number}次告知"


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("登记")
    NOTICE = "notice", _("一次性告知")
    RETURNED = "returned", _("群众补正材料")
    ACCEPTED = "accepted", _("受理")
    REJECTED = "rejected", _("不予受理")
    ASSIGNED = "assigned", _("分派承办人")
    HANDED_OVER = "handed_over", _("首问责任移交")
    NOTE = "note", _("办理进展")
    PAUSED = "paused", _("暂停计时")
    RESUMED = "resumed", _("恢复计时")
    TRANSFERRED = "transferred", _("转办")
    ALERTED = "alerted", _("督办预警")
    COMPLETED = "completed", _("办结")
    RATED = "rated", _("评价")
    REVEALED = "revealed", _("查看个人信息")


class RequestEvent(models.Model):
    """The request's timeline: every step a citizen or a supervisor may ask about."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    attachment = models.OneToOneField(
        "attachments.Attachment",
        verbose_name=_("附件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request_event",
    )
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办件记录")
        verbose_name_plural = _("办件记录")
        ordering = ["request", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_kind_display()}"


class RequestTally(models.Model):
    """What happened to the requests of one (handling unit, unit filed at, item) in one month, each column
    in the month of its own event (acceptance, completion, rating: see `services.tallies`): what the
    statistics page and the service-hall indicators read for whole months. Written only by the database
    triggers of `services.tallies`, never by application code."""

    handling_unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    filed_at_unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    item = models.ForeignKey(ServiceItem, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    month = models.DateField()
    accepted = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    workdays_sum = models.BigIntegerField(default=0)
    workdays_counted = models.IntegerField(default=0)
    visits_sum = models.BigIntegerField(default=0)
    finished = models.IntegerField(default=0)
    one_visit = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basically_satisfied = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["handling_unit", "filed_at_unit", "item", "month"], name="request_tally_key"
            )
        ]
        indexes = [models.Index(fields=["filed_at_unit", "month"], name="request_tally_filed")]

    def __str__(self) -> str:
        return f"{self.handling_unit_id} {self.item_id} {self.month:%Y-%m}"


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


POOR_RATING_THRESHOLD = RatingLevel.DISSATISFIED


class Rating(models.Model):
    """好差评: one per request, by the citizen or recorded by staff on their behalf."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="rating")
    level = models.PositiveSmallIntegerField(_("评价"), choices=RatingLevel.choices)
    comment = models.TextField(_("意见"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        # The period's ratings (satisfaction indicators) are a range of this index, not the whole table.
        indexes = [models.Index(fields=["created_at"], name="rating_created_at")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_level_display()}"

    def is_poor(self) -> bool:
        return self.level <= POOR_RATING_THRESHOLD


class RectificationStatus(models.TextChoices):
    VERIFYING = "verifying", _("核实中")
    RECTIFYING = "rectifying", _("整改中")
    REPLIED = "replied", _("已回复群众")


class Rectification(models.Model):
    """差评整改: verify, rectify, reply to the citizen, within its own working-day deadline."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    status = models.CharField(_("状态"), max_length=12, choices=RectificationStatus.choices)
    due_date = models.DateField(_("整改期限"))
    verification = models.TextField(_("核实情况"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    reply = models.TextField(_("回复群众"), blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("差评整改")
        verbose_name_plural = _("差评整改")

    def __str__(self) -> str:
        return f"{self.rating.request.tracking_code} 整改"


DIGEST_LINK_PREFIX = "/services/digest/"


class Notification(models.Model):
    """In-app notice to an officer: a request, task or dispute turned yellow or red, was assigned to them, ..."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A notice is about a 办件, or (督办事项, 纠纷) carries the page to open in `link`.
    request = models.ForeignKey(
        ServiceRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link = models.CharField(_("链接"), max_length=200, blank=True)
    message = models.CharField(_("内容"), max_length=200)
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # The leaders' daily digest links to its day's page: one digest per leader per day, even if the
            # job runs twice or two consumers race.
            models.UniqueConstraint(
                fields=["recipient", "link"],
                condition=Q(link__startswith=DIGEST_LINK_PREFIX),
                name="notification_one_digest_per_day",
            )
        ]

    def __str__(self) -> str:
        return self.message
