"""Presence in a village is read from the work recorded there, shown to the cadre and the 党委, never ranked."""

from datetime import date

import pytest
from django.utils import timezone

from tests.frontline.factories import local, sign_in
from tests.frontline.test_visits import household_visit
from xiangzhen.errors import NotFound
from xiangzhen.frontline.selectors import village_presence

pytestmark = pytest.mark.django_db
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def test_days_of_work_recorded_in_a_village_count_and_a_group_counts_for_its_village(township):
    cadre = township.township_cadre
    household_visit(township, visited_on=date(2026, 11, 16))  # in 镇江村一组
    household_visit(township, visited_on=date(2026, 11, 16), kind="enterprise", problems=[])  # same day
    sign_in(cadre, township.zhenjiang, local(2026, 11, 17))
    household_visit(township, visited_on=date(2026, 11, 18))
    since, until = NOVEMBER
    (row,) = village_presence(viewer=cadre.user, cadre=cadre, since=since, until=until)
    assert row.village == township.zhenjiang and row.days == 3
    assert row.by_source == {"五进走访": 2, "签到": 1}
    seen_by_the_committee = village_presence(
        viewer=township.town_leader.user, cadre=cadre, since=since, until=until
    )
    assert seen_by_the_committee == [row]


def test_another_cadre_does_not_read_ones_presence(township):
    with pytest.raises(NotFound):
        village_presence(
            viewer=township.village_cadre.user,
            cadre=township.township_cadre,
            since=NOVEMBER[0],
            until=NOVEMBER[1],
        )


def test_the_phone_page_shows_ones_own_presence_this_month(client, township):
    household_visit(township, visited_on=timezone.localdate())
    client.force_login(township.township_cadre.user)
    page = client.get("/frontline/").content.decode()
    assert 'id="presence"' in page and "镇江村:1 天" in page and "不排名" in page
