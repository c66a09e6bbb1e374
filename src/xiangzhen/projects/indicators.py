"""What the assessment app may count from projects and campaigns."""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.projects.models import CampaignStepReached, Milestone, MilestoneStatus


def campaign_goal_reached(start: date, end: date) -> QuerySet[CampaignStepReached]:
    """Targets that reached their campaign's goal step (已签约 by default) in the period."""
    return CampaignStepReached.objects.filter(
        reached_on__gte=start, reached_on__lt=end, step=F("campaign__goal_step")
    )


def milestones_due(start: date, end: date) -> QuerySet[Milestone]:
    """Milestones due in the period that are settled: done, or past their date. One still open and not yet
    due is not counted against anyone."""
    return Milestone.objects.filter(due_date__gte=start, due_date__lt=end).filter(
        Q(status=MilestoneStatus.DONE) | Q(due_date__lt=timezone.localdate())
    )


register(
    ComputedIndicator(
        code="projects.campaign_targets_signed",
        name="攻坚对象签约数",
        category="项目攻坚",
        rows=campaign_goal_reached,
        unit_field="target__unit",
        measures=Measure.OUTCOME,
        unit_label="个",
        description="期间内达到所在攻坚目标步骤(默认“已签约”)的对象数,按对象所在村(社区)计",
        row_columns=[("攻坚", "campaign__name"), ("编号", "target__code"), ("日期", "reached_on")],
    )
)
register(
    ComputedIndicator(
        code="projects.milestones_on_time",
        name="项目节点按期完成率",
        category="项目攻坚",
        rows=milestones_due,
        unit_field="project__unit",
        measures=Measure.RATE,
        numerator=Q(completed_on_time=True),
        rate=True,
        description="期间内到期的项目节点中按期完成的比例,按项目主责单位计",
        row_columns=[("项目", "project__name"), ("节点", "title"), ("计划日期", "due_date")],
    )
)
