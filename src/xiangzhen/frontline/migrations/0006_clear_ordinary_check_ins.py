"""基层减负: ordinary check-ins keep no position, photo or phone, and carry no exception. Those stored before
the rule changed (none of them inside a named 安保/应急 duty, which did not exist) are cleared here: the
coordinates, the device strings and the flags in one UPDATE, the photos deleted with their files."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # migration functions take the app registry
    CheckIn = apps.get_model("frontline", "CheckIn")
    Attachment = apps.get_model("attachments", "Attachment")
    ordinary = CheckIn.objects.filter(duty__isnull=True)
    photo_ids = list(ordinary.exclude(photo__isnull=True).values_list("photo_id", flat=True))
    ordinary.update(
        latitude=None,
        longitude=None,
        accuracy=None,
        photo=None,
        device="",
        late=False,
        no_location=False,
        unusual_device=False,
    )
    for attachment in Attachment.objects.filter(pk__in=photo_ids).iterator():
        attachment.file.delete(save=False)
    Attachment.objects.filter(pk__in=photo_ids).delete()


class Migration(migrations.Migration):
    dependencies = [("frontline", "0005_security_duty"), ("attachments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
