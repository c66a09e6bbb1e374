import pytest

from tests.org.test_selectors import ROLE_JURISDICTIONS


@pytest.mark.parametrize("persona", ROLE_JURISDICTIONS)
def test_the_unit_list_shows_only_the_users_units(client, township, persona):
    client.force_login(getattr(township, persona).user)
    page = client.get("/org/units/").content.decode()
    for unit in township.all_units():
        shown = f">{unit.name}</a>" in page
        assert shown == (unit.name in ROLE_JURISDICTIONS[persona]), unit.name


@pytest.mark.parametrize("persona", ROLE_JURISDICTIONS)
def test_a_unit_page_outside_the_jurisdiction_is_not_found(client, township, persona):
    client.force_login(getattr(township, persona).user)
    for unit in township.all_units():
        status = client.get(f"/org/units/{unit.pk}/").status_code
        assert status == (200 if unit.name in ROLE_JURISDICTIONS[persona] else 404), unit.name


def test_a_unit_page_shows_its_cadres(client, township):
    client.force_login(township.district_committee.user)
    page = client.get(f"/org/units/{township.zhenjiang.pk}/").content.decode()
    assert "赵德胜" in page and "包村" in page


def test_pages_need_a_login(client, township):
    response = client.get("/org/units/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
