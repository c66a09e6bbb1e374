import pytest

from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.spreadsheets import response_bytes


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
    assert "前化解" in page and "王*某" in page and "13985011111" not in page
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


def test_a_petition_is_registered_linked_to_a_dispute_and_exported(client, township):
    from io import BytesIO

    from xiangzhen.disputes.models import Petition
    from xiangzhen.spreadsheets import read_sheet

    client.force_login(township.town_leader.user)
    post_dispute(client, township)
    dispute = Dispute.objects.get()
    client.post(
        "/disputes/petitions/",
        {
            "petitioner": "王某某",
            "phone": "139",
            "unit": township.zhenjiang.pk,
            "kind": "leader_reception",
            "receiver": township.town_leader.pk,
            "summary": "排水问题",
        },
    )
    assert not Petition.objects.exists()  # a bad phone number changes nothing
    client.post(
        "/disputes/petitions/",
        {
            "petitioner": "王大明",
            "phone": "13985011111",
            "unit": township.zhenjiang.pk,
            "kind": "leader_reception",
            "received_on": "2026-03-04",
            "receiver": township.town_leader.pk,
            "summary": "排水问题",
            "dispute": dispute.pk,
        },
    )
    assert Petition.objects.get().dispute == dispute
    rows = list(
        read_sheet(
            BytesIO(response_bytes(client.get("/disputes/petitions/?format=xlsx"))),
            sheet="信访登记",
            required_columns=["来访人"],
        )
    )
    assert rows[0].values["关联纠纷"] == "邻里排水纠纷"
    # The export and the audit trail carry the masked name only.
    assert rows[0].values["来访人"] == "王*明"
    from xiangzhen.audit.models import AuditEvent

    petition_event = AuditEvent.objects.get(action="petition.record")
    assert "王大明" not in petition_event.object_repr and "王*明" in petition_event.object_repr
    client.force_login(township.village_cadre.user)
    assert "排水问题" not in client.get("/disputes/petitions/").content.decode()


def test_the_screening_register_exports_reported_and_silent_villages(client, township):
    from io import BytesIO

    from xiangzhen.spreadsheets import read_sheet

    client.force_login(township.town_leader.user)
    client.post("/disputes/screening/?month=2026-03", {"unit": township.gepu.pk, "dispute_count": "0"})
    download = client.get("/disputes/screening/?month=2026-03&format=xlsx")
    assert "%E6%8E%92%E6%9F%A5%E6%8A%A5%E5%91%8A.xlsx" in download["Content-Disposition"]
    rows = {
        row.values["村(社区)"]: row.values["零报告"]
        for row in read_sheet(
            BytesIO(response_bytes(download)), sheet="排查报告", required_columns=["村(社区)"]
        )
    }
    assert rows == {"葛铺村": "是", "镇江村": "未报送", "庆坪村": "未报送"}
