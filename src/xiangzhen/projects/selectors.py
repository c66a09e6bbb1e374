"""Reads of projects and campaigns, always through the viewer's jurisdiction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from xiangzhen.errors import NotFound
from xiangzhen.org.selectors import AnyUser, cadre_of, visible_units
from xiangzhen.projects.models import (
    Campaign,
    CampaignStepReached,
    CampaignTarget,
    CampaignTeam,
    Milestone,
    MilestoneEvidence,
    Project,
    ProjectProblem,
)


def project_scope(viewer: AnyUser) -> QuerySet[Project]:
    """Projects owned by, or touching, a unit the viewer may see; and those the viewer leads, works on or
    owns a milestone of (a town-office cadre on a village's project): the notice about their milestone
    opens the project instead of a 404."""
    units = visible_units(viewer).values("pk")
    touching = Project.units.through.objects.filter(unit__in=units).values("project_id")
    condition = Q(unit__in=units) | Q(pk__in=touching)
    cadre = cadre_of(viewer)
    if cadre is not None:
        condition |= (
            Q(lead=cadre)
            | Q(pk__in=Project.team.through.objects.filter(cadre=cadre).values("project_id"))
            | Q(pk__in=Milestone.objects.filter(owner=cadre).values("project_id"))
        )
    return Project.objects.filter(condition)


def project_get_for_user(viewer: AnyUser, project_id: int) -> Project:
    project = project_scope(viewer).select_related("unit", "lead").filter(pk=project_id).first()
    if project is None:
        raise NotFound("项目不存在或不在您的管辖范围内")
    return project


def project_list(*, viewer: AnyUser, status: str = "") -> QuerySet[Project]:
    projects = project_scope(viewer).select_related("unit", "lead")
    if status:
        projects = projects.filter(status=status)
    return projects.annotate(
        milestones_red=Count("milestones", filter=Q(milestones__status="pending", milestones__alert="red")),
        milestones_yellow=Count(
            "milestones", filter=Q(milestones__status="pending", milestones__alert="yellow")
        ),
    ).order_by("-id")


def milestone_get_for_user(viewer: AnyUser, milestone_id: int) -> Milestone:
    milestone = (
        Milestone.objects.filter(project__in=project_scope(viewer).values("pk"), pk=milestone_id)
        .select_related("project", "owner")
        .first()
    )
    if milestone is None:
        raise NotFound("项目节点不存在或不在您的管辖范围内")
    return milestone


def problem_get_for_user(viewer: AnyUser, problem_id: int) -> ProjectProblem:
    problem = (
        ProjectProblem.objects.filter(project__in=project_scope(viewer).values("pk"), pk=problem_id)
        .select_related("project", "task")
        .first()
    )
    if problem is None:
        raise NotFound("项目问题不存在或不在您的管辖范围内")
    return problem


def evidence_get_for_user(viewer: AnyUser, evidence_id: int) -> MilestoneEvidence:
    evidence = (
        MilestoneEvidence.objects.filter(
            milestone__project__in=project_scope(viewer).values("pk"), pk=evidence_id
        )
        .select_related("attachment")
        .first()
    )
    if evidence is None:
        raise NotFound("附件不存在或不在您的管辖范围内")
    return evidence


def campaign_scope(viewer: AnyUser) -> QuerySet[Campaign]:
    """Campaigns organised by a unit the viewer may see, or with targets in one."""
    units = visible_units(viewer).values("pk")
    with_targets = CampaignTarget.objects.filter(unit__in=units).values("campaign_id")
    return Campaign.objects.filter(Q(unit__in=units) | Q(pk__in=with_targets))


def campaign_get_for_user(viewer: AnyUser, campaign_id: int) -> Campaign:
    campaign = campaign_scope(viewer).select_related("unit", "project").filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("攻坚不存在或不在您的管辖范围内")
    return campaign


def target_scope(viewer: AnyUser) -> QuerySet[CampaignTarget]:
    """A leader over the organising unit sees every target; a village cadre those in their village."""
    units = visible_units(viewer).values("pk")
    return CampaignTarget.objects.filter(Q(unit__in=units) | Q(campaign__unit__in=units))


def target_get_for_user(viewer: AnyUser, target_id: int) -> CampaignTarget:
    target = (
        target_scope(viewer).select_related("campaign", "unit", "team", "cadre").filter(pk=target_id).first()
    )
    if target is None:
        raise NotFound("攻坚对象不存在或不在您的管辖范围内")
    return target


@dataclass(frozen=True)
class TargetFilters:
    step: int | None = None
    team_id: int | None = None
    hard_only: bool = False
    search: str = ""


def campaign_targets(
    *, viewer: AnyUser, campaign: Campaign, filters: TargetFilters
) -> QuerySet[CampaignTarget]:
    targets = target_scope(viewer).filter(campaign=campaign).select_related("unit", "team", "cadre")
    if filters.step is not None:
        targets = targets.filter(step=filters.step)
    if filters.team_id is not None:
        targets = targets.filter(team_id=filters.team_id)
    if filters.hard_only:
        targets = targets.filter(is_hard=True)
    if filters.search:
        # 编号 or 楼栋 as typed; names of households are never searched in part.
        targets = targets.filter(Q(code=filters.search) | Q(building=filters.search) | Q(name=filters.search))
    return targets.order_by("code", "id")


@dataclass(frozen=True)
class DayFigure:
    day: date
    done: int
    cumulative: int
    planned: int
    final_done: int
    final_cumulative: int


@dataclass(frozen=True)
class TeamFigure:
    rank: int
    team: str
    total: int
    done: int
    final_done: int

    @property
    def share(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class CampaignBoard:
    campaign: Campaign
    today: date
    total: int
    per_step: list[tuple[str, int]]
    done: int
    done_today: int
    final_done: int
    planned_today: int
    days: list[DayFigure]
    teams: list[TeamFigure]
    hard_left: QuerySet[CampaignTarget]
    hard_left_count: int

    @property
    def share(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def behind(self) -> int:
        return self.planned_today - self.done

    @property
    def chart(self) -> dict[str, list[object]]:
        return {
            "days": [figure.day.isoformat() for figure in self.days],
            "done": [figure.done for figure in self.days],
            "cumulative": [figure.cumulative for figure in self.days],
            "planned": [figure.planned for figure in self.days],
            "final": [figure.final_cumulative for figure in self.days],
        }


def planned_by(campaign: Campaign, total: int, day: date) -> int:
    """The plan is a straight line from nothing on the first day to every target on the planned day."""
    if day < campaign.start_on:
        return 0
    span = (campaign.goal_on - campaign.start_on).days + 1
    elapsed = (day - campaign.start_on).days + 1
    return total if elapsed >= span else round(total * elapsed / span)


def _daily(campaign: Campaign, step: int, targets: QuerySet[CampaignTarget]) -> dict[date, int]:
    return dict(
        CampaignStepReached.objects.filter(campaign=campaign, step=step, target__in=targets.values("pk"))
        .values_list("reached_on")
        .annotate(count=Count("id"))
        .values_list("reached_on", "count")
    )


def competition_ranks(values: list[float]) -> list[int]:
    """1, 2, 2, 4: equal values share a rank and the next rank skips."""
    return [1 + sum(1 for other in values if other > value) for value in values]


def campaign_board(*, viewer: AnyUser, campaign: Campaign, today: date) -> CampaignBoard:
    """The live board: counts per step, the goal step per day against the plan, teams ranked, hard cases left.

    Every figure is a GROUP BY over the viewer's targets (a village cadre's board is their village's part)."""
    targets = target_scope(viewer).filter(campaign=campaign)
    by_step = dict(targets.values_list("step").annotate(count=Count("id")).values_list("step", "count"))
    total = sum(by_step.values())
    goal, final = campaign.goal_step, campaign.final_step
    done_by_day = _daily(campaign, goal, targets)
    final_by_day = _daily(campaign, final, targets)
    # A finished campaign's curve ends with its last step taken, not months later on the day it is viewed.
    finished = total > 0 and by_step.get(final, 0) == total
    recorded = [*done_by_day, *final_by_day]
    end = max([campaign.goal_on, *recorded]) if finished else today
    days: list[DayFigure] = []
    cumulative = final_cumulative = 0
    earlier = [day for day in [*done_by_day, *final_by_day] if day < campaign.start_on]
    day = min([campaign.start_on, *earlier])
    while day <= end:
        cumulative += done_by_day.get(day, 0)
        final_cumulative += final_by_day.get(day, 0)
        days.append(
            DayFigure(
                day,
                done_by_day.get(day, 0),
                cumulative,
                planned_by(campaign, total, day),
                final_by_day.get(day, 0),
                final_cumulative,
            )
        )
        day += timedelta(days=1)
    team_rows = list(
        CampaignTeam.objects.filter(campaign=campaign)
        .annotate(
            total=Count("targets", filter=Q(targets__in=targets.values("pk"))),
            done=Count("targets", filter=Q(targets__in=targets.values("pk"), targets__step__gte=goal)),
            final_done=Count("targets", filter=Q(targets__in=targets.values("pk"), targets__step__gte=final)),
        )
        .filter(total__gt=0)
        .values_list("name", "total", "done", "final_done")
    )
    shares = [done / total_count for _, total_count, done, _ in team_rows]
    ranks = competition_ranks(shares)
    teams = sorted(
        (
            TeamFigure(rank, name, total_count, done, final_done)
            for rank, (name, total_count, done, final_done) in zip(ranks, team_rows, strict=True)
        ),
        key=lambda figure: (figure.rank, figure.team),
    )
    hard = targets.filter(is_hard=True, step__lt=goal)
    done = sum(count for step, count in by_step.items() if step >= goal)
    return CampaignBoard(
        campaign=campaign,
        today=today,
        total=total,
        per_step=[(str(name), by_step.get(index, 0)) for index, name in enumerate(campaign.steps)],
        done=done,
        done_today=done_by_day.get(today, 0),
        final_done=sum(count for step, count in by_step.items() if step >= final),
        planned_today=planned_by(campaign, total, today),
        days=days,
        teams=teams,
        hard_left=hard.select_related("team", "cadre", "unit").order_by("code")[:100],
        hard_left_count=hard.count(),
    )


def campaign_list(*, viewer: AnyUser) -> QuerySet[Campaign]:
    return campaign_scope(viewer).select_related("unit").order_by("-start_on", "-id")
