"""The school's pages: enroll and mark attendance from a phone form, export the attendance sheet."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.training.factories import enroll, make_course, make_school, make_session
from xiangzhen.spreadsheets import response_bytes
from xiangzhen.training.models import Course, Enrollment, School, SessionStatus, TrainingSession
from xiangzhen.training.services import attendance_record, enrollment_add


def client_for(cadre):
    client = Client()
    client.force_login(cadre.user)
    return client


@pytest.fixture
def session(township):
    school = make_school(township, township.zhenjiang_district)
    return make_session(township, school, make_course(township), capacity=1)


def test_enrolling_on_the_page_seats_then_waitlists(township, session):
    client = client_for(township.district_committee)
    url = f"/training/{session.pk}/enroll/"
    first = client.post(
        url, {"name": "王一", "phone": "13985011111", "village": township.qingping.pk}, follow=True
    )
    assert "王一已报名" in first.content.decode()
    second = client.post(url, {"name": "王二", "village": township.qingping.pk}, follow=True)
    page = second.content.decode()
    assert "候补第 1 位" in page
    assert "139****1111" in page and "13985011111" not in page


def test_cancelling_on_the_page_names_who_moved_up(township, session):
    first = enroll(township, session, "王一")
    enroll(township, session, "王二")
    response = client_for(township.town_leader).post(
        f"/training/{session.pk}/withdraw/", {"enrollment": first.pk}, follow=True
    )
    assert "候补的王二递补入班" in response.content.decode()


def test_marking_attendance_on_the_page(township):
    school = make_school(township, township.zhenjiang)
    session = make_session(township, school, make_course(township), held_on=timezone.localdate())
    came, absent = enroll(township, session, "王一"), enroll(township, session, "王二")
    client = client_for(township.township_cadre)
    page = client.get(f"/training/{session.pk}/").content.decode()
    assert 'id="attendance-form"' in page
    response = client.post(
        f"/training/{session.pk}/attendance/",
        {"attended": [came.pk], "version": session.version},
        follow=True,
    )
    assert "实到 1 人,应到 2 人" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert Enrollment.objects.get(pk=absent.pk).attended is False


def test_a_village_cadre_reads_but_gets_no_forms_and_is_refused_with_a_reason(township):
    school = make_school(township, township.gepu)
    session = make_session(township, school, make_course(township))
    client = client_for(township.village_cadre)
    page = client.get(f"/training/{session.pk}/").content.decode()
    assert 'id="enroll-form"' not in page
    response = client.post(
        f"/training/{session.pk}/enroll/", {"name": "王一", "village": township.gepu.pk}, follow=True
    )
    assert "只有乡镇领导、片区工委和包村干部可以组织培训" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_session_outside_the_jurisdiction_is_not_found(township, session):
    client = client_for(township.village_cadre)
    assert client.get(f"/training/{session.pk}/").status_code == 404
    assert client.post(f"/training/{session.pk}/enroll/", {"name": "王一"}).status_code == 404
    assert client.get(f"/training/{2**63 - 1}/").status_code == 404


@pytest.mark.parametrize(
    "form",
    [
        {"course": "abc", "school": "1", "held_on": "2026-13-01", "teacher": "李"},
        {"course": str(2**70), "school": "1", "held_on": "2026-12-01", "teacher": "李"},
        {"course": "", "school": "", "held_on": "", "teacher": ""},
        {"course": "1", "school": "1", "held_on": "1900-01-01", "teacher": "李", "capacity": "²"},
    ],
)
def test_bad_input_on_the_schedule_form_is_a_message(township, form):
    response = client_for(township.town_leader).post("/training/", form)
    assert response.status_code == 200
    assert '<li class="error">' in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_scheduling_creating_schools_courses_and_plans_on_the_pages(township):
    client = client_for(township.town_leader)
    client.post(
        "/training/schools/",
        {"unit": township.gepu_district.pk, "name": "葛铺片区工委群众教育学校", "default_capacity": "30"},
    )
    school = School.objects.get()
    client.post(
        "/training/courses/",
        {"unit": township.shengji.pk, "title": "中药材种植", "topic": "farming", "skills": "育苗、采收,烘干"},
    )
    course = Course.objects.get()
    assert sorted(course.skills.values_list("name", flat=True)) == ["烘干", "育苗", "采收"]
    response = client.post(
        "/training/",
        {
            "course": course.pk,
            "school": school.pk,
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "starts_at": "19:30",
            "teacher": "县农技站 李老师",
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and session.capacity == 30 and session.place == ""
    response = client.post(
        "/training/plans/",
        {
            "title": "中药材种植轮训",
            "course": course.pk,
            "school": school.pk,
            "target_group": "中药材种植户",
            "target_unit": township.gepu.pk,
            "target_count": "70",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
            "every_days": "14",
            "teacher": "李老师",
        },
        follow=True,
    )
    assert "共 3 期" in response.content.decode()
    for url in [
        "/training/",
        "/training/schools/",
        "/training/courses/",
        "/training/plans/",
        "/training/statistics/",
    ]:
        assert client.get(url).status_code == 200


def test_one_school_per_unit(township):
    make_school(township, township.gepu_district)
    response = client_for(township.town_leader).post(
        "/training/schools/", {"unit": township.gepu_district.pk, "name": "第二所"}, follow=True
    )
    assert "葛铺片区已有群众教育学校" in response.content.decode()


def test_the_attendance_sheet_exports_with_phones_masked(township):
    school = make_school(township, township.zhenjiang_district)
    session = make_session(
        township, school, make_course(township), held_on=timezone.localdate() - timedelta(days=1)
    )
    person = enroll(township, session, "王一")
    enrollment_add(
        actor=township.town_leader.user,
        session=session,
        name="=HYPERLINK()",
        phone="13985012222",
        village=township.zhenjiang,
    )
    attendance_record(actor=township.town_leader.user, session=session, attended=[person.pk])
    response = client_for(township.town_leader).get("/training/attendance.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response_bytes(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5] == "学员" and len(rows) == 3
    by_name = {row[5]: row for row in rows[1:]}
    assert by_name["王一"][9] == "出勤"
    assert by_name["=HYPERLINK()"][7] == "139****2222" and by_name["=HYPERLINK()"][9] == "缺勤"
    # Another jurisdiction's cadre exports nothing of this school.
    empty = client_for(township.village_cadre).get("/training/attendance.xlsx")
    assert len(list(load_workbook(BytesIO(response_bytes(empty))).active.iter_rows())) == 1


def test_the_statistics_page_states_the_figures(township):
    school = make_school(township, township.zhenjiang_district)
    session = make_session(
        township, school, make_course(township), held_on=timezone.localdate() - timedelta(days=1)
    )
    attendance_record(
        actor=township.town_leader.user, session=session, attended=[enroll(township, session, "王一").pk]
    )
    page = client_for(township.town_leader).get("/training/statistics/").content.decode()
    assert "共组织教学和培训 1 次,教授技能 2 项,受教育群众 1 人次(1 人)" in page
    assert 'id="training-data"' in page
    bad = client_for(township.town_leader).get("/training/statistics/?since=2026-02-30&unit=abc")
    assert bad.status_code == 200


def test_the_schools_page_holds_each_schools_month_against_its_rhythm(township):
    school = make_school(township, township.zhenjiang)
    make_session(township, school, make_course(township), held_on=timezone.localdate())
    page = client_for(township.township_cadre).get("/training/schools/").content.decode()
    assert "0 / 1 / 2" in page and "未排足" in page
    make_session(township, school, make_course(township), held_on=timezone.localdate())
    page = client_for(township.township_cadre).get("/training/schools/").content.decode()
    assert "0 / 2 / 2" in page and "未排足" not in page


def test_raising_the_capacity_on_the_page_names_who_moved_up(township, session):
    enroll(township, session, "王一")
    enroll(township, session, "王二")
    client = client_for(township.district_committee)
    response = client.post(f"/training/{session.pk}/capacity/", {"capacity": "2"}, follow=True)
    assert "人数上限改为 2 人,候补的王二递补入班" in response.content.decode()
    bad = client.post(f"/training/{session.pk}/capacity/", {"capacity": "0"}, follow=True)
    assert "人数上限应在 1 到 200 之间" in bad.content.decode()
