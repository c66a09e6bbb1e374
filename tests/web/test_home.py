import pytest


@pytest.mark.parametrize(
    ("persona", "cards"),
    [
        ("county_supervisor", ["七星关区"]),
        ("town_leader", ["生机镇"]),
        ("district_committee", ["镇江片区"]),
        ("township_cadre", ["镇江村"]),
        ("village_cadre", ["葛铺村"]),
    ],
)
def test_the_workbench_lists_the_units_the_user_answers_for(client, township, persona, cards):
    client.force_login(getattr(township, persona).user)
    page = client.get("/").content.decode()
    for name in ["七星关区", "生机镇", "镇江片区", "镇江村", "葛铺村", "青石村"]:
        assert (f"<strong>{name}</strong>" in page) == (name in cards), name


def test_english_is_available(client, township):
    client.force_login(township.village_cadre.user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    assert "My workbench" in page and "Units I answer for" in page and "Village cadre" in page


def test_the_deploy_check_refuses_the_development_key(settings):
    from xiangzhen.web.checks import secret_key_is_not_the_development_key

    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [message.id for message in secret_key_is_not_the_development_key()] == ["xiangzhen.E001"]
    settings.SECRET_KEY = "a-real-production-secret"
    assert secret_key_is_not_the_development_key() == []


def test_the_workbench_counts_what_needs_attention_within_the_jurisdiction(client, township):
    from tests.services.factories import at, intake, make_item
    from xiangzhen.services.services import service_request_sweep_alerts

    intake(township.window_staff.user, make_item(), township.zhenjiang)
    service_request_sweep_alerts(now=at(2026, 3, 17))
    client.force_login(township.town_leader.user)
    response = client.get("/")
    assert (response.context["summary"].requests_open, response.context["summary"].requests_red) == (1, 1)
    assert "home-chart" in response.content.decode()
    client.force_login(township.village_cadre.user)
    summary = client.get("/").context["summary"]
    assert (summary.requests_open, summary.requests_red, summary.screening_missing) == (0, 0, 1)
