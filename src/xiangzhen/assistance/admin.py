from django.contrib import admin

from xiangzhen.assistance.models import AssistanceRule, Cause, MonitoringLine
from xiangzhen.audit.admin import AuditedAdmin


@admin.register(MonitoringLine)
class MonitoringLineAdmin(AuditedAdmin):
    list_display = ["year", "province_code", "amount", "note"]


@admin.register(AssistanceRule)
class AssistanceRuleAdmin(AuditedAdmin):
    """A town's own numbers (公示 days, exit periods, pairing load); households change only through services."""

    list_display = [
        "__str__",
        "publicity_days",
        "stable_income_months",
        "monitored_months",
        "cadre_households",
    ]


@admin.register(Cause)
class CauseAdmin(AuditedAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
