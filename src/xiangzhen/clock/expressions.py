"""Date arithmetic that SQLite and PostgreSQL spell differently, for the kinds' querysets."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler


class AddDays(models.Func):
    """`date + days` where `days` is a column or a number: a DateField either way."""

    output_field = models.DateField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        # A parameter may arrive as bigint, and PostgreSQL adds only integers to a date.
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s AS INTEGER))",
            arg_joiner=" + CAST(",
            **extra_context,
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


def days_before_sql(column: str, days: int, vendor: str) -> str:
    """SQL for `column - days` on the connection's database; `days` is the kind's own constant."""
    days = int(days)
    if vendor == "sqlite":
        return f"date({column}, '-{days} days')"
    return f"(CAST({column} AS DATE) - {days})"
