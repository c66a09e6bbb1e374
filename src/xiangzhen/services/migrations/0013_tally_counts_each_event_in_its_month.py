from django.db import migrations, models

from xiangzhen.services import tallies


def triggers_drop(apps, schema_editor):
    # Before the table changes: SQLite rebuilds it, and a trigger naming it would stop the rename.
    tallies.triggers_drop(schema_editor.connection)


def triggers_install(apps, schema_editor):
    """Count each event of a request in its own month: the triggers and every tally row written afresh."""
    tallies.triggers_create(schema_editor.connection)
    tallies.tallies_rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("services", "0012_alert_changed_index")]

    # Going back leaves no triggers: the earlier code's `tallies_rebuild` and `triggers_create` restore them.
    operations = [
        migrations.RunPython(triggers_drop, migrations.RunPython.noop),
        migrations.AddField(model_name="requesttally", name="finished", field=models.IntegerField(default=0)),
        migrations.AddField(
            model_name="requesttally", name="basically_satisfied", field=models.IntegerField(default=0)
        ),
        migrations.RunPython(triggers_install, triggers_drop),
    ]
