"""In-app notices for rows a sweep just changed, written with one INSERT … SELECT per rule."""

from datetime import datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

from xiangzhen.services.models import Notification
from xiangzhen.workdays.alerts import AlertLevel, SweepCount, sweep_alerts


def notify_responsible_cadres(
    *, table: str, cadre_column: str, link_prefix: str, alert: str, stamp: datetime, message: str
) -> None:
    """Notify the signed-in account of the cadre in `cadre_column` of each row of `table` that the sweep
    at `stamp` moved to `alert`, naming the row's title and deadline; cadres without an account are skipped."""
    stamp_value = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Notification._meta.db_table} (recipient_id, request_id, link, message, created_at) "
            "SELECT cadre.user_id, NULL, CAST(%s AS TEXT) || CAST(supervised.id AS TEXT) || '/', "
            "CAST(%s AS TEXT) || SUBSTR(supervised.title, 1, 120) || '(期限 ' || CAST(supervised.due_date AS TEXT) || ')', %s "
            f"FROM {table} supervised JOIN org_cadre cadre ON cadre.id = supervised.{cadre_column} "
            "WHERE supervised.alert = %s AND supervised.alert_changed_at = %s AND cadre.user_id IS NOT NULL",
            [link_prefix, message, stamp_value, alert, stamp_value],
        )


def sweep_and_notify_cadres(
    running: "models.QuerySet[Any]",
    *,
    stamp: datetime,
    label: str,
    noun: str,
    cadre_field: str,
    link_prefix: str,
) -> SweepCount:
    """The shared sweep over `running`, then a red or yellow notice to each changed row's responsible cadre."""
    count = sweep_alerts(running, today=timezone.localdate(stamp), stamp=stamp, label=label)
    table = running.model._meta.db_table
    cadre_column = running.model._meta.get_field(cadre_field).column
    for alert, changed, message in (
        (AlertLevel.RED, count.red, f"红牌:{noun}已超期 · "),
        (AlertLevel.YELLOW, count.yellow, f"黄牌:{noun}临近期限 · "),
    ):
        if changed:
            notify_responsible_cadres(
                table=table,
                cadre_column=cadre_column,
                link_prefix=link_prefix,
                alert=alert,
                stamp=stamp,
                message=message,
            )
    return count
