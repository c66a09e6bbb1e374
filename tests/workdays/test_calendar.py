from datetime import date, timedelta

import chinese_calendar
import pytest

from xiangzhen.workdays import add_workdays, deadline_after, workdays_between
from xiangzhen.workdays.calendar import (
    CalendarUnavailable,
    WorkdayCalendar,
    provisional_recomputations,
    register_provisional_recomputation,
)
from xiangzhen.workdays.models import CalendarYear, DayKind
from xiangzhen.workdays.services import DayEntry, calendar_load_from_package, calendar_year_publish

pytestmark = pytest.mark.django_db


def test_every_day_of_every_known_year_agrees_with_the_package():
    calendar = WorkdayCalendar()
    first, last = min(chinese_calendar.holidays), max(chinese_calendar.holidays)
    day = date(first.year, 1, 1)
    disagreements = []
    while day.year <= last.year:
        if calendar.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []
    assert not calendar.is_provisional(date(last.year, 6, 1))


def test_national_day_block_and_its_makeup_saturday_2025():
    # 2025: 10月1日–8日 放假; 9月28日(周日) 和 10月11日(周六) 上班.
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_workdays(date(2025, 10, 9), 1) == date(2025, 10, 10)
    assert add_workdays(date(2025, 10, 10), 1) == date(2025, 10, 11)  # a Saturday worked instead
    assert add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)  # a Sunday worked instead
    assert workdays_between(date(2025, 9, 30), date(2025, 10, 8)) == 0


def test_spring_festival_2026():
    # 2026: 2月15日–23日 放假, 2月14日(周六) 和 2月28日(周六) 上班.
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28


def test_zero_days_is_the_start_and_negative_is_refused():
    assert add_workdays(date(2026, 5, 6), 0) == date(2026, 5, 6)
    with pytest.raises(ValueError):
        add_workdays(date(2026, 5, 6), -1)
    assert workdays_between(date(2026, 5, 6), date(2026, 5, 1)) == 0


def test_add_and_between_are_inverse_over_a_year():
    start = date(2025, 12, 20)
    for days in range(0, 260, 7):
        assert workdays_between(start, add_workdays(start, days)) == days


def test_a_december_request_reaching_into_an_unpublished_year_is_provisional():
    assert not CalendarYear.objects.filter(year=2027).exists()
    deadline = deadline_after(date(2026, 12, 15), 20)
    assert deadline.provisional
    # 2027 New Year's Day falls on a Friday and is a statutory holiday.
    assert not WorkdayCalendar().is_workday(date(2027, 1, 1))
    assert deadline.date == date(2027, 1, 13)  # 3 + 5 + 4 in December, 1月1日 off, 5 + 3 in January
    assert not deadline_after(date(2026, 12, 1), 5).provisional


def test_a_year_beyond_any_calendar_is_an_error_not_a_guess():
    with pytest.raises(CalendarUnavailable, match="1999 年的工作日历尚未载入"):
        add_workdays(date(1999, 12, 1), 3)
    with pytest.raises(CalendarUnavailable):
        add_workdays(date(2026, 12, 1), 2000)


def test_publishing_a_year_makes_it_official_and_recomputes_provisional_deadlines():
    recomputed_years = []

    def recompute(years):
        recomputed_years.extend(years)
        return 3

    register_provisional_recomputation(recompute)
    try:
        entries = [
            DayEntry(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
            DayEntry(date(2027, 1, 4), DayKind.HOLIDAY, "元旦"),
            DayEntry(date(2027, 1, 9), DayKind.MAKEUP_WORKDAY, "元旦调休"),
        ]
        assert calendar_year_publish(actor=None, year=2027, entries=entries, source="administrator") == 3
    finally:
        provisional_recomputations.remove(recompute)
    assert recomputed_years == [2027]
    deadline = deadline_after(date(2026, 12, 31), 2)
    assert deadline == deadline_after(date(2026, 12, 31), 2)
    assert not deadline.provisional
    assert deadline.date == date(2027, 1, 6)  # 1日、4日 放假: 5日, 6日
    assert add_workdays(date(2027, 1, 8), 1) == date(2027, 1, 9)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([DayEntry(date(2026, 12, 31), DayKind.HOLIDAY, "")], "不属于 2027 年"),
        ([DayEntry(date(2027, 1, 6), DayKind.MAKEUP_WORKDAY, "")], "不能标为调休上班日"),
        (
            [
                DayEntry(date(2027, 1, 1), DayKind.HOLIDAY, ""),
                DayEntry(date(2027, 1, 1), DayKind.HOLIDAY, ""),
            ],
            "两次",
        ),
        ([], "没有任何放假日期"),
    ],
)
def test_a_malformed_year_is_refused_and_changes_nothing(entries, message):
    from xiangzhen.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match=message):
        calendar_year_publish(actor=None, year=2027, entries=entries, source="administrator")
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_loading_from_the_package_adds_only_missing_years():
    CalendarYear.objects.filter(year=2026).delete()
    assert calendar_load_from_package(actor=None) == [2026]
    assert calendar_load_from_package(actor=None) == []
    assert not WorkdayCalendar().is_workday(date(2026, 10, 1))


def test_the_periodic_job_loads_new_years(settings):
    from xiangzhen.workdays.tasks import load_new_official_years

    CalendarYear.objects.filter(year=2025).delete()
    assert load_new_official_years.call_local() == [2025]
