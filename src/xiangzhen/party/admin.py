from django.contrib import admin

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.party.models import ActivityRule


@admin.register(ActivityRule)
class ActivityRuleAdmin(AuditedAdmin):
    """The default frequencies (支部工作条例) are edited here; a branch's own rule on its page."""

    list_display = ["kind", "branch", "period", "times", "yellow_workdays", "red_workdays", "basis"]
    list_filter = ["kind", "period"]
