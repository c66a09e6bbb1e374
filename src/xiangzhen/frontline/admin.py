from django.contrib import admin

from xiangzhen.frontline.models import TownRule


@admin.register(TownRule)
class TownRuleAdmin(admin.ModelAdmin[TownRule]):
    list_display = ["town", "sign_in_by", "stay_days_per_week"]
