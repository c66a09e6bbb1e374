from django.db import models
from django.utils.translation import gettext_lazy as _


class FailedLogin(models.Model):
    """One failed sign-in; enough of them in the lockout window locks the username."""

    username = models.CharField(_("登录名"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        indexes = [models.Index(fields=["username", "attempted_at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.attempted_at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """The running count of failed sign-ins for one username or one client address.

    The count is raised under a row lock *before* the password is checked, so parallel guesses queue on the
    row and no more than the limit are ever evaluated; a successful sign-in gives its reservation back."""

    key = models.CharField(_("对象"), max_length=200, unique=True)  # "user:<username>" or "ip:<address>"
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    last_failure_at = models.DateTimeField(_("最近失败时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录限制")
        verbose_name_plural = _("登录限制")

    def __str__(self) -> str:
        return f"{self.key} {self.failures}"
