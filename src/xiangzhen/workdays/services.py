"""Loading official years into the calendar; each load recomputes provisional deadlines of open items."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import chinese_calendar
from django.db import transaction

from xiangzhen.audit.services import audit_record
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.org.services import Actor
from xiangzhen.workdays.calendar import provisional_recomputations
from xiangzhen.workdays.models import CalendarSource, CalendarYear, DayKind, SpecialDay

PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class DayEntry:
    date: date
    kind: DayKind
    name: str


def validate_year_entries(year: int, entries: Iterable[DayEntry]) -> list[DayEntry]:
    checked: dict[date, DayEntry] = {}
    for entry in entries:
        if entry.date.year != year:
            raise ValidationFailed(f"{entry.date} 不属于 {year} 年")
        if entry.date in checked:
            raise ValidationFailed(f"{entry.date} 出现了两次")
        if entry.kind == DayKind.MAKEUP_WORKDAY and entry.date.weekday() < 5:
            raise ValidationFailed(f"{entry.date} 是工作日,不能标为调休上班日")
        checked[entry.date] = entry
    if not any(entry.kind == DayKind.HOLIDAY for entry in checked.values()):
        raise ValidationFailed(f"{year} 年没有任何放假日期,请检查文件")
    return sorted(checked.values(), key=lambda entry: entry.date)


@transaction.atomic
def calendar_year_publish(*, actor: Actor, year: int, entries: Iterable[DayEntry], source: str) -> int:
    """Replace `year` with its official arrangement and recompute provisional deadlines.

    Returns how many open items had their deadline recomputed. Only 系统管理员 publishes; `actor=None` is the
    system loading the official years the chinese-calendar package knows (nightly job, `load_calendar`).
    """
    if actor is not None:
        permission_require(actor, Action.PUBLISH_CALENDAR)
    checked = validate_year_entries(year, entries)
    existed = CalendarYear.objects.filter(year=year).exists()
    SpecialDay.objects.filter(date__year=year).delete()
    SpecialDay.objects.bulk_create(SpecialDay(date=e.date, kind=e.kind, name=e.name) for e in checked)
    calendar_year, _ = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
    audit_record(
        actor=actor,
        action="calendar_year.publish",
        target=calendar_year,
        changes={
            "holidays": [None, sum(1 for e in checked if e.kind == DayKind.HOLIDAY)],
            "makeup_workdays": [None, sum(1 for e in checked if e.kind == DayKind.MAKEUP_WORKDAY)],
            "replaced": [None, existed],
        },
    )
    return sum(recompute([year]) for recompute in provisional_recomputations)


def package_years() -> list[int]:
    return sorted({day.year for day in chinese_calendar.holidays})


def package_entries(year: int) -> list[DayEntry]:
    entries = [
        DayEntry(day, DayKind.HOLIDAY, PACKAGE_HOLIDAY_NAMES.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    entries += [
        DayEntry(day, DayKind.MAKEUP_WORKDAY, PACKAGE_HOLIDAY_NAMES.get(name, name) + "调休")
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return entries


def calendar_load_from_package(*, actor: Actor) -> list[int]:
    """Load every year the installed chinese-calendar knows and the database does not yet have."""
    known = set(CalendarYear.objects.values_list("year", flat=True))
    loaded = []
    for year in package_years():
        if year not in known:
            calendar_year_publish(
                actor=actor, year=year, entries=package_entries(year), source=CalendarSource.PACKAGE
            )
            loaded.append(year)
    return loaded
