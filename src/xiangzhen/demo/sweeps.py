"""The background sweeps of the weeks before the load, replayed at the times they would have run.

On a live install huey sweeps every few minutes, so a request turns red on the morning its deadline
passes and its owner is told then. Replaying the last weeks' sweeps once each working morning gives the
red and yellow notices the dates and office-hour times they would have had, instead of all of them
carrying the minute the demo was loaded (late at night, perhaps). Each person's daily digest goes out each
morning too.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from xiangzhen.clock.services import clock_sweep, digest_send
from xiangzhen.demo.clock import recorded_at, workday_on_or_before
from xiangzhen.workdays.calendar import WorkdayCalendar

REPLAYED_WORKDAYS = 15
DIGEST_WORKDAYS = 5


def sweeps_replay(*, today: date, now: datetime) -> str:
    """Each working morning of the last three weeks (today's too, once its morning has passed): every sweep,
    then the digests over the last week. Answers what the one clock marked."""
    calendar = WorkdayCalendar()
    generator = random.Random(905)
    mornings: list[datetime] = []
    day = today if calendar.is_workday(today) else workday_on_or_before(today, calendar)
    while len(mornings) < REPLAYED_WORKDAYS:
        # The first sweep the office sees each day: when the first clerk opens the workbench.
        minute = generator.randint(9 * 60 + 1, 10 * 60 + 30)
        moment = timezone.make_aware(
            datetime.combine(day, time(minute // 60, minute % 60, generator.randint(0, 59)))
        )
        if moment <= now:
            mornings.append(moment)
        day = workday_on_or_before(day - timedelta(days=1), calendar)
    red = yellow = 0
    for number, moment in enumerate(reversed(mornings)):
        with recorded_at(moment):
            result = clock_sweep(now=moment)
            red, yellow = red + result.red, yellow + result.yellow
        if number >= len(mornings) - DIGEST_WORKDAYS:
            digest = moment + timedelta(minutes=20)
            with recorded_at(digest):
                digest_send(now=digest)
    return f"期限事项标记超期 {red} 项, 预警 {yellow} 项"
