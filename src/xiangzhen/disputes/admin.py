from django.contrib import admin

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.disputes.models import DisputeCategory


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(AuditedAdmin):
    """The category list is edited here; disputes themselves change only through the register's services."""

    list_display = ["name", "default_workdays", "is_active"]
    list_editable = ["default_workdays", "is_active"]
