"""The five returns a town sends up, built in (county None): each is a source and its columns. Written out
here, not imported from returns.sources, so that this migration keeps meaning what it meant."""

from django.db import migrations

BUILTIN = [
    (
        "FFP-01",
        "防返贫动态监测户信息表",
        "monthly",
        "assistance",
        [
            ("村(社区)", "village"),
            ("户主姓名", "head_name"),
            ("户主身份证号", "head_id_number"),
            ("联系电话", "phone"),
            ("监测对象类型", "category"),
            ("监测状态", "status"),
            ("纳入监测日期", "identified_on"),
            ("风险消除日期", "cleared_on"),
            ("家庭人口", "members"),
            ("劳动力人数", "labour"),
            ("帮扶措施数", "measures"),
            ("已落实措施数", "measures_done"),
            ("帮扶责任人", "responsible"),
        ],
    ),
    (
        "MDJF-01",
        "矛盾纠纷排查化解月报表",
        "monthly",
        "disputes",
        [
            ("月份", "month"),
            ("村(社区)", "village"),
            ("报送情况", "reported"),
            ("排查发现纠纷数", "found"),
            ("零报告", "zero_report"),
            ("登记纠纷数", "registered"),
            ("化解纠纷数", "settled"),
            ("说明", "note"),
        ],
    ),
    (
        "BMFW-01",
        "便民服务中心月度办件统计表",
        "monthly",
        "services",
        [
            ("承办单位", "unit"),
            ("受理件数", "accepted"),
            ("办结件数", "completed"),
            ("按时办结件数", "on_time"),
            ("按时办结率", "on_time_rate"),
            ("最多跑一次率", "one_visit_rate"),
            ("评价件数", "rated"),
            ("满意率", "satisfaction_rate"),
        ],
    ),
    (
        "SHYK-01",
        "“三会一课”开展情况台账",
        "monthly",
        "party",
        [
            ("日期", "held_on"),
            ("党支部", "branch"),
            ("活动类型", "kind"),
            ("主题", "topic"),
            ("应到人数", "expected"),
            ("实到人数", "present"),
            ("缺席情况", "absence_note"),
        ],
    ),
    (
        "CWGK-01",
        "村务公开情况清单",
        "quarterly",
        "publications",
        [
            ("村(社区)", "village"),
            ("公开类别", "kind"),
            ("公开事项", "title"),
            ("期间起", "period_start"),
            ("期间止", "period_end"),
            ("公布期限", "due_date"),
            ("公布日期", "published_on"),
            ("公开地点/方式", "place"),
            ("公开情况", "state"),
        ],
    ),
]


def add_builtin(apps, schema_editor):
    template_model = apps.get_model("returns", "ReturnTemplate")
    column_model = apps.get_model("returns", "ReturnColumn")
    for code, name, period, source, columns in BUILTIN:
        template, _ = template_model.objects.update_or_create(
            code=code, county=None, defaults={"name": name, "period": period, "source": source}
        )
        column_model.objects.filter(template=template).delete()
        column_model.objects.bulk_create(
            column_model(template=template, position=position, header=header, field=field)
            for position, (header, field) in enumerate(columns, start=1)
        )


def remove_builtin(apps, schema_editor):
    apps.get_model("returns", "ReturnTemplate").objects.filter(
        county=None, code__in=[code for code, *_ in BUILTIN]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]

    operations = [migrations.RunPython(add_builtin, remove_builtin)]
