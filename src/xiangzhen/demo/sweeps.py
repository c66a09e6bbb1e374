"""The background sweeps of the weeks before the load, replayed at the times they would have run.

On a live install huey sweeps every few minutes, so a request turns red on the morning its deadline
passes and its owner is told then. Replaying the last weeks' sweeps once each working morning gives the
red and yellow notices the dates and office-hour times they would have had, instead of all of them
carrying the minute the demo was loaded (late at night, perhaps). The leaders' daily digest goes out each
morning too.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from xiangzhen.collective.services import collective_sweep_alerts
from xiangzhen.demo.clock import recorded_at, workday_on_or_before
from xiangzhen.disputes.services import dispute_sweep_alerts
from xiangzhen.projects.services import milestone_sweep_alerts
from xiangzhen.services.services import digest_send, service_request_sweep_alerts
from xiangzhen.supervision.services import task_sweep_alerts
from xiangzhen.workdays.calendar import WorkdayCalendar

REPLAYED_WORKDAYS = 15
DIGEST_WORKDAYS = 5


def sweeps_replay(*, today: date, now: datetime) -> str:
    """Each working morning of the last three weeks (today's too, once its morning has passed): every sweep,
    then the leaders' digest over the last week. Answers the requests' sweep summary."""
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
            result = service_request_sweep_alerts(now=moment)
            red, yellow = red + result.red, yellow + result.yellow
            task_sweep_alerts(now=moment)
            dispute_sweep_alerts(now=moment)
            milestone_sweep_alerts(now=moment)
            collective_sweep_alerts(now=moment)
        if number >= len(mornings) - DIGEST_WORKDAYS:
            digest = moment + timedelta(minutes=20)
            with recorded_at(digest):
                digest_send(now=digest)
    return f"标记超期 {red} 件, 预警 {yellow} 件"
