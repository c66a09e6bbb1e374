from io import BytesIO

import pytest
from django.core.management import CommandError, call_command

from xiangzhen.spreadsheets import write_workbook
from xiangzhen.workdays.models import CalendarYear


def upload_for_2027() -> BytesIO:
    upload = BytesIO(
        write_workbook(
            {
                "2027": (
                    ["日期", "类型", "名称"],
                    [
                        ["2027-01-01", "放假", "元旦"],
                        ["2027-02-06", "放假", "春节"],
                        ["2027-02-20", "上班", "春节调休"],
                    ],
                )
            }
        )
    )
    upload.name = "2027.xlsx"
    return upload


def test_the_calendar_page_marks_the_next_year_provisional(client, township):
    client.force_login(township.village_cadre.user)
    page = client.get("/workdays/").content.decode()
    assert "2027" in page and "暂定" in page


def test_only_an_administrator_publishes_a_year(client, township, django_user_model):
    client.force_login(township.town_leader.user)
    assert client.post("/workdays/publish/", {"year": 2027, "workbook": upload_for_2027()}).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.post("/workdays/publish/", {"year": 2027, "workbook": upload_for_2027()}, follow=True)
    assert "已发布 2027 年工作日历" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).source == "import"


def test_the_command_publishes_a_file_only_as_a_named_administrator(tmp_path, township, django_user_model):
    path = tmp_path / "2027.xlsx"
    path.write_bytes(upload_for_2027().getvalue())
    with pytest.raises(CommandError, match="--actor"):
        call_command("load_calendar", "--year", "2027", "--file", str(path))
    with pytest.raises(CommandError, match="只有系统管理员可以发布工作日历"):
        call_command("load_calendar", "--year", "2027", "--file", str(path), "--actor", "shuji")
    assert not CalendarYear.objects.filter(year=2027).exists()
    django_user_model.objects.create_superuser("root", password="x")
    call_command("load_calendar", "--year", "2027", "--file", str(path), "--actor", "root")
    assert CalendarYear.objects.get(year=2027).source == "import"
