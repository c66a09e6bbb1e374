import pytest

from tests.org.test_selectors import ROLE_JURISDICTIONS
from xiangzhen.api.services import api_token_issue
from xiangzhen.org.models import Unit


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=user, name='测试')}"}


def test_it_requires_authentication(client, township):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_wrong_token_is_refused(client, township):
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ROLE_JURISDICTIONS)
def test_each_role_lists_exactly_its_units(client, township, persona):
    response = client.get("/api/v1/units", **bearer(getattr(township, persona).user))
    assert response.status_code == 200
    assert {item["name"] for item in response.json()["items"]} == ROLE_JURISDICTIONS[persona]
    assert all(item["level_label"] for item in response.json()["items"])


@pytest.mark.parametrize("persona", ROLE_JURISDICTIONS)
def test_each_role_can_neither_read_nor_change_a_unit_outside(client, township, persona):
    headers = bearer(getattr(township, persona).user)
    outside = township.qingshi
    assert client.get(f"/api/v1/units/{outside.pk}", **headers).status_code == 404
    response = client.put(
        f"/api/v1/units/{outside.pk}",
        {"name": "改名", "division_code": "", "version": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "单位不存在或不在您的管辖范围内"}}
    response = client.post(
        "/api/v1/units",
        {"name": "新组", "level": "group", "parent_id": outside.pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert Unit.objects.get(pk=outside.pk).name == "青石村"
    assert not Unit.objects.filter(name="新组").exists()


def test_the_list_pages_by_cursor(client, township):
    headers = bearer(township.county_supervisor.user)
    first = client.get("/api/v1/units?limit=3", **headers).json()
    second = client.get(f"/api/v1/units?limit=3&cursor={first['next_cursor']}", **headers).json()
    rest = client.get(f"/api/v1/units?limit=10&cursor={second['next_cursor']}", **headers).json()
    names = [item["name"] for page in (first, second, rest) for item in page["items"]]
    assert len(names) == len(set(names)) == 8
    assert rest["next_cursor"] is None


def test_a_stale_version_answers_409_and_changes_nothing(client, township):
    headers = bearer(township.town_leader.user)
    url = f"/api/v1/units/{township.gepu.pk}"
    ok = client.put(url, {"name": "葛铺社区", "version": 1}, content_type="application/json", **headers)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.put(url, {"name": "葛铺新村", "version": 1}, content_type="application/json", **headers)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Unit.objects.get(pk=township.gepu.pk).name == "葛铺社区"


def test_bad_input_gets_a_structured_422(client, township):
    headers = bearer(township.town_leader.user)
    response = client.post(
        "/api/v1/units",
        {"name": "新村", "level": "town", "parent_id": township.zhenjiang_district.pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert "不能设在" in response.json()["error"]["message"]
    response = client.post("/api/v1/units", {"name": "新村"}, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_a_session_works_too(client, township):
    client.force_login(township.village_cadre.user)
    assert [item["name"] for item in client.get("/api/v1/units").json()["items"]] == ["葛铺村"]


@pytest.mark.parametrize("persona", ["window_staff", "district_committee", "township_cadre", "village_cadre"])
def test_roles_without_manage_units_get_403_and_change_nothing_inside_their_jurisdiction(
    client, township, persona
):
    cadre = getattr(township, persona)
    headers = bearer(cadre.user)
    own = cadre.posts.get().unit if persona != "township_cadre" else township.zhenjiang
    response = client.put(
        f"/api/v1/units/{own.pk}",
        {"name": "改名", "division_code": "", "version": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "forbidden",
        "message": "只有乡镇领导、县级督查和系统管理员可以新建或修改单位",
    }
    response = client.post(
        "/api/v1/units",
        {"name": "新组", "level": "group", "parent_id": township.zhenjiang.pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code in {403, 404}
    assert Unit.objects.get(pk=own.pk).name == own.name
    assert not Unit.objects.filter(name="新组").exists()
