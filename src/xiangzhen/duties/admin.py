from django.contrib import admin

from xiangzhen.duties.models import DutyItem


@admin.register(DutyItem)
class DutyItemAdmin(admin.ModelAdmin[DutyItem]):
    list_display = ["code", "title", "category", "town", "is_current"]
    list_filter = ["category", "is_current"]
    search_fields = ["code", "title"]
