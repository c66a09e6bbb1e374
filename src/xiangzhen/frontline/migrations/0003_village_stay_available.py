from datetime import timedelta

from django.db import migrations, models


def available_fill(apps, schema_editor):
    """Each stored week's working days not on leave, counted once per stored week (weeks, not rows)."""
    from xiangzhen.workdays.calendar import WorkdayCalendar

    village_stay = apps.get_model("frontline", "VillageStay")
    leave = apps.get_model("frontline", "Leave")
    calendar = WorkdayCalendar()
    for week_start in village_stay.objects.values_list("week_start", flat=True).distinct().order_by():
        days = {week_start + timedelta(days=offset) for offset in range(7)}
        workdays = {day for day in days if calendar.is_workday(day)}
        rows = list(village_stay.objects.filter(week_start=week_start))
        on_leave: dict[int, set] = {}
        for cadre_id, start, end in leave.objects.filter(
            cadre_id__in={row.cadre_id for row in rows},
            start__lte=week_start + timedelta(days=6),
            end__gte=week_start,
        ).values_list("cadre_id", "start", "end"):
            on_leave.setdefault(cadre_id, set()).update(day for day in workdays if start <= day <= end)
        for row in rows:
            row.available = len(workdays) - len(on_leave.get(row.cadre_id, set()))
        village_stay.objects.bulk_update(rows, ["available"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("frontline", "0002_town_rule_resident_days"),
        ("workdays", "0002_seed_official_years"),
    ]

    operations = [
        migrations.AddField(
            model_name="villagestay",
            name="available",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="可在村工作日"),
        ),
        migrations.RunPython(available_fill, migrations.RunPython.noop),
    ]
