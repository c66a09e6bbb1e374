"""Key projects and campaigns: every change a function here, in a transaction, checked and audited."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, NotFound, ValidationFailed
from xiangzhen.org.models import Cadre, Unit
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.selectors import unit_require_visible, visible_units
from xiangzhen.parsing import EARLIEST_DATE
from xiangzhen.projects.models import (
    DEFAULT_CAMPAIGN_STEPS,
    DEFAULT_GOAL_STEP,
    Campaign,
    CampaignStepReached,
    CampaignTarget,
    CampaignTargetEvent,
    CampaignTeam,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    ProblemStatus,
    Project,
    ProjectKind,
    ProjectProblem,
    ProjectStatus,
    TargetKind,
)
from xiangzhen.projects.selectors import campaign_scope, project_scope, target_scope
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create
from xiangzhen.transitions import transition
from xiangzhen.validators import MOBILE_PATTERN, text_problems, text_require
from xiangzhen.workdays.alerts import Deadline, SweepCount, sweep_alerts, yellow_threshold
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

# 万元; the largest project a township handles is far below a hundred million 万元.
MAX_INVESTMENT = Decimal("99999999.99")
MAX_STEPS = 8


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _ensure_project(actor: User, project: Project) -> None:
    if not project_scope(actor).filter(pk=project.pk).exists():
        raise NotFound("项目不存在或不在您的管辖范围内")


def _ensure_campaign(actor: User, campaign: Campaign) -> None:
    if not campaign_scope(actor).filter(pk=campaign.pk).exists():
        raise NotFound("攻坚不存在或不在您的管辖范围内")


def _ensure_target(actor: User, target: CampaignTarget) -> None:
    if not target_scope(actor).filter(pk=target.pk).exists():
        raise NotFound("攻坚对象不存在或不在您的管辖范围内")


def _investment(label: str, value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0 or value > MAX_INVESTMENT:
        raise ValidationFailed(f"{label}应在 0 到 {MAX_INVESTMENT} 万元之间")
    return value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ProjectInput:
    name: str
    kind: str
    unit: Unit
    lead: Cadre
    planned_investment: Decimal
    units: Sequence[Unit] = ()
    team: Sequence[Cadre] = ()
    land_mu: Decimal | None = None
    start_on: date | None = None
    finish_on: date | None = None
    summary: str = ""


@transaction.atomic
def project_create(*, actor: User, data: ProjectInput) -> Project:
    """A key project led by a member of the leadership (班子领衔) with its team."""
    permission_require(actor, Action.MANAGE_PROJECTS)
    unit_require_visible(actor, data.unit)
    for unit in data.units:
        unit_require_visible(actor, unit)
    text_require(("项目名称", data.name, 120), ("建设内容", data.summary, None))
    errors = []
    if not data.name.strip():
        errors.append("项目名称不能为空")
    if data.kind not in ProjectKind.values:
        errors.append("请选择项目类别")
    if data.start_on and data.finish_on and data.finish_on < data.start_on:
        errors.append("计划完工不能早于计划开工")
    if data.land_mu is not None and (not data.land_mu.is_finite() or not 0 <= data.land_mu < 10**8):
        errors.append("用地面积不正确")
    if errors:
        raise ValidationFailed(";".join(errors))
    project = Project.objects.create(
        name=data.name.strip(),
        kind=data.kind,
        unit=data.unit,
        lead=data.lead,
        planned_investment=_investment("计划投资", data.planned_investment),
        land_mu=data.land_mu,
        start_on=data.start_on,
        finish_on=data.finish_on,
        summary=data.summary.strip(),
        created_by=actor,
    )
    project.units.set(list(data.units))
    project.team.set(list(data.team))
    audit_record(
        actor=actor,
        action="project.create",
        target=project,
        unit=data.unit,
        changes={
            "lead": [None, data.lead.name],
            "planned_investment": [None, str(project.planned_investment)],
        },
    )
    return project


@transaction.atomic
def project_update_progress(
    *, actor: User, project: Project, done_investment: Decimal, status: str, version: int
) -> Project:
    """Investment done so far and the project's status, refused if someone changed it meanwhile."""
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_project(actor, project)
    if status not in ProjectStatus.values:
        raise ValidationFailed("请选择项目状态")
    done = _investment("完成投资", done_investment)
    before = (str(project.done_investment), project.status)
    if project.version != version:
        raise Conflict("项目已被他人修改,请刷新后重试")
    transition(
        project,
        allowed=ProjectStatus.values,
        noun="项目",
        done_investment=done,
        status=status,
    )
    audit_record(
        actor=actor,
        action="project.update",
        target=project,
        unit=project.unit,
        changes={"done_investment": [before[0], str(done)], "status": [before[1], status]},
    )
    return project


