from django.contrib import admin

from xiangzhen.accounts.models import FailedLogin


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin[FailedLogin]):
    list_display = ["username", "ip_address", "attempted_at"]
    search_fields = ["username"]
