"""The queue's index table, filled for the requests already recorded (a unit sees what is handled or filed
anywhere below it)."""

import django.db.models.deletion
from django.db import migrations, models

PATH_SEGMENT_WIDTH = 10
BATCH_SIZE = 5000


def backfill(apps, schema_editor):
    request_model = apps.get_model("services", "ServiceRequest")
    scope_model = apps.get_model("services", "RequestScope")
    unit_model = apps.get_model("org", "Unit")
    paths = dict(unit_model.objects.values_list("pk", "path"))

    def ancestors(unit_id):
        path = paths[unit_id]
        return {
            int(path[start : start + PATH_SEGMENT_WIDTH]) for start in range(0, len(path), PATH_SEGMENT_WIDTH)
        }

    rows = []
    requests = request_model.objects.values_list("pk", "handling_unit_id", "filed_at_unit_id", "created_at")
    for request_id, handling_id, filed_id, created_at in requests.iterator(chunk_size=BATCH_SIZE):
        for unit_id in sorted(ancestors(handling_id) | ancestors(filed_id)):
            rows.append(scope_model(unit_id=unit_id, request_id=request_id, created_at=created_at))
        if len(rows) >= BATCH_SIZE:
            scope_model.objects.bulk_create(rows)
            rows = []
    scope_model.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("services", "0008_requestevent_attachment_model"),
    ]

    operations = [
        migrations.CreateModel(
            name="RequestScope",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField()),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scopes",
                        to="services.servicerequest",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.unit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["unit", "-created_at", "-request"], name="request_scope_queue")
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