def milestone_deadline(*, set_on: date, due_on: date, calendar: WorkdayCalendar | None = None) -> Deadline:
    """A milestone's planned date is its deadline; it turns yellow as the shared rule says for the working
    days between the day it was set and that date."""
    calendar = calendar or WorkdayCalendar()
    limit = calendar.workdays_between(set_on, due_on)
    yellow = calendar.add_workdays(set_on, max(0, limit - yellow_threshold(max(limit, 1))))
    return Deadline(due_on, min(yellow.date, due_on), calendar.is_provisional(due_on))


@transaction.atomic
def milestone_add(
    *, actor: User, project: Project, title: str, due_on: date, owner: Cadre, now: datetime | None = None
) -> Milestone:
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_project(actor, project)
    text_require(("节点", title, 120))
    if not title.strip():
        raise ValidationFailed("节点名称不能为空")
    today = timezone.localdate(_now(now))
    if due_on < today:
        raise ValidationFailed("计划完成日期不能早于今天")
    try:
        deadline = milestone_deadline(set_on=today, due_on=due_on)
    except CalendarUnavailable as error:
        raise ValidationFailed(str(error)) from error
    milestone = Milestone.objects.create(
        project=project, title=title.strip(), owner=owner, set_on=today, **deadline.fields()
    )
    audit_record(
        actor=actor,
        action="milestone.add",
        target=milestone,
        unit=project.unit,
        changes={"due_date": [None, str(due_on)], "owner": [None, owner.name]},
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *,
    actor: User,
    milestone: Milestone,
    completed_on: date,
    note: str,
    evidence: Iterable[UploadedFile] = (),
    now: datetime | None = None,
) -> Milestone:
    """完成 with what was done and its evidence (photos, acceptance papers); on time if by the planned date."""
    at = _now(now)
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_project(actor, milestone.project)
    text_require(("完成情况", note, None))
    if not note.strip():
        raise ValidationFailed("请填写完成情况")
    if completed_on > timezone.localdate(at):
        raise ValidationFailed("完成日期不能晚于今天")
    if completed_on < max(EARLIEST_DATE, milestone.set_on):
        raise ValidationFailed("完成日期不能早于节点设定日期")
    assert milestone.due_date is not None
    transition(
        milestone,
        allowed=[MilestoneStatus.PENDING],
        noun="项目节点",
        status=MilestoneStatus.DONE,
        completed_on=completed_on,
        completed_on_time=completed_on <= milestone.due_date,
        evidence_note=note.strip(),
    )
    for upload in evidence:
        MilestoneEvidence.objects.create(
            milestone=milestone,
            attachment=attachment_create(actor=actor, upload=upload, unit=milestone.project.unit, now=at),
            uploaded_by=actor,
            uploaded_at=at,
        )
    audit_record(
        actor=actor,
        action="milestone.submit",
        target=milestone,
        unit=milestone.project.unit,
        changes={
            "completed_on": [None, str(completed_on)],
            "completed_on_time": [None, milestone.completed_on_time],
        },
    )
    return milestone


@transaction.atomic
def milestone_sweep_alerts(*, now: datetime | None = None) -> SweepCount:
    stamp = _now(now)
    return sweep_alerts(
        Milestone.objects.filter(status=MilestoneStatus.PENDING),
        today=timezone.localdate(stamp),
        stamp=stamp,
        label="项目节点扫描",
    )


def recompute_provisional_milestone_deadlines(years: Iterable[int]) -> int:
    calendar = WorkdayCalendar()
    changed = 0
    for milestone in Milestone.objects.filter(
        status=MilestoneStatus.PENDING, due_is_provisional=True, due_date__year__in=list(years)
    ):
        assert milestone.due_date is not None
        deadline = milestone_deadline(set_on=milestone.set_on, due_on=milestone.due_date, calendar=calendar)
        for field, value in deadline.fields().items():
            setattr(milestone, field, value)
        milestone.save(update_fields=list(deadline.fields()))
        changed += 1
    return changed


