import pytest

from xiangzhen.disputes.models import Dispute, DisputeCategory


def post_dispute(client, township, **changes):
    data = {
        "title": "邻里排水纠纷",
        "summary": "雨水排放争执",
        "place": township.zhenjiang.pk,
        "category": DisputeCategory.objects.get(name="邻里").pk,
        "risk_level": "general",
        "source": "visit",
        "responsible": township.township_cadre.pk,
        "party_name": ["王某某", ""],
        "party_phone": ["13985011111", ""],
    }
    return client.post("/disputes/", data | changes, follow=True)


def test_register_and_mediate_through_the_pages(client, township):
    client.force_login(township.township_cadre.user)
    page = post_dispute(client, township).content.decode()
    dispute = Dispute.objects.get()
    assert "前化解" in page and "王**" in page and "13985011111" not in page
    client.post(
        f"/disputes/{dispute.pk}/mediate/",
        {
            "held_on": "2026-03-03",
            "mediators": "村调委会",
            "actions": "调解",
            "result": "success",
            "agreement": "各退一步",
        },
    )
    dispute.refresh_from_db()
    assert dispute.status == "settled" and dispute.settled_level == "village"
    printed = client.get(f"/disputes/{dispute.pk}/?print=1").content.decode()
    assert "人民调解协议书" in printed and "各退一步" in printed


@pytest.mark.parametrize(
    ("persona", "status"), [("village_cadre", 404), ("district_committee", 200), ("county_supervisor", 200)]
)
def test_dispute_pages_respect_jurisdiction(client, township, persona, status):
    client.force_login(township.township_cadre.user)
    post_dispute(client, township)
    dispute = Dispute.objects.get()
    client.force_login(getattr(township, persona).user)
    assert client.get(f"/disputes/{dispute.pk}/").status_code == status
    assert ("邻里排水纠纷" in client.get("/disputes/").content.decode()) == (status == 200)


def test_statistics_and_screening_pages(client, township):
    client.force_login(township.town_leader.user)
    page = client.get("/disputes/statistics/").content.decode()
    assert "dispute-chart" in page
    response = client.post(
        "/disputes/screening/?month=2026-03", {"unit": township.gepu.pk, "dispute_count": "0"}, follow=True
    )
    text = response.content.decode()
    assert "零报告" in text
    assert "葛铺村:零报告" in text
