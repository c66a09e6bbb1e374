"""The assessment routes in the shared walks: 生机镇's village race computed for March 2026 and published."""

from decimal import Decimal

from tests.assessment.factories import MARCH, requests_in, village_race
from tests.factories import Township
from tests.services.factories import make_item
from xiangzhen.assessment.models import Scheme
from xiangzhen.assessment.services import board_publish, manual_entry_record, scores_compute
from xiangzhen.org.permissions import Action

SIGNED_IN = "signed_in"

# Jurisdiction decides what these show: the organizer every unit, a competing village its own rows only.
PAGE_ACCESS = {
    "assessment:scheme_list": SIGNED_IN,
    "assessment:board": SIGNED_IN,
    "assessment:run_status": SIGNED_IN,
    "assessment:gap": SIGNED_IN,
    "assessment:unit_score": SIGNED_IN,
    "assessment:figure": SIGNED_IN,
    "assessment:scorecard": SIGNED_IN,
    "assessment:county": SIGNED_IN,
    "assessment:cadre_list": SIGNED_IN,
    "assessment:cadre_sheet": SIGNED_IN,
}

SCHEME = "/api/v1/assessment/schemes/{scheme_id}"
API_ACCESS = {
    ("GET", "/api/v1/assessment/indicators"): SIGNED_IN,
    ("GET", "/api/v1/assessment/schemes"): SIGNED_IN,
    ("GET", SCHEME): SIGNED_IN,
    ("GET", f"{SCHEME}/rankings"): SIGNED_IN,
    ("GET", f"{SCHEME}/units/{{competitor_id}}/explanation"): SIGNED_IN,
    ("GET", f"{SCHEME}/gap"): SIGNED_IN,
    ("POST", f"{SCHEME}/compute"): Action.ENTER_SCORES,
    ("POST", f"{SCHEME}/entries"): Action.ENTER_SCORES,
    ("POST", f"{SCHEME}/publish"): Action.PUBLISH_BOARD,
}


def api_body(
    method: str, path: str, persona: str, chosen: dict[str, object], township: Township
) -> dict | None:
    if method != "POST" or not path.startswith(SCHEME):
        return None
    if path.endswith("/entries"):
        scheme = Scheme.objects.get(pk=chosen["scheme_id"])
        return {
            "item_id": scheme.items.get(indicator__code="party_building").pk,
            "unit_id": township.zhenjiang.pk,
            "period": "2026-03",
            "value": "58",
            "evidence": "角色矩阵",
        }
    return {"period": "2026-03"}


def published_race(township: Township) -> Scheme:
    """March's board of the village race, with service requests behind the figures and 党建 entered."""
    if not hasattr(township, "_item"):
        township._item = make_item(code="KH-001")  # type: ignore[attr-defined]
    scheme = village_race(township)
    requests_in(township, township.zhenjiang, accepted=4, completed=3)
    requests_in(township, township.gepu, accepted=2, completed=1)
    leader = township.town_leader.user
    party = scheme.items.get(indicator__code="party_building")
    for unit, value in [(township.zhenjiang, 60), (township.gepu, 55), (township.qingping, 50)]:
        manual_entry_record(
            actor=leader,
            scheme=scheme,
            item=party,
            unit=unit,
            period=MARCH,
            value=Decimal(value),
            evidence="支部会议记录齐全",
        )
    scores_compute(actor=leader, scheme=scheme, period=MARCH)
    board_publish(actor=leader, scheme=scheme, period=MARCH)
    return scheme


def build(township: Township) -> dict[str, list[tuple[object, object]]]:
    scheme = published_race(township)
    return {
        "scheme_id": [(scheme.pk, None)],
        "competitor_id": [(township.zhenjiang.pk, township.zhenjiang), (township.gepu.pk, township.gepu)],
        "scheme_item_id": [(scheme.items.get(indicator__code="services.completion_rate").pk, None)],
        "cadre_id": [
            (township.district_committee.pk, township.zhenjiang_district),
            (township.village_cadre.pk, township.gepu),
            (township.township_cadre.pk, township.zhenjiang),
        ],
    }
