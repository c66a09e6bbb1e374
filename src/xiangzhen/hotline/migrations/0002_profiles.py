"""Three rule-set profiles from DOMAIN-RULES.md, as data a county picks from (and may copy and change)."""

from django.db import migrations

PROFILES = [
    {
        "code": "beijing",
        "name": "北京式:24小时响应,一般7日、复杂15日办结",
        "description": "签收并联系来电人24小时内(紧急2小时);一般诉求7个自然日、疑难复杂15个自然日办结;"
        "重办7个自然日。",
        "weights": (30, 35, 35),
        "rules": [
            ("respond", "", "", 24, "hours"),
            ("respond", "", "urgent", 2, "hours"),
            ("resolve", "", "", 7, "days"),
            ("resolve", "", "complex", 15, "days"),
            ("redo", "", "", 7, "days"),
        ],
    },
    {
        "code": "guangdong",
        "name": "广东式:咨询2、求助建议10、投诉举报15个工作日",
        "description": "按诉求类型:咨询2个工作日,求助、建议10个工作日,投诉、举报15个工作日办结;"
        "1个工作日内响应(本地做法);重办5个工作日。",
        "weights": (30, 35, 35),
        "rules": [
            ("respond", "", "", 1, "workdays"),
            ("resolve", "consultation", "", 2, "workdays"),
            ("resolve", "help", "", 10, "workdays"),
            ("resolve", "suggestion", "", 10, "workdays"),
            ("resolve", "complaint", "", 15, "workdays"),
            ("resolve", "report", "", 15, "workdays"),
            ("resolve", "", "", 10, "workdays"),
            ("redo", "", "", 5, "workdays"),
        ],
    },
    {
        "code": "street",
        "name": "街道式:1个工作日联系,5个工作日办理,重办3个工作日",
        "description": "首次联系1个工作日内,首次办理5个工作日内,二次办理3个工作日内。",
        "weights": (30, 35, 35),
        "rules": [
            ("respond", "", "", 1, "workdays"),
            ("resolve", "", "", 5, "workdays"),
            ("redo", "", "", 3, "workdays"),
        ],
    },
]


def load(apps, schema_editor):
    RuleSet = apps.get_model("hotline", "RuleSet")
    Rule = apps.get_model("hotline", "Rule")
    for profile in PROFILES:
        response, resolution, satisfaction = profile["weights"]
        rule_set, _ = RuleSet.objects.update_or_create(
            code=profile["code"],
            defaults={
                "name": profile["name"],
                "description": profile["description"],
                "response_weight": response,
                "resolution_weight": resolution,
                "satisfaction_weight": satisfaction,
            },
        )
        for stage, kind, urgency, amount, measure in profile["rules"]:
            Rule.objects.update_or_create(
                rule_set=rule_set,
                stage=stage,
                kind=kind,
                urgency=urgency,
                defaults={"amount": amount, "measure": measure},
            )


def unload(apps, schema_editor):
    apps.get_model("hotline", "RuleSet").objects.filter(code__in=[p["code"] for p in PROFILES]).delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
