"""The service hall's monthly tallies, kept by the database itself.

A `RequestTally` row counts, for one (handling unit, unit filed at, item, month), what happened in that
month, each column in the month of its own event (so a figure over a period reads the period's months,
whatever the figure counts):

* month of acceptance: `accepted`, and of those `completed` (now done), their working days and visits;
* month of completion: `finished` (completed that month), of those `on_time` (by the due date) and
  `one_visit` (the citizen came at most once);
* local month of the rating (好差评): `rated`, of those `satisfied` (基本满意 or better) and
  `basically_satisfied` (基本满意, which the 12345 rule counts as 0.9).

So one request adds to up to three rows. Triggers on the requests and ratings tables add a row's
contribution when it is written and take it back when it changes or goes, in the same transaction as the
write, so no code path (a service, a bulk UPDATE, the bench generator's raw INSERTs) can leave the tally
behind. Only the columns the tally counts fire the request trigger; the red/yellow sweep does not.

A rating's month is taken in `settings.TIME_ZONE` as it was when the triggers were created (on SQLite,
which has no zone data, as that zone's fixed UTC offset: Asia/Shanghai has had no summer time since 1991).

The statistics page and the assessment's service-hall indicators both read these tallies through
`services.figures.service_counts`.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TALLY = "services_requesttally"
KEY = ("handling_unit_id", "filed_at_unit_id", "item_id", "month")
ACCEPTED_PART = ("accepted", "completed", "workdays_sum", "workdays_counted", "visits_sum")
FINISHED_PART = ("finished", "on_time", "one_visit")
RATED_PART = ("rated", "satisfied", "basically_satisfied")
COUNTED = ACCEPTED_PART + FINISHED_PART + RATED_PART
# Columns of services_servicerequest a tally depends on: an UPDATE naming none of them fires nothing.
WATCHED = (
    "accepted_on",
    "completed_on",
    "handling_unit_id",
    "filed_at_unit_id",
    "item_id",
    "status",
    "completed_on_time",
    "workdays_used",
    "visits",
)


def _month(vendor: str, day: str) -> str:
    return f"date({day}, 'start of month')" if vendor == "sqlite" else f"date_trunc('month', {day})::date"


def _local_month(vendor: str, moment: str) -> str:
    """The month of the timestamp `moment` on the local calendar (ratings are timestamps, counted by day)."""
    zone_name = settings.TIME_ZONE
    if vendor != "sqlite":
        return f"date_trunc('month', {moment} AT TIME ZONE '{zone_name}')::date"
    zone = ZoneInfo(zone_name)
    winter, summer = (datetime(2026, month, 1, tzinfo=zone).utcoffset() for month in (1, 7))
    if winter != summer or winter is None:
        raise ImproperlyConfigured(f"SQLite 上的办件汇总只支持没有夏令时的时区:{zone_name}")
    minutes = int(winter.total_seconds() // 60)
    return f"date({moment}, '{minutes:+d} minutes', 'start of month')"


def _values(part: dict[str, str], sign: str) -> list[str]:
    """Every counted column, in COUNTED's order: the part's own values times `sign`, zero elsewhere."""
    return [f"{sign} * ({part[name]})" if name in part else "0" for name in COUNTED]


def _key(row: str, month: str) -> list[str]:
    return [f"{row}.handling_unit_id", f"{row}.filed_at_unit_id", f"{row}.item_id", month]


def _accepted_part(row: str) -> dict[str, str]:
    return {
        "accepted": "1",
        "completed": f"CASE WHEN {row}.status = 'completed' THEN 1 ELSE 0 END",
        "workdays_sum": f"COALESCE({row}.workdays_used, 0)",
        "workdays_counted": f"CASE WHEN {row}.workdays_used IS NULL THEN 0 ELSE 1 END",
        "visits_sum": f"{row}.visits",
    }


def _finished_part(row: str) -> dict[str, str]:
    return {
        "finished": "1",
        "on_time": f"CASE WHEN {row}.completed_on_time THEN 1 ELSE 0 END",
        "one_visit": f"CASE WHEN {row}.visits <= 1 THEN 1 ELSE 0 END",
    }


def _rated_part(rating: str) -> dict[str, str]:
    return {
        "rated": "1",
        "satisfied": f"CASE WHEN {rating}.level >= 3 THEN 1 ELSE 0 END",
        "basically_satisfied": f"CASE WHEN {rating}.level = 3 THEN 1 ELSE 0 END",
    }


def _finished(row: str) -> str:
    return f"{row}.status = 'completed' AND {row}.completed_on IS NOT NULL"


def _upsert(source: str) -> str:
    """Add `source`'s rows (the key, then the counted columns) to the tally."""
    columns = ", ".join(KEY + COUNTED)
    added = ", ".join(f"{name} = {TALLY}.{name} + excluded.{name}" for name in COUNTED)
    return f"INSERT INTO {TALLY} ({columns}) {source} ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {added}"


def _request_change(vendor: str, row: str, sign: str) -> list[str]:
    """The statements adding (sign 1) or taking back (sign -1) what the request `row` counts: in the month
    of its acceptance, of its completion, and of its rating."""
    accepted = _key(row, _month(vendor, f"{row}.accepted_on")) + _values(_accepted_part(row), sign)
    finished = _key(row, _month(vendor, f"{row}.completed_on")) + _values(_finished_part(row), sign)
    rated = _key(row, _local_month(vendor, "g.created_at")) + _values(_rated_part("g"), sign)
    return [
        _upsert(f"SELECT {', '.join(accepted)} WHERE {row}.accepted_on IS NOT NULL"),
        _upsert(f"SELECT {', '.join(finished)} WHERE {_finished(row)}"),
        _upsert(f"SELECT {', '.join(rated)} FROM services_rating g WHERE g.request_id = {row}.id"),
    ]


