from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.frontline.factories import local, photo, sign_in
from xiangzhen.frontline.models import CheckIn, DutyShift, Visit
from xiangzhen.spreadsheets import response_bytes

pytestmark = pytest.mark.django_db


def test_the_phone_page_signs_in_and_drops_position_photo_and_phone_outside_a_duty(client, township):
    client.force_login(township.township_cadre.user)
    response = client.post(
        "/frontline/",
        {
            "place": township.zhenjiang.pk,
            "latitude": "27.351200",
            "longitude": "105.062100",
            "accuracy": "12.7",
            "photo": photo(),
        },
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)",
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.village, check_in.accuracy, check_in.photo, check_in.device) == (
        township.zhenjiang,
        None,
        None,
        "",
    )
    assert "已签到" in client.get("/frontline/").content.decode()
    assert client.get(f"/frontline/check-ins/{check_in.pk}/photo/").status_code == 404


def test_bad_check_in_input_answers_in_chinese_and_records_nothing(client, township):
    client.force_login(township.township_cadre.user)
    for form in ({"place": "9" * 30}, {"latitude": "北纬", "longitude": "105"}, {"place": township.gepu.pk}):
        response = client.post("/frontline/", form, follow=True)
        assert response.status_code == 200 and "messages" in response.context
    assert not CheckIn.objects.exists()


def test_the_attendance_sheet_prints_and_exports(client, township):
    sign_in(township.township_cadre, township.zhenjiang, local(2026, 11, 2))
    client.force_login(township.town_leader.user)
    page = client.get(f"/frontline/attendance/?unit={township.shengji.pk}&month=2026-11&print=1")
    assert page.status_code == 200 and "生机镇 2026年11月 考勤表" in page.content.decode()
    exported = client.get(f"/frontline/attendance/?unit={township.shengji.pk}&month=2026-11&format=xlsx")
    sheet = load_workbook(BytesIO(response_bytes(exported))).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows[township.township_cadre.name][2] == "√"  # 11 月 2 日
    assert client.get("/frontline/attendance/?month=2026-13").status_code == 200


def test_a_leader_generates_the_rota_from_the_page(client, township):
    client.force_login(township.town_leader.user)
    client.post(
        "/frontline/duty/",
        {
            "town": township.shengji.pk,
            "kind": "leader",
            "cadres": [township.town_leader.pk, township.window_staff.pk],
            "start": "2026-12-01",
            "end": "2026-12-04",
        },
    )
    assert DutyShift.objects.filter(on__gte=date(2026, 12, 1)).count() == 4
    page = client.get(f"/frontline/duty/?town={township.shengji.pk}&month=2026-12").content.decode()
    assert page.count("带班领导") >= 4 and township.window_staff.name in page


def test_a_visit_recorded_on_the_page_hands_its_problem_on_as_a_task(client, township):
    client.force_login(township.township_cadre.user)
    response = client.post(
        "/frontline/visits/",
        {
            "kind": "school",
            "unit": township.zhenjiang.pk,
            "target": "镇江小学",
            "findings": "教师公租房不足",
            "problems": "需征地建教师公租房",
        },
    )
    visit = Visit.objects.get()
    assert response["Location"] == f"/frontline/visits/{visit.pk}/"
    problem = visit.problems.get()
    client.post(
        f"/frontline/visits/{visit.pk}/task/",
        {
            "problem": problem.pk,
            "owner_unit": township.zhenjiang.pk,
            "owner": township.township_cadre.pk,
            "limit_workdays": "10",
        },
    )
    problem.refresh_from_db()
    assert problem.task is not None
    assert "已转督办事项" in client.get(f"/frontline/visits/{visit.pk}/").content.decode()


def test_dates_past_the_century_are_refused_with_a_message(client, township):
    client.force_login(township.town_leader.user)
    for url in [
        "/frontline/stays/?week=9999-12-31",
        "/frontline/visits/?since=9999-12-31",
        "/frontline/duty/?month=2026-00",
    ]:
        response = client.get(url)
        assert response.status_code == 200 and list(response.context["messages"])
    client.post(
        "/frontline/attendance/",
        {"cadre": township.window_staff.pk, "start": "9999-12-30", "end": "9999-12-31", "reason": "病假"},
    )
    assert client.get("/api/v1/frontline/rotas?since=9999-01-01").status_code == 422


def test_within_a_duty_of_today_the_phone_page_keeps_the_position_and_photo(client, township):
    from xiangzhen.frontline.services import security_duty_create

    today = timezone.localdate()
    duty = security_duty_create(
        actor=township.town_leader.user,
        town=township.shengji,
        name="防汛应急值守",
        starts_on=today,
        ends_on=today,
        records_location=True,
        records_photo=True,
    )
    client.force_login(township.township_cadre.user)
    assert "防汛应急值守(须现场照片)" in client.get("/frontline/").content.decode()
    form = {
        "place": township.zhenjiang.pk,
        "duty": duty.pk,
        "latitude": "27.351200",
        "longitude": "105.062100",
    }
    response = client.post("/frontline/", form, follow=True)
    assert "要求上传现场照片" in response.content.decode() and not CheckIn.objects.exists()
    client.post("/frontline/", {**form, "photo": photo()})
    check_in = CheckIn.objects.get()
    assert check_in.duty == duty and check_in.latitude is not None and check_in.photo is not None
    assert client.get(f"/frontline/check-ins/{check_in.pk}/photo/").status_code == 200
    response = client.post("/frontline/", {**form, "duty": "999999"}, follow=True)
    assert "不在今天" in response.content.decode()
