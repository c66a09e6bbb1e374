"""JSON API of projects and campaigns: the same services as the pages."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Version, Workdays, length_of
from xiangzhen.org.selectors import assignable_cadre_get, unit_get_for_user
from xiangzhen.projects.models import (
    Campaign,
    CampaignTarget,
    Milestone,
    Project,
    ProjectProblem,
)
from xiangzhen.projects.selectors import (
    TargetFilters,
    campaign_board,
    campaign_get_for_user,
    campaign_list,
    campaign_targets,
    milestone_get_for_user,
    problem_get_for_user,
    project_get_for_user,
    project_list,
    target_get_for_user,
)
from xiangzhen.projects.services import (
    ProjectInput,
    campaign_target_record,
    milestone_add,
    milestone_complete,
    project_create,
    project_problem_assign,
    project_problem_raise,
)

router = Router(tags=["项目攻坚"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
Money = Annotated[Decimal, Field(ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2)]
Step = Annotated[int, Field(ge=0, le=20)]


class ProjectOut(Schema):
    id: int
    name: str
    kind: str
    unit_id: int
    lead_id: int
    planned_investment: Decimal
    done_investment: Decimal
    land_mu: Decimal | None
    start_on: date | None
    finish_on: date | None
    status: str
    version: int


class MilestoneOut(Schema):
    id: int
    project_id: int
    title: str
    owner_id: int
    due_date: date | None
    status: str
    alert: str
    completed_on: date | None
    completed_on_time: bool | None


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(project: Project) -> list[Milestone]:
        return list(project.milestones.all())


class ProblemOut(Schema):
    id: int
    project_id: int
    description: str
    raised_on: date
    status: str
    task_id: int | None


class ProjectIn(InputSchema):
    name: Annotated[str, length_of(Project, "name")]
    kind: Annotated[str, length_of(Project, "kind")]
    unit_id: Id
    lead_id: Id
    planned_investment: Money
    unit_ids: Annotated[list[Id], Field(max_length=100)] = []
    team_ids: Annotated[list[Id], Field(max_length=100)] = []
    land_mu: Money | None = None
    start_on: date | None = None
    finish_on: date | None = None
    summary: LongText = ""


class MilestoneIn(InputSchema):
    title: Annotated[str, length_of(Milestone, "title")]
    due_on: date
    owner_id: Id


class MilestoneDoneIn(InputSchema):
    completed_on: date
    note: LongText


class ProblemIn(InputSchema):
    description: LongText


class ProblemTaskIn(InputSchema):
    owner_id: Id
    owner_unit_id: Id
    limit_workdays: Workdays


class CampaignOut(Schema):
    id: int
    name: str
    unit_id: int
    project_id: int | None
    steps: list[str]
    goal_step: int
    start_on: date
    goal_on: date


class StepCount(Schema):
    step: str
    count: int


class DayOut(Schema):
    day: date
    done: int
    cumulative: int
    planned: int


class TeamOut(Schema):
    rank: int
    team: str
    total: int
    done: int


class BoardOut(Schema):
    campaign: CampaignOut
    total: int
    done: int
    done_today: int
    planned_today: int
    per_step: list[StepCount]
    days: list[DayOut]
    teams: list[TeamOut]
    hard_left: int


class TargetOut(Schema):
    id: int
    campaign_id: int
    code: str
    name: str
    kind: str
    unit_id: int
    building: str
    contact: str
    team_id: int | None
    cadre_id: int | None
    step: int
    step_label: str
    is_hard: bool
    updated_on: date | None
    version: int

    @staticmethod
    def resolve_contact(target: CampaignTarget) -> str:
        return target.masked_contact


class TargetProgressIn(InputSchema):
    step: Step
    note: Annotated[str, length_of(CampaignTarget, "last_note")] = ""
    is_hard: bool | None = None
    version: Version | None = None


@router.get("", response={200: list[ProjectOut], **ERRORS}, summary="重点项目")
def projects(request: HttpRequest) -> list[Project]:
    return list(project_list(viewer=request.user)[:500])


@router.post("", response={201: ProjectOut, **ERRORS}, summary="建立项目")
def project_add(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    project = project_create(
        actor=acting_user(request),
        data=ProjectInput(
            name=payload.name,
            kind=payload.kind,
            unit=unit_get_for_user(request.user, payload.unit_id),
            lead=assignable_cadre_get(request.user, payload.lead_id),
            planned_investment=payload.planned_investment,
            units=[unit_get_for_user(request.user, unit_id) for unit_id in payload.unit_ids],
            team=[assignable_cadre_get(request.user, cadre_id) for cadre_id in payload.team_ids],
            land_mu=payload.land_mu,
            start_on=payload.start_on,
            finish_on=payload.finish_on,
            summary=payload.summary,
        ),
    )
    return Status(201, project)


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS}, summary="攻坚")
def campaigns(request: HttpRequest) -> list[Campaign]:
    return list(campaign_list(viewer=request.user)[:500])


@router.get("/campaigns/{campaign_id}", response={200: BoardOut, **ERRORS}, summary="攻坚进度看板")
def campaign_detail(request: HttpRequest, campaign_id: Id) -> dict[str, object]:
    campaign = campaign_get_for_user(request.user, campaign_id)
    board = campaign_board(viewer=request.user, campaign=campaign, today=timezone.localdate())
    return {
        "campaign": campaign,
        "total": board.total,
        "done": board.done,
        "done_today": board.done_today,
        "planned_today": board.planned_today,
        "per_step": [{"step": name, "count": count} for name, count in board.per_step],
        "days": board.days,
        "teams": board.teams,
        "hard_left": board.hard_left_count,
    }


@router.get("/campaigns/{campaign_id}/targets", response={200: list[TargetOut], **ERRORS}, summary="攻坚对象")
def campaign_target_list(request: HttpRequest, campaign_id: Id) -> list[CampaignTarget]:
    campaign = campaign_get_for_user(request.user, campaign_id)
    return list(campaign_targets(viewer=request.user, campaign=campaign, filters=TargetFilters())[:5000])


@router.post("/targets/{target_id}/progress", response={200: TargetOut, **ERRORS}, summary="记录攻坚进度")
def target_progress(request: HttpRequest, target_id: Id, payload: TargetProgressIn) -> CampaignTarget:
    return campaign_target_record(
        actor=acting_user(request),
        target=target_get_for_user(request.user, target_id),
        step=payload.step,
        note=payload.note,
        is_hard=payload.is_hard,
        version=payload.version,
    )


@router.post(
    "/milestones/{milestone_id}/complete", response={200: MilestoneOut, **ERRORS}, summary="完成项目节点"
)
def milestone_done(request: HttpRequest, milestone_id: Id, payload: MilestoneDoneIn) -> Milestone:
    return milestone_complete(
        actor=acting_user(request),
        milestone=milestone_get_for_user(request.user, milestone_id),
        completed_on=payload.completed_on,
        note=payload.note,
    )


@router.post(
    "/problems/{problem_id}/task", response={200: ProblemOut, **ERRORS}, summary="项目问题交办为督办事项"
)
def problem_task(request: HttpRequest, problem_id: Id, payload: ProblemTaskIn) -> ProjectProblem:
    problem = problem_get_for_user(request.user, problem_id)
    project_problem_assign(
        actor=acting_user(request),
        problem=problem,
        owner=assignable_cadre_get(request.user, payload.owner_id),
        owner_unit=unit_get_for_user(request.user, payload.owner_unit_id),
        limit_workdays=payload.limit_workdays,
    )
    problem.refresh_from_db()
    return problem


@router.get("/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="项目详情")
def project_detail(request: HttpRequest, project_id: Id) -> Project:
    return project_get_for_user(request.user, project_id)


@router.post("/{project_id}/milestones", response={201: MilestoneOut, **ERRORS}, summary="添加项目节点")
def project_milestone_add(request: HttpRequest, project_id: Id, payload: MilestoneIn) -> Status[Milestone]:
    milestone = milestone_add(
        actor=acting_user(request),
        project=project_get_for_user(request.user, project_id),
        title=payload.title,
        due_on=payload.due_on,
        owner=assignable_cadre_get(request.user, payload.owner_id),
    )
    return Status(201, milestone)


@router.post("/{project_id}/problems", response={201: ProblemOut, **ERRORS}, summary="提出项目问题")
def project_problem_add(request: HttpRequest, project_id: Id, payload: ProblemIn) -> Status[ProjectProblem]:
    problem = project_problem_raise(
        actor=acting_user(request),
        project=project_get_for_user(request.user, project_id),
        description=payload.description,
    )
    return Status(201, problem)
