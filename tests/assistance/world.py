"""The assistance app's part of the route walks (see tests/app_worlds.py)."""

from django.utils import timezone

from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"

PAGE_ACCESS = {
    "assistance:households": SIGNED_IN,
    "assistance:statistics": SIGNED_IN,
    "assistance:lines": SIGNED_IN,  # reading; setting a line is checked by REVIEW_ASSISTANCE in the service
    "assistance:household_detail": SIGNED_IN,
    "assistance:household_act": SIGNED_IN,  # each action checks its own permission in the service
}
POSTED_ACTIONS = {"assistance:household_act": "visit"}
PREFIX = "/api/v1/assistance"
API_ACCESS = {
    ("GET", f"{PREFIX}/households"): SIGNED_IN,
    ("POST", f"{PREFIX}/households"): Action.RECORD_ASSISTANCE,
    ("GET", f"{PREFIX}/households/{{household_id}}"): SIGNED_IN,
    ("POST", f"{PREFIX}/households/{{household_id}}/review"): Action.REVIEW_ASSISTANCE,
    ("POST", f"{PREFIX}/households/{{household_id}}/visits"): Action.RECORD_ASSISTANCE,
    ("POST", f"{PREFIX}/households/{{household_id}}/incomes"): Action.RECORD_ASSISTANCE,
    ("GET", f"{PREFIX}/households/{{household_id}}/measures"): SIGNED_IN,
    ("POST", f"{PREFIX}/households/{{household_id}}/measures"): Action.RECORD_ASSISTANCE,
    ("POST", f"{PREFIX}/measure-steps/{{measure_step_id}}/done"): Action.RECORD_ASSISTANCE,
    ("POST", f"{PREFIX}/households/{{household_id}}/exit"): Action.RECORD_ASSISTANCE,
}


def build(township):
    from tests.assistance.factories import add_measure, register

    leader = township.town_leader.user
    households, steps = [], []
    for village, responsible in (
        (township.zhenjiang, township.township_cadre),
        (township.gepu, township.village_cadre),
    ):
        household = register(leader, village, responsible)
        households.append((household.pk, village))
        steps.append((add_measure(leader, household).steps.first().pk, village))
    return {"household_id": households, "measure_step_id": steps}


def api_body(method, path, persona, chosen, township):
    today = timezone.localdate().isoformat()
    if not path.startswith(PREFIX) or method != "POST":
        return None
    if path == f"{PREFIX}/households":
        village = township.gepu if persona == "village_cadre" else township.zhenjiang
        responsible = getattr(township, persona, township.township_cadre)
        return {
            "village_id": village.pk,
            "head_name": "角色矩阵",
            "category": "marginal",
            "channel": "application",
            "causes": ["因病"],
            "responsible_id": responsible.pk,
            "members": [{"name": "角色矩阵", "relation": "户主", "is_labour": True}],
            "reviewed_on": today,
            "publicity_from": today,
        }
    if path.endswith("/review"):
        return {"approved": True}
    if path.endswith("/visits"):
        return {"visited_on": today, "notes": "角色矩阵走访"}
    if path.endswith("/incomes"):
        return {"year": timezone.localdate().year, "total": "30000", "people": 3}
    if path.endswith("/measures"):
        return {"kind": "training", "title": "角色矩阵培训", "steps": [{"title": "报名", "due_date": today}]}
    if path.endswith("/done"):
        return {"done_on": today}
    if path.endswith("/exit"):
        return {
            "verified_on": today,
            "income_stable_since": today,
            "expenditure_resolved": True,
            "basic_needs_secure": True,
            "publicity_from": today,
        }
    return None
