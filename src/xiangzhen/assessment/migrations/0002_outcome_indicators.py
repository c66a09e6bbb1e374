"""基层减负: the seven indicators that counted activity (check-ins, stay weeks, visits, meetings, sessions,
attendances) are gone from the registry. Schemes that scored them now score the outcome indicator that
replaced each; two counts replaced by one outcome in the same scheme merge into one item of both weights.
Scores already published keep their figures until the period is computed again."""

from django.db import migrations

# old code → (new code, its name, the category kept)
REPLACED = {
    "frontline.duty_check_ins": ("frontline.window_cases_on_spot", "窗口当场办结率"),
    "frontline.stay_compliance": ("frontline.visit_problems_on_time", "走访发现问题按期解决率"),
    "frontline.visits": ("frontline.visit_problems_on_time", "走访发现问题按期解决率"),
    "assistance.household_visits": ("assistance.risk_eliminated_held", "风险消除户稳定率"),
    "party.activities_held": ("party.required_activities_on_time", "组织生活按期开展率"),
    "training.sessions_held": ("training.target_group_finished", "轮训对象完成率"),
    "training.attendances": ("training.target_group_finished", "轮训对象完成率"),
}
# Per-item normalisations read a count ("每件得分", "每件扣分"); a rate is scored as a rate.
COUNT_NORMALIZATIONS = ("cap", "deduction")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # migration functions take the app registry
    Indicator = apps.get_model("assessment", "Indicator")
    SchemeItem = apps.get_model("assessment", "SchemeItem")
    ManualEntry = apps.get_model("assessment", "ManualEntry")
    for old_code, (new_code, new_name) in REPLACED.items():
        old = Indicator.objects.filter(code=old_code).first()
        if old is None:
            continue
        new = Indicator.objects.filter(code=new_code).first()
        if new is None:
            old.code, old.name, old.is_rate, old.unit_label = new_code, new_name, True, "%"
            old.direction = "higher"
            old.save(update_fields=["code", "name", "is_rate", "unit_label", "direction"])
            new = old
        else:
            for item in SchemeItem.objects.filter(indicator=old):
                kept = SchemeItem.objects.filter(scheme_id=item.scheme_id, indicator=new).first()
                if kept is None:
                    item.indicator = new
                    item.save(update_fields=["indicator"])
                else:
                    kept.weight += item.weight
                    kept.save(update_fields=["weight"])
                    item.delete()
            if not ManualEntry.objects.filter(indicator=old).exists():
                old.delete()
            else:
                old.is_active = False
                old.save(update_fields=["is_active"])
        SchemeItem.objects.filter(indicator=new, normalization__in=COUNT_NORMALIZATIONS).update(
            normalization="rate", per_item=None, target=None
        )
        SchemeItem.objects.filter(indicator=new, normalization="threshold", target__gt=1).update(
            normalization="rate", target=None
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
