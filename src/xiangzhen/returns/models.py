"""Return templates: a return a town sends up is data — which source it reads and which of the source's
fields go in which column under which header — so a county adds its own form without code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Unit
from xiangzhen.returns.periods import PeriodKind


class ReturnTemplate(models.Model):
    code = models.CharField(_("编号"), max_length=40)
    name = models.CharField(_("报表名称"), max_length=100)
    period = models.CharField(_("报送周期"), max_length=10, choices=PeriodKind.choices)
    source = models.CharField(_("数据来源"), max_length=20)  # a key of returns.sources.SOURCES
    # None: built in, offered to every county; otherwise the county's own form, offered to its towns.
    county = models.ForeignKey(
        Unit, verbose_name=_("县(区、市)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报表模板")
        verbose_name_plural = _("报表模板")
        ordering = ["county_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="one_return_code_per_county"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(county__isnull=True), name="one_builtin_return_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReturnColumn(models.Model):
    template = models.ForeignKey(ReturnTemplate, on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField(_("列序"))
    header = models.CharField(_("表头"), max_length=60)
    field = models.CharField(_("字段"), max_length=40)  # a field name of the template's source

    class Meta:
        verbose_name = _("报表列")
        verbose_name_plural = _("报表列")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="one_return_column_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.header} ← {self.field}"
