"""Deadline arithmetic on the official working-day calendar (节假日 and 调休上班日).

A year whose official arrangement is loaded is exact. A later year (the State Council publishes each
year's arrangement in the preceding November or December) is computed from the statutory holidays of
the law, without makeup workdays, and every result touching it is marked provisional.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays as statutory_holidays

from xiangzhen.workdays.models import CalendarYear, DayKind, SpecialDay

# Deadlines reach at most this many years past the last official year; beyond it a date is a typing error.
PROVISIONAL_YEARS_AHEAD = 3


class CalendarUnavailable(ValueError):
    """A date falls in a year the calendar cannot speak for; shown to the user, never guessed."""


@dataclass(frozen=True)
class Deadline:
    date: date
    provisional: bool


@dataclass
class _Year:
    holidays: set[date]
    makeup_workdays: set[date]
    provisional: bool


@dataclass
class WorkdayCalendar:
    """Caches one year at a time from the database; build one per batch of computations."""

    _years: dict[int, _Year] = field(default_factory=dict)
    _official_years: set[int] | None = None

    def official_years(self) -> set[int]:
        if self._official_years is None:
            self._official_years = set(CalendarYear.objects.values_list("year", flat=True))
        return self._official_years

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        official = self.official_years()
        if year in official:
            holidays: set[date] = set()
            makeup: set[date] = set()
            for day, kind in SpecialDay.objects.filter(date__year=year).values_list("date", "kind"):
                (holidays if kind == DayKind.HOLIDAY else makeup).add(day)
            loaded = _Year(holidays, makeup, provisional=False)
        else:
            if not official or year < min(official) or year > max(official) + PROVISIONAL_YEARS_AHEAD:
                raise CalendarUnavailable(f"{year} 年的工作日历尚未载入,无法计算办理期限")
            loaded = _Year(
                set(statutory_holidays.country_holidays("CN", years=year)), set(), provisional=True
            )
        self._years[year] = loaded
        return loaded

    def is_workday(self, day: date) -> bool:
        year = self._year(day.year)
        if day in year.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in year.holidays

    def is_provisional(self, day: date) -> bool:
        return self._year(day.year).provisional

    def add_workdays(self, start: date, days: int) -> Deadline:
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        provisional = False
        while remaining:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
            provisional = provisional or self.is_provisional(current)
        return Deadline(current, provisional)

    def workdays_between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(offset))
        )


def add_workdays(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself does not count)."""
    return WorkdayCalendar().add_workdays(start, days).date


def deadline_after(start: date, days: int) -> Deadline:
    """Like `add_workdays`, also telling whether an unpublished year made the result provisional."""
    return WorkdayCalendar().add_workdays(start, days)


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    return WorkdayCalendar().workdays_between(start, end)


# Apps whose rows carry provisional deadlines register a recomputation here (from AppConfig.ready);
# each takes the years that just became official and returns how many rows it changed.
ProvisionalRecomputation = Callable[[Iterable[int]], int]
provisional_recomputations: list[ProvisionalRecomputation] = []


def register_provisional_recomputation(recompute: ProvisionalRecomputation) -> None:
    if recompute not in provisional_recomputations:
        provisional_recomputations.append(recompute)
