"""The attachment becomes a checked `attachments.Attachment`; files uploaded before keep their stored path.

Those older files were never checked by content, so they are recorded as plain downloads
(application/octet-stream), served like every attachment only after a jurisdiction check."""

import django.db.models.deletion
from django.core.files.storage import default_storage
from django.db import migrations, models


def forwards(apps, schema_editor):
    owner_model = apps.get_model("services", "requestevent")
    attachment_model = apps.get_model("attachments", "Attachment")
    for owner in owner_model.objects.exclude(legacy_attachment="").exclude(legacy_attachment__isnull=True):
        name = owner.legacy_attachment.name
        try:
            size = default_storage.size(name)
        except OSError:
            size = 0
        owner.attachment = attachment_model.objects.create(
            file=name,
            original_name=name.rsplit("/", 1)[-1][:200],
            content_type="application/octet-stream",
            size=size,
            uploaded_by_id=owner.actor_id,
            uploaded_at=owner.created_at,
        )
        owner.save(update_fields=["attachment"])


def backwards(apps, schema_editor):
    owner_model = apps.get_model("services", "requestevent")
    for owner in owner_model.objects.exclude(attachment=None).select_related("attachment"):
        owner.legacy_attachment = owner.attachment.file.name
        owner.save(update_fields=["legacy_attachment"])


class Migration(migrations.Migration):
    dependencies = [
        ("attachments", "0001_initial"),
        ("services", "0007_service_request_citizen_report"),
    ]

    operations = [
        migrations.RenameField(
            model_name="requestevent", old_name="attachment", new_name="legacy_attachment"
        ),
        migrations.AddField(
            model_name="requestevent",
            name="attachment",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="request_event",
                to="attachments.attachment",
                verbose_name="附件",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="requestevent", name="legacy_attachment"),
    ]
