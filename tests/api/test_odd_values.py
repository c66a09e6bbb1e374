"""Every write operation of the API fed the fuzzer's odd values: each answer is a 4xx and no row is written.

The values are those pydantic's lax mode would otherwise coerce into something the client did not mean:
`true` for an id or a count, a float for a date (seconds since 1970), a time of day with a zone, a float for
a time (seconds since midnight, in UTC). The body around the odd value is the role matrix's valid body,
so a refused value is refused for itself, not because the rest of the body is wrong."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.test_role_matrix import api_body, api_operations, build_world, pick
from xiangzhen.org.selectors import visible_units

ODD_VALUES: dict[str, list[Any]] = {
    "integer": [True, False, 1.5],
    "date": [1.5, 1700000000, True],
    "time": ["00:00:00Z", "08:30:00+08:00", 1.5, True],
    "date-time": [1.5, True],
}


def total_rows() -> int:
    tables = sorted({model._meta.db_table for model in apps.get_models() if model._meta.managed})
    query = "SELECT " + " + ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(query)
        return int(cursor.fetchone()[0])


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def kind_of(document: dict, schema: dict) -> str | None:
    schema = resolve(document, schema)
    for option in schema.get("anyOf", []):
        kind = kind_of(document, option)
        if kind:
            return kind
    if schema.get("type") == "integer":
        return "integer"
    if schema.get("type") == "string" and schema.get("format") in {"date", "time", "date-time"}:
        return schema["format"]
    return None


def write_operations(document: dict) -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for method, path in api_operations():
        if method not in {"POST", "PUT", "PATCH"}:
            continue
        operation = document["paths"][path][method.lower()]
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            continue
        body = resolve(document, content["schema"])
        fields = {
            name: kind
            for name, schema in body.get("properties", {}).items()
            if (kind := kind_of(document, schema)) is not None
        }
        if fields:
            found.append((method, path, fields))
    return found


def test_every_write_operation_refuses_odd_values_and_writes_nothing(township):
    world = build_world(township)
    user = township.town_leader.user
    client = Client()
    client.force_login(user)
    visible = set(visible_units(user).values_list("pk", flat=True))
    document = client.get("/api/openapi.json").json()
    operations = write_operations(document)
    assert len(operations) > 30
    failures: list[str] = []
    tried = 0
    for method, path, fields in operations:
        chosen = {
            parameter: pick(world.candidates[parameter], user, visible)
            for parameter in re.findall(r"{(\w+)}", path)
        }
        url = path.format(**chosen)
        valid = api_body(method, path, "town_leader", chosen, world, township)
        for field, kind in fields.items():
            for odd in ODD_VALUES[kind]:
                before = total_rows()
                body = {**valid, field: odd}
                response = client.generic(method, url, data=json.dumps(body), content_type="application/json")
                tried += 1
                after = total_rows()
                if not 400 <= response.status_code < 500 or after != before:
                    failures.append(
                        f"{method} {url} {field}={odd!r}: {response.status_code}, rows {before} → {after}"
                    )
    assert tried > 100
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("starts_at", ["00:00:00Z", 1.5, True, "valid"])
def test_a_training_session_with_a_zoned_or_numeric_time_is_a_422_and_no_row(township, starts_at):
    from tests.training.factories import build_training
    from xiangzhen.audit.models import AuditEvent
    from xiangzhen.training.models import TrainingSession

    training = build_training(township)
    school = next(iter(training.schools.values()))
    course = training.course
    client = Client()
    client.force_login(township.town_leader.user)
    sessions, events = TrainingSession.objects.count(), AuditEvent.objects.count()
    if starts_at == "valid":
        starts_at = "09:30"
    response = client.post(
        "/api/v1/training/sessions",
        {
            "course_id": course.pk,
            "school_id": school.pk,
            "held_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "starts_at": starts_at,
            "teacher": "李老师",
        },
        content_type="application/json",
    )
    if (
        starts_at == "09:30"
    ):  # the same body with a plain local time is accepted: the refusals are for the value
        assert response.status_code == 201, response.content
        assert TrainingSession.objects.count() == sessions + 1
        return
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert (TrainingSession.objects.count(), AuditEvent.objects.count()) == (sessions, events)


def test_a_training_session_in_2000_is_refused(township):
    from tests.training.factories import build_training

    training = build_training(township)
    client = Client()
    client.force_login(township.town_leader.user)
    response = client.post(
        "/api/v1/training/sessions",
        {
            "course_id": training.course.pk,
            "school_id": training.schools["gepu"].pk,
            "held_on": "2000-01-01",
            "teacher": "李老师",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "两年以内" in response.json()["error"]["message"]
