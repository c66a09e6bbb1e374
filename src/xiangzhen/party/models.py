"""Party branches: members and posts, 三会一课 and 主题党日 with their frequency rules, votes of the 党员大会,
and the village reserve-cadre pool (后备干部库)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Unit
from xiangzhen.validators import mask_name, mask_phone, mask_resident_id

# 中国共产党支部工作条例(试行) 第九条: a branch of more than 50 members is split.
MAX_BRANCH_MEMBERS = 50


class BranchKind(models.TextChoices):
    VILLAGE = "village", _("村党支部")
    COMMUNITY = "community", _("社区党支部")
    ORGAN = "organ", _("机关支部")


# 村、社区党组织 serve five years (since 2018); other branches three.
TERM_YEARS = {BranchKind.VILLAGE: 5, BranchKind.COMMUNITY: 5, BranchKind.ORGAN: 3}


class Branch(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("支部名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=BranchKind.choices)
    term_started_on = models.DateField(_("本届任期开始"))
    term_years = models.PositiveSmallIntegerField(_("任期(年)"))
    # 主题党日 is held each month on this day (a fixed day the branch chose).
    theme_day = models.PositiveSmallIntegerField(_("主题党日固定日"), default=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("党支部")
        verbose_name_plural = _("党支部")
        ordering = ["unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="party_branch_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def term_ends_on(self) -> date:
        start = self.term_started_on
        year = start.year + self.term_years
        # 29 February has no twin in most years: the term ends on 28 February.
        return (
            start.replace(year=year, day=28)
            if (start.month, start.day) == (2, 29)
            else start.replace(year=year)
        )


class MemberStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class PartyMemberQuerySet(models.QuerySet["PartyMember"]):
    def current(self) -> "PartyMemberQuerySet":
        return self.filter(left_on__isnull=True)

    def voting(self) -> "PartyMemberQuerySet":
        """Members with a vote: 预备党员 have none (党章 第七条)."""
        return self.current().filter(status=MemberStatus.FULL)


class PartyMember(models.Model):
    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(_("党员类别"), max_length=14, choices=MemberStatus.choices)
    joined_on = models.DateField(_("入党日期"))
    group = models.CharField(_("党小组"), max_length=40, blank=True)
    left_on = models.DateField(_("转出日期"), null=True, blank=True)

    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["branch", "id"]
        indexes = [models.Index(fields=["branch", "left_on"], name="party_member_current")]

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


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    COMMITTEE = "committee", _("委员")


class BranchPost(models.Model):
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="posts")
    member = models.ForeignKey(
        PartyMember, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("职务"), max_length=12, choices=PostTitle.choices)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("支委职务")
        verbose_name_plural = _("支委职务")
        ordering = ["branch", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch"],
                condition=models.Q(title="secretary", ended_on__isnull=True),
                name="party_one_current_secretary",
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.get_title_display()}"


class ActivityKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("支部党员大会")
    COMMITTEE_MEETING = "committee_meeting", _("支部委员会会议")
    GROUP_MEETING = "group_meeting", _("党小组会")
    PARTY_LECTURE = "party_lecture", _("党课")
    THEME_DAY = "theme_day", _("主题党日")
    LIFE_MEETING = "life_meeting", _("组织生活会")
    MEMBER_REVIEW = "member_review", _("民主评议党员")


class RulePeriod(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class ActivityRule(models.Model):
    """How often an activity is due: a town-wide default (branch empty) or one branch's own rule.

    Seeded from 中国共产党支部工作条例(试行); 党课 is local practice and edited here."""

    branch = models.ForeignKey(
        Branch,
        verbose_name=_("党支部"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    kind = models.CharField(_("活动"), max_length=20, choices=ActivityKind.choices)
    period = models.CharField(_("周期"), max_length=8, choices=RulePeriod.choices)
    times = models.PositiveSmallIntegerField(_("每期至少(次)"), default=1)
    # A missing activity turns yellow, then red, when this few working days of its period are left.
    yellow_workdays = models.PositiveSmallIntegerField(_("黄牌(剩余工作日)"))
    red_workdays = models.PositiveSmallIntegerField(_("红牌(剩余工作日)"))
    basis = models.CharField(_("依据"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("组织生活频次规则")
        verbose_name_plural = _("组织生活频次规则")
        ordering = ["branch", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "kind"], name="party_rule_per_branch"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(branch__isnull=True), name="party_default_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_period_display()} {self.times} 次"


class BranchActivity(models.Model):
    branch = models.ForeignKey(
        Branch, verbose_name=_("党支部"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("活动"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=120)
    minutes = models.TextField(_("记录"))
    attendees = models.ManyToManyField(PartyMember, verbose_name=_("出席党员"), blank=True, related_name="+")
    # Snapshots at the time of the meeting: later transfers must not change whether it had its quorum.
    expected_count = models.PositiveSmallIntegerField(_("应到"))
    voting_expected = models.PositiveSmallIntegerField(_("应到有表决权党员"))
    voting_present = models.PositiveSmallIntegerField(_("实到有表决权党员"))
    present_count = models.PositiveSmallIntegerField(_("实到"))
    absence_note = models.CharField(_("缺席情况"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("组织生活")
        verbose_name_plural = _("组织生活")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["branch", "kind", "held_on"], name="party_activity_period"),
            # The record's keyset order, for everyone's list and for one branch's.
            models.Index(fields=["-held_on", "-id"], name="party_activity_order"),
            models.Index(fields=["branch", "-held_on", "-id"], name="party_activity_branch_order"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"

    @property
    def has_quorum(self) -> bool:
        """More than half of the members with a vote are present."""
        return self.voting_present * 2 > self.voting_expected

    @property
    def on_theme_day(self) -> bool:
        return self.kind != ActivityKind.THEME_DAY or self.held_on.day == self.branch.theme_day


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(BranchActivity, on_delete=models.CASCADE, related_name="files")
    attachment = models.OneToOneField(
        "attachments.Attachment", on_delete=models.PROTECT, related_name="branch_activity_file"
    )

    class Meta:
        verbose_name = _("组织生活附件")
        verbose_name_plural = _("组织生活附件")

    def __str__(self) -> str:
        return self.attachment.original_name


class BranchVote(models.Model):
    """A decision of the 党员大会, voted only with a quorum; adopted when the ayes exceed half of the voting
    members expected (not of those present)."""

    activity = models.ForeignKey(BranchActivity, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("表决事项"), max_length=200)
    ayes = models.PositiveSmallIntegerField(_("赞成"))
    noes = models.PositiveSmallIntegerField(_("反对"))
    abstentions = models.PositiveSmallIntegerField(_("弃权"))
    adopted = models.BooleanField(_("通过"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("党员大会表决")
        verbose_name_plural = _("党员大会表决")
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return self.subject[:40]


class ReserveSource(models.TextChoices):
    SELF = "self", _("个人自荐")
    MEMBERS = "members", _("党员推荐")
    VILLAGERS = "villagers", _("群众推荐")
    ORGANISATION = "organisation", _("组织推荐")


class ReserveStatus(models.TextChoices):
    IN_POOL = "in_pool", _("在库")
    APPOINTED = "appointed", _("已使用")
    REMOVED = "removed", _("已出库")


class ReserveCadre(models.Model):
    """A village's reserve cadre, through 选 (selection), 育 (training), 管 (trial posts, assessments), 用."""

    village = models.ForeignKey(Unit, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_party_member = models.BooleanField(_("党员"), default=False)
    education = models.CharField(_("学历"), max_length=20, blank=True)
    current_work = models.CharField(_("现从事工作"), max_length=60, blank=True)
    source = models.CharField(_("产生方式"), max_length=14, choices=ReserveSource.choices)
    selected_on = models.DateField(_("入库日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReserveStatus.choices, default=ReserveStatus.IN_POOL
    )
    appointed_post = models.CharField(_("任用职务"), max_length=60, blank=True)
    left_on = models.DateField(_("出库/任用日期"), null=True, blank=True)
    leave_reason = models.CharField(_("出库原因"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("后备干部")
        verbose_name_plural = _("后备干部")
        ordering = ["village__path", "-selected_on", "id"]
        indexes = [models.Index(fields=["village", "status"], name="party_reserve_village")]

    def __str__(self) -> str:
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


class ReserveStepKind(models.TextChoices):
    TRAINING = "training", _("培训(育)")
    TRIAL_POST = "trial_post", _("上岗锻炼(管)")
    ASSESSMENT = "assessment", _("跟踪考察(管)")


class AssessmentGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


PASSING_GRADES = {AssessmentGrade.EXCELLENT, AssessmentGrade.COMPETENT}


class ReserveStep(models.Model):
    reserve = models.ForeignKey(ReserveCadre, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=12, choices=ReserveStepKind.choices)
    started_on = models.DateField(_("日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    content = models.CharField(_("内容"), max_length=200)
    grade = models.CharField(_("考察结果"), max_length=12, choices=AssessmentGrade.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("后备干部培养记录")
        verbose_name_plural = _("后备干部培养记录")
        ordering = ["reserve", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"
