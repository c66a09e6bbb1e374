"""Background jobs of the calendar, run by the huey consumer."""

from huey.contrib.djhuey import db_periodic_task

from xiangzhen.clock.schedule import beijing
from xiangzhen.workdays.services import calendar_load_from_package


@db_periodic_task(beijing(hour=2, minute=7))
def load_new_official_years() -> list[int]:
    """Nightly: when an upgraded chinese-calendar knows a newly published year, load it, which
    recomputes every provisional deadline falling in that year."""
    return calendar_load_from_package(actor=None)
