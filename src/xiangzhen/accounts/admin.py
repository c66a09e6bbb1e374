from django.contrib import admin

from xiangzhen.accounts.models import FailedLogin, LoginThrottle


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin[FailedLogin]):
    list_display = ["username", "ip_address", "attempted_at"]
    search_fields = ["username"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin[LoginThrottle]):
    list_display = ["key", "failures", "last_failure_at"]
    search_fields = ["key"]
