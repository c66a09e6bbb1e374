from xiangzhen.api.services import api_token_issue


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='t')}"}


def test_register_escalate_and_settle_through_the_api(client, township):
    headers = bearer(township.township_cadre.user)
    created = client.post(
        "/api/v1/disputes",
        {
            "title": "山林界址纠纷",
            "summary": "两组山林界址不清",
            "place_id": township.zhenjiang.pk,
            "category": "土地山林",
            "source": "screening",
            "responsible_id": township.township_cadre.pk,
            "parties": [{"name": "王某"}],
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201 and created.json()["handling_unit_id"] == township.zhenjiang.pk
    url = f"/api/v1/disputes/{created.json()['id']}"
    up = client.post(
        f"{url}/escalate", {"reason": "村级调解失败"}, content_type="application/json", **headers
    )
    assert up.json()["handling_unit_id"] == township.zhenjiang_district.pk
    settled = client.post(
        f"{url}/mediations",
        {
            "held_on": "2026-03-05",
            "mediators": "片区工委",
            "actions": "勘界",
            "result": "success",
            "agreement": "以山脊为界",
        },
        content_type="application/json",
        **bearer(township.district_committee.user),
    )
    assert settled.json()["status"] == "settled" and settled.json()["settled_level"] == "district"
    assert client.get(url, **bearer(township.village_cadre.user)).status_code == 404
    bad = client.post(
        "/api/v1/disputes",
        {
            "title": "x",
            "summary": "y",
            "place_id": township.zhenjiang.pk,
            "category": "不存在",
            "source": "visit",
            "responsible_id": township.township_cadre.pk,
            "parties": [],
        },
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and "纠纷类别" in bad.json()["error"]["message"]
