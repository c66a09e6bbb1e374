from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xiangzhen.workdays.models import CalendarYear, SpecialDay


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "source", "loaded_at"]

    # A year is published as a whole (page or `load_calendar_year`), which recomputes provisional deadlines.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin[SpecialDay]):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
