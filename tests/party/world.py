"""The party routes in the shared walks (role matrix, phone layout): real branches, activities, files and
reserve cadres in 镇江村 and 葛铺村."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.party.factories import hold, make_branch
from xiangzhen.org.permissions import Action
from xiangzhen.party.models import ActivityKind, PartyMember, ReserveStepKind
from xiangzhen.party.services import activity_attach, reserve_add, reserve_step_record

SIGNED_IN = "signed_in"

PAGE_ACCESS = {
    "party:board": SIGNED_IN,
    "party:branches": SIGNED_IN,  # creating one is checked by MANAGE_BRANCHES in the service
    "party:branch_detail": SIGNED_IN,
    "party:branch_act": SIGNED_IN,  # each action checks its own permission in the service
    "party:activities": SIGNED_IN,
    "party:activity_detail": SIGNED_IN,
    "party:activity_act": SIGNED_IN,
    "party:activity_file": SIGNED_IN,  # and inside the jurisdiction of the activity's branch
    "party:reserves": SIGNED_IN,  # adding one is checked by MANAGE_BRANCHES in the service
    "party:reserve_detail": SIGNED_IN,
    "party:reserve_act": SIGNED_IN,
}
POSTED_ACTIONS = {
    "party:branch_act": "add-member",
    "party:activity_act": "vote",
    "party:reserve_act": "step",
}
PREFIX = "/api/v1/party"
API_ACCESS = {
    ("GET", f"{PREFIX}/branches"): SIGNED_IN,
    ("GET", f"{PREFIX}/branches/{{branch_id}}"): SIGNED_IN,
    ("GET", f"{PREFIX}/branches/{{branch_id}}/activities"): SIGNED_IN,
    ("POST", f"{PREFIX}/branches/{{branch_id}}/activities"): Action.RECORD_BRANCH_LIFE,
    ("GET", f"{PREFIX}/activities/{{activity_id}}"): SIGNED_IN,
    ("POST", f"{PREFIX}/activities/{{activity_id}}/votes"): Action.RECORD_BRANCH_LIFE,
    ("GET", f"{PREFIX}/compliance"): SIGNED_IN,
    ("GET", f"{PREFIX}/reserves"): SIGNED_IN,
    ("POST", f"{PREFIX}/reserves/{{reserve_id}}/steps"): Action.MANAGE_BRANCHES,
}


def build(township):
    leader = township.town_leader.user
    branches, activities, files, reserves = [], [], [], []
    for village in (township.zhenjiang, township.gepu):
        branch = make_branch(leader, village)
        branches.append((branch.pk, village))
        assembly = hold(leader, branch, ActivityKind.GENERAL_ASSEMBLY, held_on=timezone.localdate())
        activities.append((assembly.pk, village))
        attached = activity_attach(
            actor=leader, activity=assembly, upload=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n%%EOF\n")
        )
        files.append((attached.pk, village))
        reserve = reserve_add(
            actor=leader, village=village, name="陈后备", source="members", selected_on=date(2025, 3, 1)
        )
        reserve_step_record(
            actor=leader,
            reserve=reserve,
            kind=ReserveStepKind.TRAINING,
            started_on=date(2025, 4, 1),
            content="县级后备干部培训班",
        )
        reserves.append((reserve.pk, village))
    return {"branch_id": branches, "activity_id": activities, "file_id": files, "reserve_id": reserves}


def api_body(method, path, persona, chosen, township):
    if (method, path) == ("POST", f"{PREFIX}/branches/{{branch_id}}/activities"):
        members = PartyMember.objects.filter(branch_id=chosen["branch_id"], left_on__isnull=True)
        return {
            "kind": "theme_day",
            "held_on": timezone.localdate().isoformat(),
            "topic": "角色矩阵主题党日",
            "minutes": "角色矩阵",
            "attendee_ids": list(members.values_list("pk", flat=True)),
        }
    if (method, path) == ("POST", f"{PREFIX}/activities/{{activity_id}}/votes"):
        return {"subject": "角色矩阵表决", "ayes": 6, "noes": 1, "abstentions": 0}
    if (method, path) == ("POST", f"{PREFIX}/reserves/{{reserve_id}}/steps"):
        return {
            "kind": "assessment",
            "started_on": timezone.localdate().isoformat(),
            "content": "角色矩阵考察",
            "grade": "competent",
        }
    return None
