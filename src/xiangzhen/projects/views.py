"""Pages of projects and campaigns: parse input, call one service, render."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import assignable_cadre_get, assignable_cadres, unit_get_for_user, visible_units
from xiangzhen.parsing import parse_date, parse_id, parse_integer, parse_required_date, parse_required_id
from xiangzhen.projects.importing import read_targets
from xiangzhen.projects.models import DEFAULT_CAMPAIGN_STEPS, DEFAULT_GOAL_STEP, ProjectKind, ProjectStatus
from xiangzhen.projects.selectors import (
    CampaignBoard,
    TargetFilters,
    campaign_board,
    campaign_get_for_user,
    campaign_list,
    campaign_targets,
    evidence_get_for_user,
    milestone_get_for_user,
    problem_get_for_user,
    project_get_for_user,
    project_list,
    target_get_for_user,
)
from xiangzhen.projects.services import (
    MAX_STEPS,
    ProjectInput,
    campaign_create,
    campaign_target_record,
    campaign_target_reveal,
    campaign_target_revert,
    campaign_targets_import,
    milestone_add,
    milestone_complete,
    project_create,
    project_problem_assign,
    project_problem_raise,
    project_problem_resolve,
    project_update_progress,
)
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import keyset_page

MAX_TASK_WORKDAYS = 250


def _decimal(text: str | None, label: str, *, required: bool = True) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        if required:
            raise ValidationFailed(f"请填写{label}")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label}应为数字") from None
    if not value.is_finite():
        raise ValidationFailed(f"{label}应为数字")
    return value


def _required_decimal(text: str | None, label: str) -> Decimal:
    value = _decimal(text, label)
    assert value is not None
    return value


def _not_found(error: NotFound) -> Http404:
    return Http404(error.message)


@login_required
def project_index(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            data = ProjectInput(
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                unit=unit_get_for_user(request.user, parse_required_id(post.get("unit"), "主责单位")),
                lead=assignable_cadre_get(request.user, parse_required_id(post.get("lead"), "领衔领导")),
                planned_investment=_required_decimal(post.get("planned_investment"), "计划投资"),
                units=[
                    unit_get_for_user(request.user, parse_required_id(value, "涉及村(社区)"))
                    for value in post.getlist("units")
                ],
                team=[
                    assignable_cadre_get(request.user, parse_required_id(value, "团队成员"))
                    for value in post.getlist("team")
                ],
                land_mu=_decimal(post.get("land_mu"), "用地", required=False),
                start_on=parse_date(post.get("start_on"), "计划开工"),
                finish_on=parse_date(post.get("finish_on"), "计划完工"),
                summary=post.get("summary", ""),
            )
            project = project_create(actor=acting_user(request), data=data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已建立项目")
            return redirect("projects:detail", project_id=project.pk)
    status = request.GET.get("status", "")
    projects = list(
        project_list(viewer=request.user, status=status if status in ProjectStatus.values else "")
    )
    planned = sum((project.planned_investment for project in projects), Decimal(0))
    done = sum((project.done_investment for project in projects), Decimal(0))
    may_manage = user_may(request.user, Action.MANAGE_PROJECTS)
    return render(
        request,
        "projects/index.html",
        {
            "projects": projects,
            "page": keyset_page(
                project_list(viewer=request.user, status=status if status in ProjectStatus.values else ""),
                request.GET,
                keys=("-id",),
            ),
            "planned": planned,
            "done": done,
            "statuses": ProjectStatus.choices,
            "status": status,
            "kinds": ProjectKind.choices,
            "may_manage": may_manage,
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP) if may_manage else [],
            "cadres": assignable_cadres(request.user) if may_manage else [],
        },
    )


@login_required
def project_export(request: HttpRequest) -> HttpResponseBase:
    rows = [
        [
            project.name,
            project.get_kind_display(),
            project.unit.name,
            project.lead.name,
            project.planned_investment,
            project.done_investment,
            project.land_mu or "",
            project.start_on or "",
            project.finish_on or "",
            project.get_status_display(),
            project.milestones_red,  # type: ignore[attr-defined]  # annotated by project_list
            project.milestones_yellow,  # type: ignore[attr-defined]  # annotated by project_list
        ]
        for project in project_list(viewer=request.user)
    ]
    headers = ["项目", "类别", "主责单位", "领衔领导", "计划投资(万元)", "完成投资(万元)", "用地(亩)"]
    headers += ["计划开工", "计划完工", "状态", "红牌节点", "黄牌节点"]
    return stream_workbook({"重点项目": (headers, rows)}, "重点项目")


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    try:
        project = project_get_for_user(request.user, project_id)
    except NotFound as error:
        raise _not_found(error) from error
    may_manage = user_may(request.user, Action.MANAGE_PROJECTS)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "units": project.units.all(),
            "team": project.team.all(),
            "milestones": project.milestones.select_related("owner").prefetch_related("evidence__attachment"),
            "problems": project.problems.select_related("task", "raised_by"),
            "campaigns": project.campaigns.all(),
            "statuses": ProjectStatus.choices,
            "today": timezone.localdate(),
            "may_manage": may_manage,
            "may_raise": user_may(request.user, Action.RECORD_CAMPAIGN_PROGRESS),
            "cadres": assignable_cadres(request.user) if may_manage else [],
            "owner_units": visible_units(request.user).exclude(level=UnitLevel.GROUP) if may_manage else [],
        },
    )


@login_required
@require_POST
def project_act(request: HttpRequest, project_id: int, action: str) -> HttpResponse:
    try:
        project = project_get_for_user(request.user, project_id)
    except NotFound as error:
        raise _not_found(error) from error
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "milestone":
            milestone_add(
                actor=actor,
                project=project,
                title=post.get("title", ""),
                due_on=parse_required_date(post.get("due_on"), "计划完成日期"),
                owner=assignable_cadre_get(request.user, parse_required_id(post.get("owner"), "责任人")),
            )
            messages.success(request, "已添加节点")
        elif action == "progress":
            project_update_progress(
                actor=actor,
                project=project,
                done_investment=_required_decimal(post.get("done_investment"), "完成投资"),
                status=post.get("status", ""),
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 2) or 0,
            )
            messages.success(request, "已更新投资和状态")
        elif action == "problem":
            project_problem_raise(actor=actor, project=project, description=post.get("description", ""))
            messages.success(request, "已登记问题")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_GET
def milestone_detail(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """Where a red/yellow notice points: the milestone on its project's page."""
    try:
        milestone = milestone_get_for_user(request.user, milestone_id)
    except NotFound as error:
        raise _not_found(error) from error
    return redirect(f"{reverse('projects:detail', args=[milestone.project_id])}#milestone-{milestone.pk}")