@transaction.atomic
def project_problem_raise(
    *, actor: User, project: Project, description: str, now: datetime | None = None
) -> ProjectProblem:
    """A problem met on the project (征地受阻、资金未到位 …), to be solved or handed over as a task."""
    permission_require(actor, Action.RECORD_CAMPAIGN_PROGRESS)
    _ensure_project(actor, project)
    text_require(("问题", description, None))
    if not description.strip():
        raise ValidationFailed("请描述问题")
    problem = ProjectProblem.objects.create(
        project=project,
        description=description.strip(),
        raised_by=actor,
        raised_on=timezone.localdate(_now(now)),
    )
    audit_record(
        actor=actor,
        action="project_problem.record",
        target=problem,
        unit=project.unit,
        changes={"note": [None, description.strip()[:100]]},
    )
    return problem


@transaction.atomic
def project_problem_assign(
    *,
    actor: User,
    problem: ProjectProblem,
    owner: Cadre,
    owner_unit: Unit,
    limit_workdays: int,
    now: datetime | None = None,
) -> Task:
    """Hand a problem over as a supervised task (督办事项): deadline, red/yellow and verification follow."""
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_project(actor, problem.project)
    if problem.status != ProblemStatus.OPEN:
        raise Conflict("该问题已交办或已解决")
    task = task_create(
        actor=actor,
        title=f"{problem.project.name}:{problem.description}"[:200],
        owner_unit=owner_unit,
        owner=owner,
        limit_workdays=limit_workdays,
        source="项目问题",
        detail=problem.description,
        now=now,
    )
    transition(
        problem, allowed=[ProblemStatus.OPEN], noun="项目问题", status=ProblemStatus.ASSIGNED, task=task
    )
    audit_record(
        actor=actor,
        action="project_problem.update",
        target=problem,
        unit=problem.project.unit,
        changes={"status": [ProblemStatus.OPEN, ProblemStatus.ASSIGNED], "task": [None, task.pk]},
    )
    return task


@transaction.atomic
def project_problem_resolve(*, actor: User, problem: ProjectProblem, resolution: str) -> ProjectProblem:
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_project(actor, problem.project)
    text_require(("解决情况", resolution, None))
    if not resolution.strip():
        raise ValidationFailed("请填写解决情况")
    transition(
        problem,
        allowed=[ProblemStatus.OPEN, ProblemStatus.ASSIGNED],
        noun="项目问题",
        status=ProblemStatus.RESOLVED,
        resolution=resolution.strip(),
    )
    audit_record(
        actor=actor,
        action="project_problem.update",
        target=problem,
        unit=problem.project.unit,
        changes={"status": [None, ProblemStatus.RESOLVED], "note": [None, resolution.strip()[:100]]},
    )
    return problem


def _steps_from(steps: Sequence[str]) -> list[str]:
    names = [name.strip() for name in steps if name.strip()]
    text_require(*[(f"第 {n} 个步骤", name, 20) for n, name in enumerate(names, start=1)])
    if not 2 <= len(names) <= MAX_STEPS:
        raise ValidationFailed(f"步骤应有 2 到 {MAX_STEPS} 个")
    if len(set(names)) != len(names):
        raise ValidationFailed("步骤名称不能重复")
    return names


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    unit: Unit,
    start_on: date,
    goal_on: date,
    steps: Sequence[str] = DEFAULT_CAMPAIGN_STEPS,
    goal_step: int = DEFAULT_GOAL_STEP,
    project: Project | None = None,
    summary: str = "",
) -> Campaign:
    """A campaign with its own step names (default 未接触 → 已沟通 → 已签约 → 已腾空) and the step its plan counts."""
    permission_require(actor, Action.MANAGE_PROJECTS)
    unit_require_visible(actor, unit)
    if project is not None:
        _ensure_project(actor, project)
    text_require(("攻坚名称", name, 120), ("说明", summary, None))
    if not name.strip():
        raise ValidationFailed("攻坚名称不能为空")
    names = _steps_from(steps)
    if not 1 <= goal_step < len(names):
        raise ValidationFailed("目标步骤应为第一步之后的某一步")
    if goal_on < start_on:
        raise ValidationFailed("计划完成日期不能早于开始日期")
    if start_on < EARLIEST_DATE:
        raise ValidationFailed(f"开始日期不能早于 {EARLIEST_DATE.isoformat()}")
    campaign = Campaign.objects.create(
        name=name.strip(),
        unit=unit,
        project=project,
        steps=names,
        goal_step=goal_step,
        start_on=start_on,
        goal_on=goal_on,
        summary=summary.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        target=campaign,
        unit=unit,
        changes={"steps": [None, " → ".join(names)], "goal_on": [None, str(goal_on)]},
    )
    return campaign


