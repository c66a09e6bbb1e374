"""When demo work happened: office hours on working days, and a clock the audit log can be replayed on.

The demo replays a year of work through the services. Services take a `now` for their own rows, but the
audit log stamps every event with `timezone.now()` as it is written, so without `recorded_at` every audit
event of the year would carry the minute the demo was loaded.
"""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from xiangzhen.workdays.calendar import WorkdayCalendar

# 乡镇 office hours, as the demo windows post them (demo/windows.py): 9:00–12:00 and 14:00–17:30.
SESSIONS = ((time(9, 0), time(12, 0)), (time(14, 0), time(17, 30)))


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def workday_on_or_after(day: date, calendar: WorkdayCalendar) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def workday_on_or_before(day: date, calendar: WorkdayCalendar) -> date:
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def office_time(day: date, generator: random.Random) -> datetime:
    """A moment within the office hours of `day`, mornings busier than afternoons as at a real window."""
    start, end = SESSIONS[0] if generator.random() < 0.6 else SESSIONS[1]
    minute = generator.randint(_minutes(start), _minutes(end) - 1)
    return timezone.make_aware(
        datetime.combine(day, time(minute // 60, minute % 60, generator.randint(0, 59)))
    )


class WorkClock:
    """A clerk working through a pile: each step a few minutes after the last, within office hours."""

    def __init__(self, first_day: date, calendar: WorkdayCalendar, generator: random.Random) -> None:
        self.calendar = calendar
        self.generator = generator
        self.day = workday_on_or_after(first_day, calendar)
        self.minute = _minutes(SESSIONS[0][0])

    def next(self, *, least: int = 1, most: int = 4) -> datetime:
        self.minute += self.generator.randint(least, most)
        for start, end in SESSIONS:
            if self.minute < _minutes(start):
                self.minute = _minutes(start)
            if self.minute < _minutes(end):
                break
        else:
            self.day = workday_on_or_after(self.day + timedelta(days=1), self.calendar)
            self.minute = _minutes(SESSIONS[0][0])
        return timezone.make_aware(
            datetime.combine(
                self.day, time(self.minute // 60, self.minute % 60, self.generator.randint(0, 59))
            )
        )


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Audit events written inside are stamped `moment`, as if the work was done then.

    Only the demo loader uses this, in a one-off command; it swaps `timezone.now` for the duration and
    always puts it back.
    """
    original: Callable[[], datetime] = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = original


def past_office_time(
    day: date, *, now: datetime, calendar: WorkdayCalendar, generator: random.Random
) -> datetime:
    """Office hours of the working day on or before `day`, and never later than `now`: replayed work is
    never dated in the future (the audit log would otherwise show events that have not happened yet)."""
    today = timezone.localdate(now)
    moment = office_time(workday_on_or_before(min(day, today), calendar), generator)
    while moment > now:
        moment = office_time(workday_on_or_before(moment.date() - timedelta(days=1), calendar), generator)
    return moment
