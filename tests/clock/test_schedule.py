"""Every daily or weekly job runs at night or early in the morning in Beijing, whatever huey's UTC clock says."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY

from xiangzhen.clock.schedule import beijing

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
# A UTC week from Monday: every minute huey's consumer asks its periodic tasks about (naive UTC, as huey does).
START = datetime(2026, 3, 2, tzinfo=UTC).replace(tzinfo=None)
WEEK = [START + timedelta(minutes=minute) for minute in range(7 * 24 * 60)]


def _periodic_tasks():
    autodiscover_modules("tasks")
    return sorted(HUEY._registry.periodic_tasks, key=lambda task: task.name)


def _fires(task) -> list[datetime]:
    """The Beijing moments of a week at which the task fires."""
    assert HUEY.utc, "huey must hand its crontabs UTC moments"
    return [
        moment.replace(tzinfo=UTC).astimezone(SHANGHAI) for moment in WEEK if task.validate_datetime(moment)
    ]


def test_every_job_is_found():
    names = {task.name for task in _periodic_tasks()}
    assert {"sweep_obligations", "send_digest"} <= names and len(names) >= 5, names


@pytest.mark.parametrize("task", _periodic_tasks(), ids=lambda task: task.name)
def test_daily_and_weekly_jobs_run_at_night_in_beijing(task):
    fires = _fires(task)
    assert fires, f"{task.name} never runs"
    if len(fires) > 7 * 24:  # the five-minute sweeps
        assert task.name == "sweep_obligations" or len(fires) == 7 * 24 * 12, task.name
        return
    hours = sorted({moment.strftime("%H:%M") for moment in fires})
    assert all("00:00" <= hour < "08:00" for hour in hours), (task.name, hours)
    # Once a day, or once a week, on the Beijing calendar.
    days = [moment.date() for moment in fires]
    assert len(days) == len(set(days)) and len(days) in (1, 7), (task.name, days)


def test_the_digest_goes_out_at_half_past_seven_and_the_weekly_stay_job_on_monday_night():
    tasks = {task.name: task for task in _periodic_tasks()}
    digest = _fires(tasks["send_digest"])
    assert {moment.strftime("%H:%M") for moment in digest} == {"07:30"} and len(digest) == 7
    weekly = [task for task in tasks.values() if len(_fires(task)) == 1]
    assert weekly and all(_fires(task)[0].weekday() == 0 for task in weekly), [task.name for task in weekly]


@pytest.mark.parametrize(("hour", "day_of_week"), [(0, None), (1, 1), (7, 0), (8, 6), (23, 3)])
def test_beijing_crontabs_fire_at_that_beijing_hour_and_weekday(hour, day_of_week):
    validate = beijing(hour=hour, minute=15, day_of_week=day_of_week)
    fires = [moment.replace(tzinfo=UTC).astimezone(SHANGHAI) for moment in WEEK if validate(moment)]
    assert {moment.strftime("%H:%M") for moment in fires} == {f"{hour:02d}:15"}
    if day_of_week is None:
        assert len(fires) == 7
    else:
        # crontab weekdays: 0 = Sunday; Python's: 0 = Monday.
        assert [moment.isoweekday() % 7 for moment in fires] == [day_of_week]
