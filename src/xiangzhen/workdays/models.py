from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar 软件包")
    ADMINISTRATOR = "administrator", _("管理员录入")
    IMPORT = "import", _("文件导入")


class CalendarYear(models.Model):
    """A year whose official holiday arrangement (国务院办公厅通知) has been loaded."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("官方日历年份")
        verbose_name_plural = _("官方日历年份")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日(放假)")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班日")


class SpecialDay(models.Model):
    """A day that departs from the Monday-to-Friday week: a holiday, or a weekend day worked instead (调休)."""

    date = models.DateField(_("日期"), primary_key=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
