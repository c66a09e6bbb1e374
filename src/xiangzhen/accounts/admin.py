from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from xiangzhen.accounts.models import FailedLogin, LoginThrottle


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin[FailedLogin]):
    list_display = ["username", "ip_address", "attempted_at"]
    search_fields = ["username"]


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin[LoginThrottle]):
    list_display = ["key", "failures", "last_failure_at"]
    search_fields = ["key"]


class AccountAdmin(UserAdmin[User]):
    """Django's user admin, except that only a superuser may grant superuser status, staff status, groups or
    model permissions: a staff member editing accounts must not raise anyone, themself included, above the
    role table."""

    privilege_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if getattr(request.user, "is_superuser", False):
            return readonly
        return readonly + self.privilege_fields


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