@login_required
@require_POST
def milestone_act(request: HttpRequest, milestone_id: int, action: str) -> HttpResponse:
    try:
        milestone = milestone_get_for_user(request.user, milestone_id)
    except NotFound as error:
        raise _not_found(error) from error
    try:
        if action != "complete":
            raise Http404("未知操作")
        milestone_complete(
            actor=acting_user(request),
            milestone=milestone,
            completed_on=parse_date(request.POST.get("completed_on"), "完成日期", not_in_future=True)
            or timezone.localdate(),
            note=request.POST.get("note", ""),
            evidence=request.FILES.getlist("evidence"),
        )
        messages.success(request, "节点已完成")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:detail", project_id=milestone.project_id)


@login_required
@require_POST
def problem_act(request: HttpRequest, problem_id: int, action: str) -> HttpResponse:
    try:
        problem = problem_get_for_user(request.user, problem_id)
    except NotFound as error:
        raise _not_found(error) from error
    post = request.POST
    try:
        if action == "assign":
            limit = parse_integer(
                post.get("limit_workdays"), "办理时限", minimum=1, maximum=MAX_TASK_WORKDAYS
            )
            task = project_problem_assign(
                actor=acting_user(request),
                problem=problem,
                owner=assignable_cadre_get(request.user, parse_required_id(post.get("owner"), "责任人")),
                owner_unit=unit_get_for_user(
                    request.user, parse_required_id(post.get("owner_unit"), "责任单位")
                ),
                limit_workdays=limit or 10,
            )
            messages.success(request, f"已交办为督办事项,{task.due_date} 前办结")
        elif action == "resolve":
            project_problem_resolve(
                actor=acting_user(request), problem=problem, resolution=post.get("resolution", "")
            )
            messages.success(request, "已记为解决")
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:detail", project_id=problem.project_id)


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        attachment = evidence_get_for_user(request.user, evidence_id).attachment
    except NotFound as error:
        raise _not_found(error) from error
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在") from None
    # The same headers as attachments:download: always a download, never rendered as a page of this site.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def campaign_index(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            # Counted from 1 on the form (第 3 步 = 已签约), from 0 in the model.
            goal_number = parse_integer(post.get("goal_step"), "目标步骤", minimum=2, maximum=MAX_STEPS)
            steps = [name for name in post.get("steps", "").replace("→", "\n").splitlines() if name.strip()]
            project_id = parse_id(post.get("project"), "所属项目")
            campaign = campaign_create(
                actor=acting_user(request),
                name=post.get("name", ""),
                unit=unit_get_for_user(request.user, parse_required_id(post.get("unit"), "组织单位")),
                start_on=parse_required_date(post.get("start_on"), "开始日期"),
                goal_on=parse_required_date(post.get("goal_on"), "计划完成日期"),
                steps=steps or DEFAULT_CAMPAIGN_STEPS,
                goal_step=goal_number - 1 if goal_number is not None else DEFAULT_GOAL_STEP,
                project=project_get_for_user(request.user, project_id) if project_id else None,
                summary=post.get("summary", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已建立攻坚,请导入攻坚对象")
            return redirect("projects:campaign_import", campaign_id=campaign.pk)
    campaigns = campaign_list(viewer=request.user).annotate(
        total=Count("targets"),
        done=Count("targets", filter=Q(targets__step__gte=F("goal_step"))),
    )
    may_manage = user_may(request.user, Action.MANAGE_PROJECTS)
    return render(
        request,
        "projects/campaigns.html",
        {
            "page": keyset_page(campaigns, request.GET, keys=("-start_on", "-id")),
            "may_manage": may_manage,
            "default_steps": "\n".join(DEFAULT_CAMPAIGN_STEPS),
            "units": visible_units(request.user).exclude(level=UnitLevel.GROUP) if may_manage else [],
            "projects": project_list(viewer=request.user) if may_manage else [],
            "today": timezone.localdate(),
        },
    )


def _board_day(request: HttpRequest) -> date:
    try:
        return parse_date(request.GET.get("day"), "日期", not_in_future=True) or timezone.localdate()
    except ValidationFailed as error:
        messages.error(request, error.message)
        return timezone.localdate()


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponseBase:
    """The live board."""
    try:
        campaign = campaign_get_for_user(request.user, campaign_id)
    except NotFound as error:
        raise _not_found(error) from error
    board = campaign_board(viewer=request.user, campaign=campaign, today=timezone.localdate())
    if request.GET.get("format") == "xlsx":
        return _board_workbook(board)
    return render(
        request,
        "projects/board.html",
        {"board": board, "campaign": campaign, "may_manage": user_may(request.user, Action.MANAGE_PROJECTS)},
    )


def _board_workbook(board: CampaignBoard) -> HttpResponseBase:
    campaign = board.campaign
    goal, final = campaign.goal_label, campaign.steps[campaign.final_step]
    days = [
        [
            figure.day,
            figure.done,
            figure.cumulative,
            figure.planned,
            figure.final_done,
            figure.final_cumulative,
        ]
        for figure in board.days
    ]
    teams = [[team.rank, team.team, team.total, team.done, f"{team.share}%"] for team in board.teams]
    hard = [
        [
            target.code,
            target.name,
            target.step_label,
            target.team.name if target.team else "",
            target.cadre.name if target.cadre else "",
            target.last_note,
        ]
        for target in board.hard_left
    ]
    return stream_workbook(
        {
            "每日进度": (
                ["日期", f"当日{goal}", f"累计{goal}", "计划累计", f"当日{final}", f"累计{final}"],
                days,
            ),
            "攻坚组排名": (["名次", "攻坚组", "对象", goal, "完成率"], teams),
            "难点": (["编号", "名称", "进度", "攻坚组", "包保干部", "最近进展"], hard),
        },
        f"{campaign.name}进度",
    )


@login_required
def campaign_bulletin(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """攻坚日报: the day's figures on one printable page."""
    try:
        campaign = campaign_get_for_user(request.user, campaign_id)
    except NotFound as error:
        raise _not_found(error) from error
    day = _board_day(request)
    board = campaign_board(viewer=request.user, campaign=campaign, today=day)
    figures = [figure for figure in board.days if figure.day <= day]
    return render(
        request,
        "projects/bulletin.html",
        {
            "board": board,
            "campaign": campaign,
            "day": day,
            "day_number": (day - campaign.start_on).days + 1,
            "cumulative": figures[-1].cumulative if figures else 0,
            "final_cumulative": figures[-1].final_cumulative if figures else 0,
            "print": request.GET.get("print") == "1",
        },
    )


def _target_filters(query: QueryDict, steps: int) -> TargetFilters:
    step = parse_integer(query.get("step"), "进度", minimum=0, maximum=steps - 1)
    return TargetFilters(
        step=step,
        team_id=parse_id(query.get("team"), "攻坚组"),
        hard_only=query.get("hard") == "1",
        search=query.get("q", "").strip()[:120],
    )


@login_required
def campaign_target_list(request: HttpRequest, campaign_id: int) -> HttpResponseBase:
    try:
        campaign = campaign_get_for_user(request.user, campaign_id)
    except NotFound as error:
        raise _not_found(error) from error
    problem = ""
    filters = TargetFilters()
    try:
        filters = _target_filters(request.GET, len(campaign.steps))
    except ValidationFailed as error:
        problem = error.message
    targets = campaign_targets(viewer=request.user, campaign=campaign, filters=filters)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                target.code,
                target.name,
                target.get_kind_display(),
                target.unit.name,
                target.building,
                target.masked_contact,
                target.masked_phone,
                target.team.name if target.team else "",
                target.cadre.name if target.cadre else "",
                campaign.steps[target.step],
                "是" if target.is_hard else "",
                target.updated_on or "",
                target.last_note,
            ]
            for target in targets
        ]
        headers = ["编号", "名称", "类型", "所在村(社区)", "楼栋", "户主", "联系电话", "攻坚组", "包保干部"]
        headers += ["进度", "难点", "最近更新", "最近进展"]
        return stream_workbook({"攻坚对象": (headers, rows)}, f"{campaign.name}攻坚对象")
    return render(
        request,
        "projects/targets.html",
        {
            "campaign": campaign,
            # Within a campaign, the (campaign, code) unique index is the keyset order.
            "page": keyset_page(targets, request.GET, keys=("code", "id")),
            "count": targets.count(),
            "filters": filters,
            "error": problem,
            "steps": list(enumerate(campaign.steps)),
            "teams": campaign.teams.all(),
        },
    )


@action_required(Action.MANAGE_PROJECTS)
def campaign_import(request: HttpRequest, campaign_id: int) -> HttpResponse:
    try:
        campaign = campaign_get_for_user(request.user, campaign_id)
    except NotFound as error:
        raise _not_found(error) from error
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationFailed("请选择 Excel 文件")
            rows = read_targets(viewer=request.user, source=upload)
            count = campaign_targets_import(actor=acting_user(request), campaign=campaign, rows=rows)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已导入 {count} 个攻坚对象")
            return redirect("projects:campaign", campaign_id=campaign.pk)
    return render(request, "projects/import.html", {"campaign": campaign})


@login_required
def target_detail(
    request: HttpRequest, target_id: int, *, revealed: dict[str, str] | None = None
) -> HttpResponse:
    try:
        target = target_get_for_user(request.user, target_id)
    except NotFound as error:
        raise _not_found(error) from error
    steps = target.campaign.steps
    return render(
        request,
        "projects/target.html",
        {
            "target": target,
            "campaign": target.campaign,
            "steps": list(enumerate(target.campaign.steps)),
            "events": [
                (event, steps[event.from_step], steps[event.to_step])
                for event in target.events.select_related("actor").order_by("-recorded_at", "-id")[:50]
            ],
            "may_record": user_may(request.user, Action.RECORD_CAMPAIGN_PROGRESS),
            "may_revert": user_may(request.user, Action.MANAGE_PROJECTS),
            "may_reveal": user_may(request.user, Action.REVEAL_PERSONAL_DATA),
            "revealed": revealed,
        },
    )


@login_required
@require_POST
def target_act(request: HttpRequest, target_id: int, action: str) -> HttpResponse:
    try:
        target = target_get_for_user(request.user, target_id)
    except NotFound as error:
        raise _not_found(error) from error
    actor = acting_user(request)
    post = request.POST
    steps = len(target.campaign.steps)
    try:
        if action == "record":
            step = parse_integer(post.get("step"), "进度", minimum=0, maximum=steps - 1)
            campaign_target_record(
                actor=actor,
                target=target,
                step=target.step if step is None else step,
                note=post.get("note", ""),
                is_hard=post.get("is_hard") == "1",
                version=parse_integer(post.get("version"), "版本", minimum=0, maximum=2**31 - 2),
            )
            messages.success(request, f"{target.code} 已记为“{target.step_label}”")
            if post.get("then") == "list":
                return redirect("projects:targets", campaign_id=target.campaign_id)
        elif action == "revert":
            step = parse_integer(post.get("step"), "进度", minimum=0, maximum=steps - 1)
            campaign_target_revert(
                actor=actor, target=target, step=0 if step is None else step, reason=post.get("reason", "")
            )
            messages.success(request, f"已退回到“{target.step_label}”")
        elif action == "reveal":
            campaign_target_reveal(actor=actor, target=target, reason=post.get("reason", ""))
            # Full personal data only in the response to the audited reveal: never stored (not in the session), never cached.
            response = target_detail(
                request, target.pk, revealed={"name": target.contact_name, "phone": target.contact_phone}
            )
            add_never_cache_headers(response)
            return response
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("projects:target", target_id=target.pk)
