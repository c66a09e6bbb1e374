"""乡镇履行职责事项清单: what a township must do itself, what it helps a county department with, and what the
county has taken back. A task handed down to a town cites one of its items; the list is the town's data,
imported from the county's published spreadsheet, never typed into the code."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.org.models import Unit


class DutyCategory(models.TextChoices):
    BASIC = "basic", _("基本履职事项")
    COOPERATIVE = "cooperative", _("配合履职事项")
    WITHDRAWN = "withdrawn", _("上级收回事项")


class DutyItem(models.Model):
    town = models.ForeignKey(
        Unit, verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="duty_items"
    )
    code = models.CharField(_("编号"), max_length=20)
    category = models.CharField(_("类别"), max_length=12, choices=DutyCategory.choices)
    title = models.CharField(_("事项名称"), max_length=200)
    field = models.CharField(_("领域"), max_length=40, blank=True)
    basis = models.TextField(_("依据"), blank=True)
    # 配合事项: the county department that leads; 收回事项: the department that now does it.
    department = models.CharField(_("牵头或承接部门"), max_length=100, blank=True)
    # An item dropped from a newer list stays for the tasks that cited it, marked no longer current.
    is_current = models.BooleanField(_("现行"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("履职事项")
        verbose_name_plural = _("履职事项清单")
        ordering = ["town", "category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["town", "code"], name="duty_item_unique_code_per_town")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def needs_admission(self) -> bool:
        """A task citing an item the county took back is a task the town should no longer be given."""
        return self.category == DutyCategory.WITHDRAWN
