"""基层减负: no page ranks individual cadres by activity, time online or records entered.

A walk over the pages that rank or list cadres and over every template that shows a 名次 or 排名: what is
ranked is a unit or a group on outcome indicators, never a cadre by sign-ins, logins, time online, visits
or records entered."""

from pathlib import Path

import pytest

import xiangzhen

ACTIVITY_WORDS = ("签到次数", "在线时长", "登录次数", "走访次数", "录入条数", "上传", "积分排名", "考勤排名")
RANKING_WORDS = ("名次", "排名", "排行")
TEMPLATES = Path(xiangzhen.__file__).parent


def test_no_ranking_template_ranks_by_activity():
    ranking = [
        path
        for path in TEMPLATES.rglob("*.html")
        if any(word in path.read_text(encoding="utf-8") for word in RANKING_WORDS)
    ]
    assert ranking, "the boards rank units: the walk must find them"
    for path in ranking:
        text = path.read_text(encoding="utf-8")
        assert not [word for word in ACTIVITY_WORDS if word in text], path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/assessment/", "/assessment/county/", "/assessment/cadres/", "/frontline/stays/", "/frontline/visits/"],
)
def test_the_pages_that_list_cadres_rank_none_of_them_by_activity(client, township, url):
    client.force_login(township.town_leader.user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert not [word for word in ACTIVITY_WORDS if word in page]
    if url in {"/assessment/cadres/", "/frontline/stays/", "/frontline/visits/"}:
        assert not [word for word in RANKING_WORDS if word in page], url
