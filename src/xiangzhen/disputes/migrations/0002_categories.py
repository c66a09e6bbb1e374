from django.db import migrations

CATEGORIES = [
    ("婚姻家庭", 15),
    ("邻里", 10),
    ("土地山林", 30),
    ("劳资", 15),
    ("征地拆迁", 30),
    ("合同债务", 20),
    ("其他", 15),
]


def seed(apps, schema_editor):
    category = apps.get_model("disputes", "DisputeCategory")
    for name, days in CATEGORIES:
        category.objects.get_or_create(name=name, defaults={"default_workdays": days})


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
