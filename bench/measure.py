"""Timing and checking helpers shared by the benchmarks."""

import time
from collections.abc import Callable, Sequence


class ReferenceMismatch(AssertionError):
    """The hand-written SQL no longer does what the application does: fix the reference, not the timing."""


def timed(
    action: Callable[[], object], repeat: int, reset: Callable[[], object] | None = None
) -> list[float]:
    """Run `action` once untimed (warm caches, as a server that has been up for a while has them), then
    `repeat` times, each after `reset` when given."""
    if reset:
        reset()
    action()
    samples = []
    for _ in range(repeat):
        if reset:
            reset()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def sql(statement: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, list(parameters))
        return cursor.fetchall() if cursor.description else []


def explain(statement: str, parameters: Sequence[object] = ()) -> list[str]:
    from django.db import connection

    # PostgreSQL's plan with the real row counts and timings (the statement is run once more for it).
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    return [str(row[-1]) for row in sql(prefix + statement, parameters)]


def explain_heaviest(action: Callable[[], object], containing: str = "") -> list[str]:
    """The plan of the slowest SELECT `action` sends (among those naming `containing`): what the
    application itself asks the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    reads = [
        query
        for query in captured.captured_queries
        if query["sql"].lstrip().startswith("SELECT") and containing in query["sql"]
    ]
    heaviest = max(reads, key=lambda query: float(query["time"]))
    return explain(heaviest["sql"].replace("%", "%%"))


def check(what: str, ours: object, reference: object) -> None:
    if ours != reference:
        raise ReferenceMismatch(f"{what}: the application gives {ours!r}, the hand-written SQL {reference!r}")


def replayed_reads(action: Callable[[], object]) -> Callable[[], None]:
    """The SELECTs `action` sent, replayed through a bare cursor: the database's share of its time, so a
    report can tell it from Python's per-call cost."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    statements = [
        query["sql"] for query in captured.captured_queries if query["sql"].lstrip().startswith("SELECT")
    ]

    def replay() -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    return replay