@transaction.atomic
def campaign_team_add(
    *, actor: User, campaign: Campaign, name: str, leader: Cadre | None, members: Sequence[Cadre] = ()
) -> CampaignTeam:
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_campaign(actor, campaign)
    text_require(("攻坚组", name, 60))
    if not name.strip():
        raise ValidationFailed("攻坚组名称不能为空")
    if campaign.teams.filter(name=name.strip()).exists():
        raise ValidationFailed(f"已有名为“{name.strip()}”的攻坚组")
    team = CampaignTeam.objects.create(campaign=campaign, name=name.strip(), leader=leader)
    team.members.set(list(members))
    audit_record(
        actor=actor,
        action="campaign_team.add",
        target=team,
        unit=campaign.unit,
        changes={"name": [None, team.name]},
    )
    return team


@dataclass(frozen=True)
class TargetRow:
    """One checked row of an import."""

    code: str
    name: str
    kind: str
    unit: Unit
    building: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    team_name: str = ""
    cadre: Cadre | None = None


def target_row_problems(row: TargetRow) -> list[str]:
    problems = text_problems(
        ("编号", row.code, 40),
        ("名称", row.name, 120),
        ("楼栋", row.building, 60),
        ("户主", row.contact_name, 50),
        ("攻坚组", row.team_name, 60),
    )
    if not row.code.strip() or not row.name.strip():
        problems.append("编号和名称不能为空")
    if row.kind not in TargetKind.values:
        problems.append("类型应为住户、楼栋、坟墓或地块")
    if row.contact_phone and not MOBILE_PATTERN.fullmatch(row.contact_phone):
        problems.append("联系电话应为 11 位手机号")
    return problems


@transaction.atomic
def campaign_targets_import(*, actor: User, campaign: Campaign, rows: Sequence[TargetRow]) -> int:
    """All rows or none: the caller has checked each row; codes must be new to the campaign.

    Teams named in the file are created when missing. Targets are written with bulk_create (one campaign
    may hold thousands of households)."""
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_campaign(actor, campaign)
    if not rows:
        raise ValidationFailed("文件中没有攻坚对象")
    visible = set(
        visible_units(actor).filter(pk__in={row.unit.pk for row in rows}).values_list("pk", flat=True)
    )
    errors = []
    seen: set[str] = set()
    existing = set(
        campaign.targets.filter(code__in=[row.code for row in rows]).values_list("code", flat=True)
    )
    for number, row in enumerate(rows, start=1):
        problems = target_row_problems(row)
        if row.unit.pk not in visible:
            problems.append("所在村(社区)不在您的管辖范围内")
        if row.code in seen or row.code in existing:
            problems.append(f"编号 {row.code} 重复")
        seen.add(row.code)
        errors += [f"第 {number} 条:{problem}" for problem in problems]
    if errors:
        raise ValidationFailed(";".join(errors[:50]))
    teams = {team.name: team for team in campaign.teams.all()}
    for team_name in sorted({row.team_name for row in rows if row.team_name} - set(teams)):
        teams[team_name] = CampaignTeam.objects.create(campaign=campaign, name=team_name)
    CampaignTarget.objects.bulk_create(
        [
            CampaignTarget(
                campaign=campaign,
                code=row.code.strip(),
                name=row.name.strip(),
                kind=row.kind,
                unit=row.unit,
                building=row.building.strip(),
                contact_name=row.contact_name.strip(),
                contact_phone=row.contact_phone.strip(),
                team=teams.get(row.team_name),
                cadre=row.cadre,
            )
            for row in rows
        ],
        batch_size=500,
    )
    audit_record(
        actor=actor,
        action="campaign_target.import",
        target=campaign,
        unit=campaign.unit,
        changes={"rows": [None, len(rows)]},
    )
    return len(rows)


