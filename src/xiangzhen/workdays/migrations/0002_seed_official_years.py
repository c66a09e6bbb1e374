"""Seed every year the installed chinese-calendar package knows, so deadlines work from the first start."""

import chinese_calendar
from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    calendar_year = apps.get_model("workdays", "CalendarYear")
    special_day = apps.get_model("workdays", "SpecialDay")
    special_day.objects.bulk_create(
        [
            special_day(date=day, kind="holiday", name=NAMES.get(name, name))
            for day, name in chinese_calendar.holidays.items()
        ]
        + [
            special_day(date=day, kind="makeup_workday", name=NAMES.get(name, name) + "调休")
            for day, name in chinese_calendar.workdays.items()
        ],
        ignore_conflicts=True,
    )
    years = sorted({day.year for day in chinese_calendar.holidays})
    calendar_year.objects.bulk_create(
        [calendar_year(year=year, source="package") for year in years], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
