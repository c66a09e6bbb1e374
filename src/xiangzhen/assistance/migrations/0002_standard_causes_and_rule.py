"""The standard list of risk causes of the national monitoring system and the default rule (公示 ≥ 5 days,
six months of stable income and of monitoring, one measure, pairing 1:1 and ≤ 5): data a town may edit."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CAUSES = [
    "因病",
    "因残",
    "因学",
    "因灾",
    "因意外事故",
    "缺技术",
    "缺资金",
    "缺劳力",
    "缺土地",
    "缺水",
    "交通条件落后",
    "产业项目失败",
    "务工就业不稳",
    "住房出现安全问题",
    "饮水安全问题",
    "自身发展动力不足",
    "其他",
]


def add_defaults(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    cause = apps.get_model("assistance", "Cause")
    for position, name in enumerate(CAUSES):
        cause.objects.get_or_create(name=name, defaults={"position": position})
    apps.get_model("assistance", "AssistanceRule").objects.get_or_create(unit=None)


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
