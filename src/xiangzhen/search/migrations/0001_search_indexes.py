"""The indexes the one search reads, on the tables of the domains it searches.

They live here, beside the providers that name the columns, rather than in each domain's migrations:
the search decides what is matched and how. Each is created only where its column exists, so the
migration stays correct while the people register moves names and numbers out of the domains.

* PostgreSQL: `pg_trgm` GIN indexes on the name columns, which serve a name's prefix (LIKE 'x%') and,
  from three characters, its inside (LIKE '%x%'); B-tree indexes for the whole-value phone and ID columns
  the domains do not index themselves.
* SQLite: B-tree indexes on the same columns; a name's prefix is read as a range of its index.
"""

from django.db import migrations

# (table, column): the names matched by prefix and inside.
NAME_COLUMNS = [
    ("services_servicerequest", "applicant_name"),
    ("disputes_disputeparty", "name"),
    ("assistance_household", "head_name"),
    ("assistance_member", "name"),
    ("party_partymember", "name"),
    ("collective_contract", "counterparty"),
]
# (table, column): values matched whole, not indexed by their own app.
EXACT_COLUMNS = [
    ("assistance_household", "phone"),
    ("assistance_member", "id_number"),
    ("party_partymember", "phone"),
    ("party_partymember", "id_number"),
    ("collective_contract", "number"),
]
# Name columns the domains already index with a B-tree (SQLite needs no second one).
INDEXED_NAMES = {("services_servicerequest", "applicant_name"), ("disputes_disputeparty", "name")}


def _index_name(table: str, column: str, kind: str) -> str:
    return f"search_{table}_{column}_{kind}"[:63]


def _existing_columns(schema_editor, table: str) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return set()
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def _indexes(schema_editor) -> list[tuple[str, str]]:
    """(index name, CREATE statement) of every index whose column exists."""
    quote = schema_editor.quote_name
    postgresql = schema_editor.connection.vendor == "postgresql"
    wanted: list[tuple[str, str, str]] = [(table, column, "exact") for table, column in EXACT_COLUMNS]
    for table, column in NAME_COLUMNS:
        if postgresql:
            wanted.append((table, column, "trgm"))
        elif (table, column) not in INDEXED_NAMES:
            wanted.append((table, column, "exact"))
    statements = []
    for table, column, kind in wanted:
        if column not in _existing_columns(schema_editor, table):
            continue
        name = _index_name(table, column, kind)
        method = f"USING gin ({quote(column)} gin_trgm_ops)" if kind == "trgm" else f"({quote(column)})"
        if postgresql and kind != "trgm":
            method = f"USING btree ({quote(column)})"
        statements.append((name, f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} {method}"))
    return statements


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for _name, statement in _indexes(schema_editor):
        schema_editor.execute(statement)


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    for name, _statement in _indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0013_tally_counts_each_event_in_its_month"),
        ("disputes", "0005_mediationsession_attachment"),
        ("assistance", "0002_standard_causes_and_rule"),
        ("party", "0003_activity_list_order"),
        ("collective", "0002_contract_ledger_order"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
