"""The training app's part of the shared route walks (see tests/app_worlds.py)."""

from datetime import timedelta

from django.utils import timezone

from tests.training.factories import build_training
from xiangzhen.org.permissions import Action
from xiangzhen.training.models import School, TrainingSession

PAGE_ACCESS = {
    "training:sessions": "signed_in",
    "training:attendance_export": "signed_in",
    "training:schools": "signed_in",
    "training:courses": "signed_in",
    "training:plans": "signed_in",
    "training:plan_detail": "signed_in",
    "training:statistics": "signed_in",
    "training:session_detail": "signed_in",
    "training:session_act": "signed_in",  # each action checks MANAGE_TRAINING in its service
}
POSTED_ACTIONS = {"training:session_act": "enroll"}
API_ACCESS = {
    ("GET", "/api/v1/training/schools"): "signed_in",
    ("GET", "/api/v1/training/courses"): "signed_in",
    ("GET", "/api/v1/training/sessions"): "signed_in",
    ("POST", "/api/v1/training/sessions"): Action.MANAGE_TRAINING,
    ("GET", "/api/v1/training/sessions/{session_id}"): "signed_in",
    ("GET", "/api/v1/training/sessions/{session_id}/enrollments"): "signed_in",
    ("POST", "/api/v1/training/sessions/{session_id}/enrollments"): Action.MANAGE_TRAINING,
    ("POST", "/api/v1/training/enrollments/{enrollment_id}/cancel"): Action.MANAGE_TRAINING,
    ("POST", "/api/v1/training/sessions/{session_id}/attendance"): Action.MANAGE_TRAINING,
    ("GET", "/api/v1/training/figures"): "signed_in",
}


def build(township):
    world = build_training(township)
    units = {
        "district": township.zhenjiang_district,
        "zhenjiang": township.zhenjiang,
        "gepu": township.gepu,
    }
    return {
        "session_id": [
            *((session.pk, units[key]) for key, session in world.upcoming.items()),
            *((session.pk, units[key]) for key, session in world.held.items()),
        ],
        "plan_id": [(plan.pk, units[key]) for key, plan in world.plans.items()],
        "enrollment_id": [(enrollment.pk, units[key]) for key, enrollment in world.enrollments.items()],
    }


def _persona_unit(persona, township):
    return {
        "township_cadre": township.zhenjiang,
        "village_cadre": township.gepu,
    }.get(persona, township.zhenjiang_district)


def api_body(method, path, persona, chosen, township):
    if (method, path) == ("POST", "/api/v1/training/sessions"):
        school = School.objects.get(unit=_persona_unit(persona, township))
        return {
            "course_id": school.sessions.first().course_id,
            "school_id": school.pk,
            "held_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "teacher": "角色矩阵",
        }
    if (method, path) == ("POST", "/api/v1/training/sessions/{session_id}/enrollments"):
        session = TrainingSession.objects.get(pk=chosen["session_id"])
        unit = session.school.unit
        village = township.zhenjiang if unit == township.zhenjiang_district else unit
        return {"name": f"矩阵{persona}", "village_id": village.pk}
    if (method, path) == ("POST", "/api/v1/training/sessions/{session_id}/attendance"):
        session = TrainingSession.objects.get(pk=chosen["session_id"])
        return {"attended": [], "version": session.version}
    return None
