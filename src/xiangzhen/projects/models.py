"""Key projects (班子领衔) with milestones and problems, and campaigns (攻坚) fought target by target."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Cadre, Unit
from xiangzhen.validators import mask_name, mask_phone
from xiangzhen.workdays.alerts import SupervisedDeadline

# The steps of a 危旧房 campaign as the 常山 report tells them; each campaign may name its own.
DEFAULT_CAMPAIGN_STEPS = ["未接触", "已沟通", "已签约", "已腾空"]
DEFAULT_GOAL_STEP = 2


class ProjectKind(models.TextChoices):
    INDUSTRY = "industry", _("产业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    EDUCATION = "education", _("教育设施")
    WATER = "water", _("水利")
    HOUSING = "housing", _("城镇建设与危旧房改造")
    LIVELIHOOD = "livelihood", _("民生")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("前期")
    UNDERWAY = "underway", _("在建")
    COMPLETED = "completed", _("已完工")
    SUSPENDED = "suspended", _("暂停")


class Project(models.Model):
    """A key project led by a member of the leadership (班子领衔项目) with a team (分兵点将组团)."""

    name = models.CharField(_("项目名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=20, choices=ProjectKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("主责单位"), on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name=_("涉及村(社区)"), blank=True, related_name="+")
    lead = models.ForeignKey(
        Cadre, verbose_name=_("领衔领导"), on_delete=models.PROTECT, related_name="led_projects"
    )
    team = models.ManyToManyField(Cadre, verbose_name=_("攻坚团队"), blank=True, related_name="project_teams")
    planned_investment = models.DecimalField(_("计划投资(万元)"), max_digits=12, decimal_places=2)
    done_investment = models.DecimalField(_("完成投资(万元)"), max_digits=12, decimal_places=2, default=0)
    land_mu = models.DecimalField(_("用地(亩)"), max_digits=10, decimal_places=2, null=True, blank=True)
    start_on = models.DateField(_("计划开工"), null=True, blank=True)
    finish_on = models.DateField(_("计划完工"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PREPARING
    )
    summary = models.TextField(_("建设内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def investment_share(self) -> int:
        if not self.planned_investment:
            return 0
        return round(100 * self.done_investment / self.planned_investment)


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("未完成")
    DONE = "done", _("已完成")


class Milestone(SupervisedDeadline):
    """A dated step of a project (征地、开工、主体封顶 …); red/yellow through the shared sweep."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=120)
    owner = models.ForeignKey(Cadre, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField(_("设定日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("按期完成"), null=True, blank=True)
    evidence_note = models.TextField(_("完成情况"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["due_date"], condition=models.Q(status="pending"), name="milestone_pending_due"
            ),
            models.Index(fields=["project", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneEvidence(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="evidence")
    attachment = models.OneToOneField(
        "attachments.Attachment", verbose_name=_("佐证材料"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        verbose_name = _("节点佐证材料")
        verbose_name_plural = _("节点佐证材料")
        ordering = ["milestone", "id"]

    def __str__(self) -> str:
        return f"{self.milestone_id} {self.attachment_id}"


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待解决")
    ASSIGNED = "assigned", _("已交办")
    RESOLVED = "resolved", _("已解决")


class ProjectProblem(models.Model):
    """A problem raised on a project; a leader may turn it into a supervised task (督办事项)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("问题"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(_("提出日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    task = models.OneToOneField(
        "supervision.Task",
        verbose_name=_("督办事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_problem",
    )
    resolution = models.TextField(_("解决情况"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["project", "-raised_on", "-id"]

    def __str__(self) -> str:
        return self.description[:40]


class Campaign(models.Model):
    """攻坚: a list of targets each moved through the campaign's own steps, counted day by day."""

    name = models.CharField(_("攻坚名称"), max_length=120)
    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        Project,
        verbose_name=_("所属项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    # Step names in order; the first is where every target starts.
    steps = models.JSONField(_("步骤"), default=list)
    # The step the plan counts (签约 in a 征迁 campaign): the curve, the ranking and the indicator use it.
    goal_step = models.PositiveSmallIntegerField(_("目标步骤"), default=DEFAULT_GOAL_STEP)
    start_on = models.DateField(_("开始日期"))
    goal_on = models.DateField(_("计划完成日期"))
    summary = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("攻坚")
        verbose_name_plural = _("攻坚")
        ordering = ["-start_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def goal_label(self) -> str:
        return str(self.steps[self.goal_step])

    @property
    def final_step(self) -> int:
        return len(self.steps) - 1


class CampaignTeam(models.Model):
    """A team of the campaign (分兵点将组团), e.g. 铁娘子三人组."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("攻坚组"), max_length=60)
    leader = models.ForeignKey(
        Cadre, verbose_name=_("组长"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(Cadre, verbose_name=_("组员"), blank=True, related_name="campaign_teams")

    class Meta:
        verbose_name = _("攻坚组")
        verbose_name_plural = _("攻坚组")
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="campaign_team_unique_name")]

    def __str__(self) -> str:
        return self.name


class TargetKind(models.TextChoices):
    HOUSEHOLD = "household", _("住户")
    BUILDING = "building", _("楼栋")
    GRAVE = "grave", _("坟墓")
    PARCEL = "parcel", _("地块")


class CampaignTarget(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("编号"), max_length=40)
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=12, choices=TargetKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("所在村(社区)"), on_delete=models.PROTECT, related_name="+")
    building = models.CharField(_("楼栋(片区)"), max_length=60, blank=True)
    contact_name = models.CharField(_("户主(联系人)"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    team = models.ForeignKey(
        CampaignTeam,
        verbose_name=_("攻坚组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("包保干部"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("进度"), default=0)
    is_hard = models.BooleanField(_("难点"), default=False)
    last_note = models.CharField(_("最近进展"), max_length=200, blank=True)
    updated_on = models.DateField(_("最近更新"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("攻坚对象")
        verbose_name_plural = _("攻坚对象")
        ordering = ["campaign", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="campaign_target_unique_code")
        ]
        indexes = [
            models.Index(fields=["campaign", "step"]),
            models.Index(fields=["campaign", "team", "step"]),
            models.Index(fields=["unit", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def masked_contact(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone) if self.contact_phone else ""

    @property
    def step_label(self) -> str:
        steps = self.campaign.steps
        return str(steps[self.step]) if self.step < len(steps) else str(self.step)


class CampaignStepReached(models.Model):
    """The day a target reached a step: the board's daily figures are a GROUP BY over these rows."""

    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="reached")
    # Denormalized from the target so a campaign's daily counts read one index range.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(_("步骤"))
    reached_on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("攻坚进度")
        verbose_name_plural = _("攻坚进度")
        constraints = [models.UniqueConstraint(fields=["target", "step"], name="campaign_step_reached_once")]
        indexes = [models.Index(fields=["campaign", "step", "reached_on"])]

    def __str__(self) -> str:
        return f"{self.target_id} {self.step} {self.reached_on}"


class CampaignTargetEvent(models.Model):
    """One visit or call recorded from the phone: a note, and the step moved (if any)."""

    target = models.ForeignKey(CampaignTarget, on_delete=models.CASCADE, related_name="events")
    from_step = models.PositiveSmallIntegerField(_("原进度"))
    to_step = models.PositiveSmallIntegerField(_("新进度"))
    note = models.CharField(_("进展"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("攻坚记录")
        verbose_name_plural = _("攻坚记录")
        ordering = ["target", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.from_step}→{self.to_step}"
