"""Routes of the projects app in the shared walks (role matrix, phone layout): classes and test objects."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"

PAGE_ACCESS = {
    "projects:index": SIGNED_IN,  # reading; creating is checked by MANAGE_PROJECTS in the service
    "projects:export": SIGNED_IN,
    "projects:detail": SIGNED_IN,
    "projects:act": SIGNED_IN,  # each action checks its own permission in the service
    "projects:milestone": SIGNED_IN,
    "projects:milestone_act": SIGNED_IN,
    "projects:problem_act": SIGNED_IN,
    "projects:evidence": SIGNED_IN,  # and inside the jurisdiction of the evidence's project
    "projects:campaigns": SIGNED_IN,
    "projects:campaign": SIGNED_IN,
    "projects:targets": SIGNED_IN,
    "projects:bulletin": SIGNED_IN,
    "projects:target": SIGNED_IN,
    "projects:target_act": SIGNED_IN,  # recording checks RECORD_CAMPAIGN_PROGRESS in the service
}
POSTED_ACTIONS = {
    "projects:act": "problem",
    "projects:milestone_act": "complete",
    "projects:problem_act": "resolve",
    "projects:target_act": "record",
}
API = "/api/v1/projects"
API_ACCESS = {
    ("GET", API): SIGNED_IN,
    ("POST", API): Action.MANAGE_PROJECTS,
    ("GET", f"{API}/campaigns"): SIGNED_IN,
    ("GET", f"{API}/campaigns/{{campaign_id}}"): SIGNED_IN,
    ("GET", f"{API}/campaigns/{{campaign_id}}/targets"): SIGNED_IN,
    ("POST", f"{API}/targets/{{target_id}}/progress"): Action.RECORD_CAMPAIGN_PROGRESS,
    ("POST", f"{API}/milestones/{{milestone_id}}/complete"): Action.MANAGE_PROJECTS,
    ("POST", f"{API}/problems/{{problem_id}}/task"): Action.MANAGE_PROJECTS,
    ("GET", f"{API}/{{project_id}}"): SIGNED_IN,
    ("POST", f"{API}/{{project_id}}/milestones"): Action.MANAGE_PROJECTS,
    ("POST", f"{API}/{{project_id}}/problems"): Action.RECORD_CAMPAIGN_PROGRESS,
}

LONG_NAME = "镇江村三组至葛铺村五组通组公路硬化工程涉及的土地调整与青苗补偿协调攻坚" * 2


def build(township):
    """A project with a red milestone, evidence and a problem, and a campaign with targets, in 镇江村 and in
    葛铺村, so every persona has one inside their jurisdiction."""
    from xiangzhen.projects.models import TargetKind
    from xiangzhen.projects.services import (
        ProjectInput,
        TargetRow,
        campaign_create,
        campaign_target_record,
        campaign_targets_import,
        milestone_add,
        milestone_complete,
        milestone_sweep_alerts,
        project_create,
        project_problem_raise,
    )

    leader = township.town_leader.user
    today = timezone.localdate()
    found: dict[str, list] = {
        key: []
        for key in ("project_id", "milestone_id", "problem_id", "evidence_id", "campaign_id", "target_id")
    }
    for village in (township.zhenjiang, township.gepu):
        project = project_create(
            actor=leader,
            data=ProjectInput(
                name=f"{village.name}{LONG_NAME}",
                kind="infrastructure",
                unit=village,
                lead=township.town_leader,
                planned_investment=Decimal("8854"),
                units=[village],
                team=[township.township_cadre],
                land_mu=Decimal("118"),
            ),
        )
        found["project_id"].append((project.pk, village))
        pending = milestone_add(
            actor=leader,
            project=project,
            title="完成征地和迁坟",
            due_on=today + timedelta(days=20),
            owner=township.township_cadre,
        )
        found["milestone_id"].append((pending.pk, village))
        done = milestone_add(
            actor=leader,
            project=project,
            title="完成立项",
            due_on=today + timedelta(days=5),
            owner=township.town_leader,
        )
        milestone_complete(
            actor=leader,
            milestone=done,
            completed_on=today,
            note="立项批复已下达",
            evidence=[SimpleUploadedFile("立项批复.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        found["evidence_id"].append((done.evidence.get().pk, village))
        problem = project_problem_raise(actor=leader, project=project, description="3 户坟墓未迁移,影响场平")
        found["problem_id"].append((problem.pk, village))
        campaign = campaign_create(
            actor=leader,
            name=f"{village.name}危旧房改造攻坚",
            unit=village,
            start_on=today - timedelta(days=3),
            goal_on=today + timedelta(days=20),
            project=project,
        )
        found["campaign_id"].append((campaign.pk, village))
        campaign_targets_import(
            actor=leader,
            campaign=campaign,
            rows=[
                TargetRow(
                    code=f"{number:04d}",
                    name=f"定阳小区5幢{number}号{LONG_NAME if number == 1 else ''}",
                    kind=TargetKind.HOUSEHOLD,
                    unit=village,
                    building="5幢",
                    contact_name="王某某",
                    contact_phone="13985011111",
                    team_name="铁娘子三人组" if number % 2 else "老党员组",
                    cadre=township.township_cadre,
                )
                for number in range(1, 5)
            ],
        )
        targets = list(campaign.targets.order_by("code"))
        found["target_id"].append((targets[0].pk, village))
        campaign_target_record(actor=leader, target=targets[1], step=2, note="已签约")
        campaign_target_record(actor=leader, target=targets[2], step=1, note="户主在宁波", is_hard=True)
    # A month on, the pending milestones are red on the lists.
    milestone_sweep_alerts(now=timezone.now() + timedelta(days=40))
    return found


def api_body(method, path, persona, chosen, township):
    own = getattr(township, persona, None) if persona != "administrator" else None
    cadre = own or township.town_leader
    village = township.gepu if persona == "village_cadre" else township.zhenjiang
    today = timezone.localdate()
    if (method, path) == ("POST", API):
        return {
            "name": "角色矩阵项目",
            "kind": "industry",
            "unit_id": village.pk,
            "lead_id": cadre.pk,
            "planned_investment": "100",
        }
    if (method, path) == ("POST", f"{API}/targets/{{target_id}}/progress"):
        return {"step": 1, "note": "角色矩阵"}
    if (method, path) == ("POST", f"{API}/milestones/{{milestone_id}}/complete"):
        return {"completed_on": today.isoformat(), "note": "角色矩阵"}
    if (method, path) == ("POST", f"{API}/problems/{{problem_id}}/task"):
        return {"owner_id": cadre.pk, "owner_unit_id": village.pk, "limit_workdays": 5}
    if (method, path) == ("POST", f"{API}/{{project_id}}/milestones"):
        return {
            "title": "角色矩阵节点",
            "due_on": (today + timedelta(days=30)).isoformat(),
            "owner_id": cadre.pk,
        }
    if (method, path) == ("POST", f"{API}/{{project_id}}/problems"):
        return {"description": "角色矩阵问题"}
    return None
