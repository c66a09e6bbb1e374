"""Sessions already held page 50 at a time; the filters ride along; a bad cursor is page one."""

from datetime import date, timedelta

import pytest

from tests.paging import assert_pages_cover, walk
from tests.training.factories import make_course, make_school
from xiangzhen.training.models import TrainingSession

pytestmark = pytest.mark.django_db


def test_past_sessions_page_by_fifty_and_keep_the_filters(client, township):
    course = make_course(township)
    zhenjiang, gepu = make_school(township, township.zhenjiang), make_school(township, township.gepu)
    for school, count in ((zhenjiang, 58), (gepu, 20)):
        TrainingSession.objects.bulk_create(
            TrainingSession(
                course=course,
                school=school,
                held_on=date(2025, 6, 1) - timedelta(days=number // 2),
                teacher=f"{school.pk}老师{number}",
                status="held",
                created_by=township.town_leader.user,
            )
            for number in range(count)
        )
    client.force_login(township.town_leader.user)
    assert_pages_cover(walk(client, "/training/", "past-sessions"), 78)
    one_school = walk(client, "/training/", "past-sessions", {"school": str(zhenjiang.pk)})
    assert_pages_cover(one_school, 58)
    assert all(f"school={zhenjiang.pk}" in link for link in one_school.links)
    assert client.get("/training/", {"after": "garbage"}).status_code == 200
