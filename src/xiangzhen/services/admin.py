from django.contrib import admin

from xiangzhen.audit.admin import AuditedAdmin
from xiangzhen.services.models import ServiceItem, ServiceItemMaterial, ServiceWindow


class MaterialInline(admin.TabularInline[ServiceItemMaterial, ServiceItem]):
    model = ServiceItemMaterial
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(AuditedAdmin):
    """The catalogue may be edited item by item here, or replaced from Excel at /services/catalogue/."""

    list_display = ["code", "name", "level", "department", "promised_days", "legal_days", "is_active"]
    list_filter = ["level", "department", "is_active"]
    search_fields = ["code", "name"]
    inlines = [MaterialInline]


@admin.register(ServiceWindow)
class ServiceWindowAdmin(AuditedAdmin):
    """Phone, address and opening hours printed on notices and receipts of requests filed under the unit."""

    list_display = ["name", "unit", "phone", "address", "opening_hours"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]
