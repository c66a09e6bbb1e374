"""Crontabs in Beijing time: huey evaluates crontabs in UTC (its default), townships keep Beijing time."""

from huey import crontab

# China keeps UTC+8 all year (no daylight saving), so a fixed shift is exact.
BEIJING_OFFSET_HOURS = 8


def beijing(*, hour: int, minute: int = 0, day_of_week: int | None = None) -> crontab:
    """A daily (or weekly: 0 = Sunday … 6) crontab at `hour:minute` Beijing time, expressed in UTC."""
    utc_hour = hour - BEIJING_OFFSET_HOURS
    day_shift = -1 if utc_hour < 0 else 0
    arguments = {"hour": str(utc_hour % 24), "minute": str(minute)}
    if day_of_week is not None:
        arguments["day_of_week"] = str((day_of_week + day_shift) % 7)
    return crontab(**arguments)
