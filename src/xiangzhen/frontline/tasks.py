from datetime import timedelta

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task

from xiangzhen.clock.schedule import beijing
from xiangzhen.frontline.selectors import week_start_of
from xiangzhen.frontline.services import village_stays_refresh


@db_periodic_task(beijing(day_of_week=1, hour=1, minute=10))
def store_last_week_stays() -> str:
    # A week with no check-in at all creates no row on its own: Monday night stores every assigned
    # cadre's past week, so the indicator counts the weeks nobody stayed too.
    week = week_start_of(timezone.localdate()) - timedelta(days=7)
    return f"驻村蹲点:{week} 当周 {village_stays_refresh(week_start=week)} 人次"
