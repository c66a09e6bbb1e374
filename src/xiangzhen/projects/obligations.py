"""Project milestones and campaign targets on the one clock."""

from datetime import date, datetime
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import columns, source_link
from xiangzhen.projects.models import Campaign, CampaignTarget, Milestone, MilestoneStatus


def _pending_milestones(today: date) -> "QuerySet[Any]":
    return Milestone.objects.filter(status=MilestoneStatus.PENDING).values(
        **columns(
            unit="project__unit_id",
            owner="owner__user_id",
            title=Concat("project__name", Value(" · "), "title"),
            link=source_link("/projects/milestones/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _colour(today: date, stamp: datetime) -> object:
    from xiangzhen.projects.services import milestone_sweep_alerts

    return milestone_sweep_alerts(now=stamp)


def _targets_short_of_goal(today: date) -> "QuerySet[Any]":
    """A target below its campaign's goal step is its cadre's until the campaign's planned completion."""
    return CampaignTarget.objects.filter(step__lt=F("campaign__goal_step"), cadre__isnull=False).values(
        **columns(
            unit="unit_id",
            owner="cadre__user_id",
            title=Concat("campaign__name", Value(" · "), "name"),
            link=source_link("/projects/targets/"),
            due_date="campaign__goal_on",
        )
    )


register(
    ObligationKind(
        name="projects.milestone",
        label="项目节点",
        source_model=Milestone,
        rows=_pending_milestones,
        watch={Milestone: lambda milestone: [milestone.pk]},
        colour_source=_colour,
    )
)
register(
    ObligationKind(
        name="projects.campaign_target",
        label="攻坚对象",
        source_model=CampaignTarget,
        rows=_targets_short_of_goal,
        watch={
            CampaignTarget: lambda target: [target.pk],
            Campaign: lambda campaign: campaign.targets.values_list("pk", flat=True),
        },
        yellow_days=5,
        counted_in="自然日",
    )
)
