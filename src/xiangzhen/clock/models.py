"""The one clock: every dated obligation of every app, registered in one table.

A row is what someone must do by a date: its kind (which app and rule), its source record, the unit it
belongs to (for jurisdiction), the person answerable (or, for a decision waiting, the action whoever may
take it needs), its due date and the day it turns yellow. Rows are derived from the apps' records by
`clock.services.obligations_sync` (on every write of a watched model, and in full by the sweep), so the table
holds open obligations only: a closed one is deleted, its history stays in its app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.workdays.alerts import AlertLevel


class Obligation(models.Model):
    kind = models.CharField(_("类型"), max_length=40)
    # Unique within the kind: the source id, or the source id and what is due ("12/党员大会/2026Q4").
    key = models.CharField(_("键"), max_length=80)
    source_id = models.BigIntegerField(_("来源记录"))
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("单位"))
    # A copy of the unit's materialized path: jurisdiction is a range scan on this table's own index.
    unit_path = models.CharField(max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("责任人"),
    )
    # Waiting for whoever may take this action over the unit (核验、审核、记录组织生活 ...), beside or
    # instead of one owner.
    action = models.CharField(_("待办理"), max_length=40, blank=True)
    title = models.CharField(_("事项"), max_length=200)
    link = models.CharField(_("链接"), max_length=200)
    due_date = models.DateField(_("期限"))
    yellow_from = models.DateField(_("预警日期"))
    urgent = models.BooleanField(_("紧急"), default=False)
    # The level the sweep last notified: colour on a page is computed from the dates, this column only
    # remembers which change was already announced.
    alert = models.CharField(_("督办"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.NONE)
    alert_changed_at = models.DateTimeField(_("预警变化时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待办期限")
        verbose_name_plural = _("待办期限")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="obligation_unique_key")]
        indexes = [
            models.Index(fields=["owner", "due_date"], name="obligation_owner_due"),
            models.Index(fields=["unit_path", "due_date"], name="obligation_unit_due"),
            models.Index(fields=["kind", "source_id"], name="obligation_kind_source"),
            models.Index(fields=["due_date"], condition=~Q(alert="red"), name="obligation_not_red_due"),
        ]

    def __str__(self) -> str:
        return f"{self.title}(期限 {self.due_date})"