def _rating_change(vendor: str, row: str, sign: str) -> str:
    rated = _key("r", _local_month(vendor, f"{row}.created_at")) + _values(_rated_part(row), sign)
    return _upsert(f"SELECT {', '.join(rated)} FROM services_servicerequest r WHERE r.id = {row}.request_id")


def _sqlite_triggers() -> list[str]:
    watched = ", ".join(WATCHED)
    request = "services_servicerequest"

    def body(*statements: str) -> str:
        return "".join(f"{statement}; " for statement in statements)

    return [
        f"CREATE TRIGGER tally_request_insert AFTER INSERT ON {request} BEGIN "
        f"{body(*_request_change('sqlite', 'NEW', '1'))}END",
        f"CREATE TRIGGER tally_request_update AFTER UPDATE OF {watched} ON {request} BEGIN "
        f"{body(*_request_change('sqlite', 'OLD', '-1'), *_request_change('sqlite', 'NEW', '1'))}END",
        f"CREATE TRIGGER tally_request_delete AFTER DELETE ON {request} BEGIN "
        f"{body(*_request_change('sqlite', 'OLD', '-1'))}END",
        "CREATE TRIGGER tally_rating_insert AFTER INSERT ON services_rating BEGIN "
        f"{_rating_change('sqlite', 'NEW', '1')}; END",
        "CREATE TRIGGER tally_rating_update AFTER UPDATE OF level, request_id, created_at ON services_rating "
        f"BEGIN {_rating_change('sqlite', 'OLD', '-1')}; {_rating_change('sqlite', 'NEW', '1')}; END",
        "CREATE TRIGGER tally_rating_delete AFTER DELETE ON services_rating BEGIN "
        f"{_rating_change('sqlite', 'OLD', '-1')}; END",
    ]


def _postgresql_triggers() -> list[str]:
    def function(name: str, change: str) -> str:
        # PL/pgSQL: OLD is only assigned for UPDATE and DELETE, NEW only for INSERT and UPDATE.
        return (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {change.format(row='OLD', sign=-1)}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {change.format(row='NEW', sign=1)}; END IF; "
            "RETURN NULL; END $$"
        )

    # One function per table for both directions: "{row}" and "{sign}" are filled in per direction.
    request_change = "; ".join(_request_change("postgresql", "{row}", "{sign}"))
    rating_change = _rating_change("postgresql", "{row}", "{sign}")
    watched = ", ".join(WATCHED)
    return [
        function("tally_request", request_change),
        function("tally_rating", rating_change),
        "CREATE TRIGGER tally_request_insert AFTER INSERT OR DELETE ON services_servicerequest "
        "FOR EACH ROW EXECUTE FUNCTION tally_request()",
        f"CREATE TRIGGER tally_request_update AFTER UPDATE OF {watched} ON services_servicerequest "
        "FOR EACH ROW EXECUTE FUNCTION tally_request()",
        "CREATE TRIGGER tally_rating_change AFTER INSERT OR UPDATE OR DELETE ON services_rating "
        "FOR EACH ROW EXECUTE FUNCTION tally_rating()",
    ]


def triggers_create(database: BaseDatabaseWrapper) -> None:
    statements = _sqlite_triggers() if database.vendor == "sqlite" else _postgresql_triggers()
    with database.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def triggers_drop(database: BaseDatabaseWrapper) -> None:
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            for name in ("request_insert", "request_update", "request_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS tally_{name}")
            for name in ("rating_insert", "rating_update", "rating_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS tally_{name}")
            return
        cursor.execute("DROP TRIGGER IF EXISTS tally_request_insert ON services_servicerequest")
        cursor.execute("DROP TRIGGER IF EXISTS tally_request_update ON services_servicerequest")
        cursor.execute("DROP TRIGGER IF EXISTS tally_rating_change ON services_rating")
        cursor.execute("DROP FUNCTION IF EXISTS tally_request()")
        cursor.execute("DROP FUNCTION IF EXISTS tally_rating()")


def tallies_rebuild(database: BaseDatabaseWrapper | None = None) -> int:
    """Count every tally afresh from the requests and ratings (after a restore, or to check the triggers);
    return the number of tally rows."""
    database = database or connection
    vendor = database.vendor

    def grouped(part: dict[str, str], month: str, source: str) -> str:
        sums = [f"SUM({value})" for value in _values(part, "1")]
        key = _key("r", month)
        return _upsert(f"SELECT {', '.join(key + sums)} {source} GROUP BY {', '.join(key)}")

    requests = "FROM services_servicerequest r"
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TALLY}")
        cursor.execute(
            grouped(
                _accepted_part("r"),
                _month(vendor, "r.accepted_on"),
                f"{requests} WHERE r.accepted_on IS NOT NULL",
            )
        )
        cursor.execute(
            grouped(
                _finished_part("r"), _month(vendor, "r.completed_on"), f"{requests} WHERE {_finished('r')}"
            )
        )
        cursor.execute(
            grouped(
                _rated_part("g"),
                _local_month(vendor, "g.created_at"),
                f"{requests} JOIN services_rating g ON g.request_id = r.id WHERE TRUE",
            )
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TALLY}")
        (count,) = cursor.fetchone()
    return int(count)
