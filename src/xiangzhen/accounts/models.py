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
