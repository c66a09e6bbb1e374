"""The default frequencies of 中国共产党支部工作条例(试行) 第十四、十五、十六条; a town edits them in the admin,
a branch sets its own on its page."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

BASIS = "中国共产党支部工作条例(试行)"
# kind: (period, times, yellow when this few working days are left, red when this few, basis)
DEFAULT_RULES = {
    "general_assembly": ("quarter", 1, 10, 3, f"{BASIS}:党员大会一般每季度召开 1 次"),
    "committee_meeting": ("month", 1, 5, 2, f"{BASIS}:支部委员会会议一般每月召开 1 次"),
    "group_meeting": ("month", 1, 5, 2, f"{BASIS}:党小组会一般每月召开 1 次"),
    "party_lecture": ("quarter", 1, 10, 3, "本地做法:每季度至少 1 次党课(可按支部调整)"),
    "theme_day": ("month", 1, 5, 2, f"{BASIS}:每月相对固定 1 天开展主题党日"),
    "life_meeting": ("year", 1, 20, 5, f"{BASIS}:组织生活会一般每年召开 1 次"),
    "member_review": ("year", 1, 20, 5, f"{BASIS}:民主评议党员一般每年开展 1 次"),
}


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rule = apps.get_model("party", "ActivityRule")
    for kind, (period, times, yellow, red, basis) in DEFAULT_RULES.items():
        rule.objects.get_or_create(
            branch=None,
            kind=kind,
            defaults={
                "period": period,
                "times": times,
                "yellow_workdays": yellow,
                "red_workdays": red,
                "basis": basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
