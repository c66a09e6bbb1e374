"""In-app notices for rows a sweep just changed, written with one INSERT … SELECT per rule."""

from datetime import datetime

from django.db import connection

from xiangzhen.services.models import Notification


def notify_responsible_cadres(
    *, table: str, cadre_column: str, link_prefix: str, alert: str, stamp: datetime, message: str
) -> None:
    """Notify the signed-in account of the cadre in `cadre_column` of each row of `table` that the sweep
    at `stamp` moved to `alert`; cadres without an account are skipped."""
    stamp_value = connection.ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Notification._meta.db_table} (recipient_id, request_id, link, message, created_at) "
            "SELECT cadre.user_id, NULL, CAST(%s AS TEXT) || CAST(supervised.id AS TEXT) || '/', %s, %s "
            f"FROM {table} supervised JOIN org_cadre cadre ON cadre.id = supervised.{cadre_column} "
            "WHERE supervised.alert = %s AND supervised.alert_changed_at = %s AND cadre.user_id IS NOT NULL",
            [link_prefix, message, stamp_value, alert, stamp_value],
        )
