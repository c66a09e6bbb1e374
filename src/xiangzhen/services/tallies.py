"""The statistics page's monthly tallies, kept by the database itself.

A `RequestTally` row counts the accepted requests of one (handling unit, unit filed at, item, month of
acceptance): how many were accepted, completed, completed on time, their working days and visits, and
their ratings. Triggers on the requests and ratings tables add a row's contribution when it is written
and take it back when it changes or goes, in the same transaction as the write, so no code path (a
service, a bulk UPDATE, the bench generator's raw INSERTs) can leave the tally behind. Only the columns
the tally counts fire the request trigger; the red/yellow sweep does not.

The statistics page then reads a year as twelve tally months per unit instead of every request of the year.
"""

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TALLY = "services_requesttally"
KEY = ("handling_unit_id", "filed_at_unit_id", "item_id", "month")
COUNTED = (
    "accepted",
    "completed",
    "on_time",
    "workdays_sum",
    "workdays_counted",
    "visits_sum",
    "one_visit",
    "rated",
    "satisfied",
)
# Columns of services_servicerequest a tally depends on: an UPDATE naming none of them fires nothing.
WATCHED = (
    "accepted_on",
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


def _counted(row: str) -> list[str]:
    """What the request `row` (OLD, NEW or an alias) adds to each counted column, in COUNTED's order."""
    rating = f"SELECT level FROM services_rating WHERE request_id = {row}.id"
    return [
        "1",
        f"CASE WHEN {row}.status = 'completed' THEN 1 ELSE 0 END",
        f"CASE WHEN {row}.completed_on_time THEN 1 ELSE 0 END",
        f"COALESCE({row}.workdays_used, 0)",
        f"CASE WHEN {row}.workdays_used IS NULL THEN 0 ELSE 1 END",
        f"{row}.visits",
        f"CASE WHEN {row}.visits <= 1 THEN 1 ELSE 0 END",
        f"(SELECT COUNT(*) FROM ({rating}) AS found)",
        f"(SELECT COUNT(*) FROM ({rating}) AS found WHERE level >= 3)",
    ]


def _key(vendor: str, row: str) -> list[str]:
    return [
        f"{row}.handling_unit_id",
        f"{row}.filed_at_unit_id",
        f"{row}.item_id",
        _month(vendor, f"{row}.accepted_on"),
    ]


def _rating_values(vendor: str, row: str, sign: str) -> str:
    """A SELECT giving the tally key of `row`'s request and the rating's own contribution (rated,
    satisfied), times `sign`; no row when the request was never accepted."""
    zeros = ", ".join(["0"] * (len(COUNTED) - 2))
    return (
        f"SELECT {', '.join(_key(vendor, 'r'))}, {zeros}, {sign}, "
        f"{sign} * (CASE WHEN {row}.level >= 3 THEN 1 ELSE 0 END) "
        f"FROM services_servicerequest r WHERE r.id = {row}.request_id AND r.accepted_on IS NOT NULL"
    )


def _upsert(source: str) -> str:
    """Add `source`'s row (the key, then the counted columns) to the tally."""
    columns = ", ".join(KEY + COUNTED)
    added = ", ".join(f"{name} = {TALLY}.{name} + excluded.{name}" for name in COUNTED)
    return f"INSERT INTO {TALLY} ({columns}) {source} ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {added}"


def _request_change(vendor: str, row: str, sign: str) -> str:
    values = _key(vendor, row) + [f"{sign} * ({value})" for value in _counted(row)]
    return _upsert(f"SELECT {', '.join(values)} WHERE {row}.accepted_on IS NOT NULL")


def _rating_change(vendor: str, row: str, sign: str) -> str:
    return _upsert(_rating_values(vendor, row, sign))


def _sqlite_triggers() -> list[str]:
    watched = ", ".join(WATCHED)
    request = "services_servicerequest"
    return [
        f"CREATE TRIGGER tally_request_insert AFTER INSERT ON {request} BEGIN "
        f"{_request_change('sqlite', 'NEW', '1')}; END",
        f"CREATE TRIGGER tally_request_update AFTER UPDATE OF {watched} ON {request} BEGIN "
        f"{_request_change('sqlite', 'OLD', '-1')}; {_request_change('sqlite', 'NEW', '1')}; END",
        f"CREATE TRIGGER tally_request_delete AFTER DELETE ON {request} BEGIN "
        f"{_request_change('sqlite', 'OLD', '-1')}; END",
        "CREATE TRIGGER tally_rating_insert AFTER INSERT ON services_rating BEGIN "
        f"{_rating_change('sqlite', 'NEW', '1')}; END",
        "CREATE TRIGGER tally_rating_update AFTER UPDATE OF level, request_id ON services_rating BEGIN "
        f"{_rating_change('sqlite', 'OLD', '-1')}; {_rating_change('sqlite', 'NEW', '1')}; END",
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
    request_change = _request_change("postgresql", "{row}", "{sign}")
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
    counted = [
        *_counted("r")[:-2],
        "CASE WHEN g.id IS NULL THEN 0 ELSE 1 END",
        "CASE WHEN g.level >= 3 THEN 1 ELSE 0 END",
    ]
    sums = ", ".join(f"SUM({value})" for value in counted)
    month = _month(vendor, "r.accepted_on")
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TALLY}")
        cursor.execute(
            f"INSERT INTO {TALLY} ({', '.join(KEY + COUNTED)}) "
            f"SELECT r.handling_unit_id, r.filed_at_unit_id, r.item_id, {month}, {sums} "
            "FROM services_servicerequest r LEFT JOIN services_rating g ON g.request_id = r.id "
            f"WHERE r.accepted_on IS NOT NULL GROUP BY r.handling_unit_id, r.filed_at_unit_id, r.item_id, {month}"
        )
        cursor.execute(f"SELECT COUNT(*) FROM {TALLY}")
        (count,) = cursor.fetchone()
    return int(count)