@transaction.atomic
def campaign_target_record(
    *,
    actor: User,
    target: CampaignTarget,
    step: int,
    note: str = "",
    is_hard: bool | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> CampaignTarget:
    """A day's progress on one target from the phone: a note, and the step reached (forward only; steps
    passed over count as reached the same day)."""
    at = _now(now)
    today = timezone.localdate(at)
    permission_require(actor, Action.RECORD_CAMPAIGN_PROGRESS)
    _ensure_target(actor, target)
    text_require(("进展", note, 200))
    campaign = target.campaign
    if not 0 <= step < len(campaign.steps):
        raise ValidationFailed("请选择进度")
    if step < target.step:
        raise ValidationFailed(f"进度只能向前;要退回到“{campaign.steps[step]}”须由领导写明原因")
    if step == target.step and not note.strip() and (is_hard is None or is_hard == target.is_hard):
        raise ValidationFailed("请选择新的进度或填写进展")
    if version is not None and version != target.version:
        raise Conflict("攻坚对象已被他人更新,请刷新后重试")
    before = target.step
    updated = CampaignTarget.objects.filter(pk=target.pk, version=target.version).update(
        step=step,
        is_hard=target.is_hard if is_hard is None else is_hard,
        last_note=note.strip() or target.last_note,
        updated_on=today,
        version=F("version") + 1,
    )
    if updated != 1:
        raise Conflict("攻坚对象已被他人更新,请刷新后重试")
    CampaignStepReached.objects.bulk_create(
        CampaignStepReached(target=target, campaign=campaign, step=reached, reached_on=today)
        for reached in range(before + 1, step + 1)
    )
    CampaignTargetEvent.objects.create(
        target=target, from_step=before, to_step=step, note=note.strip(), actor=actor, recorded_at=at
    )
    target.refresh_from_db()
    audit_record(
        actor=actor,
        action="campaign_target.record",
        target=target,
        unit=target.unit,
        changes={"step": [campaign.steps[before], campaign.steps[step]], "note": [None, note.strip()[:100]]},
    )
    return target


@transaction.atomic
def campaign_target_revert(
    *, actor: User, target: CampaignTarget, step: int, reason: str, now: datetime | None = None
) -> CampaignTarget:
    """Back to an earlier step (a signed household withdraws), by a leader with the reason written down;
    the later steps stop counting on the days they were reached."""
    at = _now(now)
    permission_require(actor, Action.MANAGE_PROJECTS)
    _ensure_target(actor, target)
    text_require(("原因", reason, 200))
    if not reason.strip():
        raise ValidationFailed("退回须写明原因")
    campaign = target.campaign
    if not 0 <= step < target.step:
        raise ValidationFailed("只能退回到当前进度之前的步骤")
    before = target.step
    updated = CampaignTarget.objects.filter(pk=target.pk, version=target.version).update(
        step=step, last_note=reason.strip(), updated_on=timezone.localdate(at), version=F("version") + 1
    )
    if updated != 1:
        raise Conflict("攻坚对象已被他人更新,请刷新后重试")
    CampaignStepReached.objects.filter(target=target, step__gt=step).delete()
    CampaignTargetEvent.objects.create(
        target=target,
        from_step=before,
        to_step=step,
        note=f"退回:{reason.strip()}"[:200],
        actor=actor,
        recorded_at=at,
    )
    target.refresh_from_db()
    audit_record(
        actor=actor,
        action="campaign_target.update",
        target=target,
        unit=target.unit,
        changes={"step": [campaign.steps[before], campaign.steps[step]], "reason": [None, reason.strip()]},
    )
    return target


@transaction.atomic
def campaign_target_reveal(*, actor: User, target: CampaignTarget, reason: str) -> CampaignTarget:
    """The contact's full name and phone, shown on purpose; every reveal is audited with its reason."""
    permission_require(actor, Action.REVEAL_PERSONAL_DATA)
    _ensure_target(actor, target)
    text_require(("用途", reason, 200))
    if not reason.strip():
        raise ValidationFailed("查看完整信息须写明用途")
    audit_record(
        actor=actor,
        action="campaign_target.reveal",
        target=target,
        unit=target.unit,
        changes={"reason": [None, reason.strip()]},
    )
    return target
