"""The assessment API: the same jurisdiction as the pages, structured errors, parts that sum to the total."""

import json
from decimal import Decimal

import pytest

from tests.assessment.factories import MARCH
from tests.assessment.world import published_race
from xiangzhen.assessment.models import ComputeRun, ManualEntry, Score

BASE = "/api/v1/assessment/schemes"


@pytest.fixture
def race(township):
    return published_race(township)


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_schemes_and_rankings_for_the_organizer(client, township, race):
    client.force_login(township.town_leader.user)
    schemes = client.get(BASE).json()
    assert [scheme["name"] for scheme in schemes] == [race.name] and schemes[0]["organizer"] is True
    assert {item["indicator_code"] for item in schemes[0]["items"]} >= {"services.completion_rate"}
    ranking = client.get(f"{BASE}/{race.pk}/rankings?period=2026-03").json()
    assert ranking["published"] is True and ranking["period_start"] == "2026-03-01"
    assert [row["rank"] for row in ranking["rows"]] == sorted(row["rank"] for row in ranking["rows"])
    assert len(ranking["rows"]) == 3
    codes = {indicator["code"] for indicator in client.get("/api/v1/assessment/indicators").json()}
    assert "services.completion_rate" in codes and "party_building" in codes


def test_the_explanation_sums_to_the_total_and_a_village_sees_only_its_own(client, township, race):
    client.force_login(township.village_cadre.user)  # 葛铺村
    own = client.get(f"{BASE}/{race.pk}/units/{township.gepu.pk}/explanation?period=2026-03-02").json()
    total = Score.objects.get(scheme=race, period_start=MARCH.start, unit=township.gepu).total
    assert Decimal(own["total"]) == total == Decimal(own["parts_total"])
    assert sum(Decimal(c["points"]) for c in own["components"] if c["points"] is not None) == total
    other = client.get(f"{BASE}/{race.pk}/units/{township.zhenjiang.pk}/explanation")
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    gap = client.get(f"{BASE}/{race.pk}/gap?a={township.zhenjiang.pk}&b={township.gepu.pk}")
    assert gap.status_code == 404


def test_the_gap_parts_sum_to_the_difference(client, township, race):
    client.force_login(township.town_leader.user)
    gap = client.get(
        f"{BASE}/{race.pk}/gap?period=2026-03&a={township.zhenjiang.pk}&b={township.gepu.pk}"
    ).json()
    assert Decimal(gap["a_total"]) - Decimal(gap["b_total"]) == Decimal(gap["difference"])
    assert sum(Decimal(row["difference"]) for row in gap["rows"]) == Decimal(gap["difference"])


def test_entries_compute_and_publish(client, township, race):
    client.force_login(township.village_cadre.user)
    assert post(client, f"{BASE}/{race.pk}/publish", {"period": "2026-04"}).status_code == 403
    client.force_login(township.town_leader.user)
    item = race.items.get(indicator__code="party_building")
    body = {
        "item_id": item.pk,
        "unit_id": township.qingping.pk,
        "period": "2026-03",
        "value": "66",
        "evidence": "复核",
    }
    entry = post(client, f"{BASE}/{race.pk}/entries", body)
    assert entry.status_code == 201 and entry.json()["version"] == 2
    stale = post(client, f"{BASE}/{race.pk}/entries", body | {"version": 1})
    assert stale.status_code == 409 and "他人修改" in stale.json()["error"]["message"]
    too_much = post(client, f"{BASE}/{race.pk}/entries", body | {"value": "90"})
    assert too_much.status_code == 422
    assert ManualEntry.objects.get(unit=township.qingping).value == Decimal(66)
    run = post(client, f"{BASE}/{race.pk}/compute", {"period": "2026-03"})
    assert run.status_code == 202 and ComputeRun.objects.get(pk=run.json()["id"]).status == "queued"
    assert post(client, f"{BASE}/{race.pk}/compute", {"period": "三月"}).status_code == 422
    assert post(client, f"{BASE}/{race.pk}/publish", {"period": "2026-03"}).status_code == 409
    assert post(client, f"{BASE}/{race.pk}/publish", {"period": "2026-04"}).status_code == 422


def test_a_period_without_scores_is_not_found(client, township, race):
    client.force_login(township.village_cadre.user)
    response = client.get(f"{BASE}/{race.pk}/rankings?period=2026-04")
    assert response.status_code == 404 and "尚未发布" in response.json()["error"]["message"]
    assert client.get(f"{BASE}/{race.pk}/rankings?period=abc").status_code == 422
