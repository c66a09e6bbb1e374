"""Schemathesis drives every operation of /api/openapi.json with generated input: no input may give a 5xx.

Its engine runs the same phases as `schemathesis run` (examples, boundary coverage, fuzzing) in a worker
thread, so the test data is committed (`transaction=True`) for that thread to see. The seed is fixed so a
run is reproducible; the number of examples per route keeps it near a minute on two cores.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.test import Client
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from xiangzhen.api.services import api_token_issue

CONFIG = {
    "seed": 20261125,
    "workers": 1,
    "checks": {"enabled": False, "not_a_server_error": {"enabled": True}},
    "generation": {"max-examples": 10, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
}


def closing_connections(application):
    """The WSGI app, closing the calling thread's database connections after each request: the engine's worker
    threads end without closing them, and PostgreSQL then refuses to drop the test database."""

    def run(environ, start_response):
        try:
            return list(application(environ, start_response))
        finally:
            connections.close_all()

    return run


@pytest.mark.django_db(transaction=True)
def test_no_generated_input_gives_a_server_error(township):
    token = api_token_issue(actor=None, user=township.town_leader.user, name="schemathesis")
    config = SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", closing_connections(get_wsgi_application()), config=config
    )
    schema.config.update(headers={"Authorization": f"Bearer {token}"})
    failures: list[str] = []
    answered: set[int] = set()
    operations: set[str] = set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            operations.add(event.label or "")
            answered |= {
                interaction.response.status_code
                for interaction in event.recorder.interactions.values()
                if interaction.response is not None
            }
            if event.status in (Status.FAILURE, Status.ERROR):
                for case_id, checks in event.recorder.checks.items():
                    if any(check.failure_info is not None for check in checks):
                        case = event.recorder.cases[case_id].value
                        failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r}")
                failures.append(f"{event.phase} {event.label}: {event.status}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"error: {event}")
    document = Client().get("/api/openapi.json").json()
    every = {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert len(every) > 90
    # Every operation, not a sample: a route schemathesis never reached would hide its server errors.
    assert every <= operations, f"not walked: {sorted(every - operations)[:20]}"
    # The token works: routes answered with data, not only 401.
    assert 200 in answered and 422 in answered
    assert not failures, "\n".join(failures[:60])
