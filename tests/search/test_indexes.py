"""The search app's migration indexes the searched columns: trigram GIN on PostgreSQL, B-tree on SQLite."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("assistance_household", "head_name"),
        ("assistance_member", "name"),
        ("party_partymember", "name"),
        ("collective_contract", "counterparty"),
    ],
)
def test_each_searched_name_column_has_its_index(table, column):
    kind = "trgm" if connection.vendor == "postgresql" else "exact"
    index = _indexes(table).get(f"search_{table}_{column}_{kind}")
    assert index is not None and index["columns"] == [column]
    if connection.vendor == "postgresql":
        assert index["type"] == "gin"


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("assistance_household", "phone"),
        ("assistance_member", "id_number"),
        ("party_partymember", "phone"),
        ("party_partymember", "id_number"),
        ("collective_contract", "number"),
    ],
)
def test_each_whole_value_column_has_a_btree_index(table, column):
    index = _indexes(table).get(f"search_{table}_{column}_exact")
    assert index is not None and index["columns"] == [column]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_the_request_and_party_names_have_trigram_indexes_on_postgresql():
    for table, column in (("services_servicerequest", "applicant_name"), ("disputes_disputeparty", "name")):
        assert _indexes(table)[f"search_{table}_{column}_trgm"]["type"] == "gin"
