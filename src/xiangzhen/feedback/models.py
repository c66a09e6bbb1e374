"""投诉建议: what anyone signed in tells the county about the system, and the county's reply.

国办函〔2026〕12号 asks every government app for an in-app complaint and suggestion entry; the base template
links here from every page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    page = models.CharField(_("所在页面"), max_length=200, blank=True)
    body = models.TextField(_("投诉建议"))
    submitted_at = models.DateTimeField(_("提交时间"))
    reply = models.TextField(_("答复"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # The submitter's notice: a reply not yet read is shown as new on their list.
    reply_read = models.BooleanField(_("答复已读"), default=False)

    class Meta:
        verbose_name = _("投诉建议")
        verbose_name_plural = _("投诉建议")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["submitter", "-submitted_at"])]

    def __str__(self) -> str:
        return self.body[:40]
