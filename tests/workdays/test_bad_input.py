import pytest


@pytest.mark.parametrize(
    ("year", "message"), [("0", "年份应在"), ("99999", "年份应在"), ("²", "年份应为整数")]
)
def test_the_calendar_answers_a_nonsense_year_with_a_message(client, township, year, message):
    client.force_login(township.village_cadre.user)
    response = client.get(f"/workdays/?year={year}")
    assert response.status_code == 200 and message in response.content.decode()
