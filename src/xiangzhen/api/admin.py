from django.contrib import admin

from xiangzhen.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "name", "created_at", "revoked_at"]
    readonly_fields = ["digest"]
