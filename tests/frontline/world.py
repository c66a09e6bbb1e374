"""The frontline routes in the shared walks (tests/app_worlds.py): their access and real objects to open."""

from datetime import timedelta

from django.utils import timezone

from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"
PREFIX = "/api/v1/frontline"

PAGE_ACCESS = {
    "frontline:today": SIGNED_IN,
    "frontline:check_ins": SIGNED_IN,
    "frontline:check_in_photo": SIGNED_IN,
    "frontline:attendance": SIGNED_IN,  # recording leave inside is checked by MANAGE_DUTY in the service
    "frontline:stays": SIGNED_IN,  # setting a town's rule inside is checked by MANAGE_DUTY
    "frontline:duty": SIGNED_IN,  # generating a rota inside is checked by MANAGE_DUTY
    "frontline:shift_detail": SIGNED_IN,
    "frontline:shift_act": SIGNED_IN,  # the cadre on duty, or a leader: decided in the services
    "frontline:swap_act": SIGNED_IN,  # approving is checked by MANAGE_DUTY in the service
    "frontline:visits": SIGNED_IN,
    "frontline:visit_detail": SIGNED_IN,
    "frontline:visit_act": SIGNED_IN,
}
POSTED_ACTIONS = {
    "frontline:shift_act": "unresolved",
    "frontline:swap_act": "reject",
    "frontline:visit_act": "task",
}
API_ACCESS = {
    ("GET", f"{PREFIX}/check-ins"): SIGNED_IN,
    ("POST", f"{PREFIX}/check-ins"): SIGNED_IN,
    ("GET", f"{PREFIX}/visits"): SIGNED_IN,
    ("POST", f"{PREFIX}/visits"): SIGNED_IN,
    ("GET", f"{PREFIX}/visits/{{visit_id}}"): SIGNED_IN,
    ("POST", f"{PREFIX}/visits/{{visit_id}}/tasks"): SIGNED_IN,
    ("GET", f"{PREFIX}/rotas"): SIGNED_IN,
    ("POST", f"{PREFIX}/rotas"): Action.MANAGE_DUTY,
    ("POST", f"{PREFIX}/shifts/{{shift_id}}/check-in"): SIGNED_IN,
}


def build(township):
    """Check-ins (with photos), visits (with a problem), shifts and swaps that each persona may open.

    A shift belongs to the town; a cadre also sees their own, so the shifts of the 片区, village and 包村
    cadres are listed under a unit they see."""
    from tests.frontline.factories import SHENGJI_POSITION, photo
    from xiangzhen.frontline.models import DutyKind, DutyShift, DutySwap
    from xiangzhen.frontline.services import check_in_record, security_duty_create, visit_record

    now = timezone.now()
    today = timezone.localdate()
    # Only a named 安保/应急 duty keeps a photo: the check-ins below are signed in within one.
    duty = security_duty_create(
        actor=township.town_leader.user,
        town=township.shengji,
        name="防汛值守",
        starts_on=today,
        ends_on=today,
        records_location=True,
        records_photo=True,
        records_device=True,
        now=now,
    )
    check_ins, visits = [], []
    for cadre, place in (
        (township.village_cadre, township.gepu),
        (township.township_cadre, township.zhenjiang),
    ):
        check_in = check_in_record(
            actor=cadre.user,
            place=place,
            position=SHENGJI_POSITION,
            photo=photo(),
            device="phone",
            duty=duty,
            now=now,
        )
        check_ins.append((check_in.pk, place))
        visit = visit_record(
            actor=cadre.user,
            kind="household",
            unit=place,
            target=f"{place.name}脱贫户",
            visited_on=today,
            findings="饮水管老化",
            problems=["饮水管需更换"],
        )
        visits.append((visit.pk, place))
    shifts, swaps = [], []
    for cadre, unit in (
        (township.town_leader, township.shengji),
        (township.district_committee, township.zhenjiang_district),
        (township.township_cadre, township.zhenjiang),
        (township.village_cadre, township.gepu),
    ):
        shift = DutyShift.objects.create(
            unit=township.shengji, on=today + timedelta(days=1), kind=DutyKind.STAFF, cadre=cadre
        )
        shifts.append((shift.pk, unit))
        swap = DutySwap.objects.create(
            shift=shift,
            requested_by=cadre.user,
            replacement=township.window_staff,
            reason="外出开会",
            requested_at=now,
        )
        swaps.append((swap.pk, unit))
    return {"check_in_id": check_ins, "visit_id": visits, "shift_id": shifts, "swap_id": swaps}


def api_body(method, path, persona, chosen, township):
    own = getattr(township, persona, None)
    place = township.gepu if persona == "village_cadre" else township.zhenjiang
    if (method, path) == ("POST", f"{PREFIX}/check-ins"):
        return {"place_id": place.pk, "latitude": "27.3512", "longitude": "105.0621", "accuracy": 20}
    if (method, path) == ("POST", f"{PREFIX}/visits"):
        return {
            "kind": "enterprise",
            "unit_id": place.pk,
            "target": "石斛种植基地",
            "findings": "用工需求 25 人",
        }
    if (method, path) == ("POST", f"{PREFIX}/visits/{{visit_id}}/tasks"):
        from xiangzhen.frontline.models import Visit

        visit = Visit.objects.get(pk=chosen["visit_id"])
        owner = own or township.town_leader
        return {
            "problem_id": visit.problems.get().pk,
            "owner_unit_id": visit.unit_id,
            "owner_id": owner.pk,
            "limit_workdays": 10,
        }
    if (method, path) == ("POST", f"{PREFIX}/rotas"):
        start = timezone.localdate() + timedelta(days=30)
        return {
            "town_id": township.shengji.pk,
            "kind": "leader",
            "cadre_ids": [township.town_leader.pk],
            "start": start.isoformat(),
            "end": (start + timedelta(days=13)).isoformat(),
        }
    return None
