"""Assessment periods: weeks from Monday, calendar months, quarters and years; end dates are exclusive."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    WEEK = "week", _("周")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年")


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date  # exclusive

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.WEEK:
            year, week, _weekday = self.start.isocalendar()
            last = self.end - timedelta(days=1)
            return f"{year}年第{week}周({self.start:%m.%d}–{last:%m.%d})"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def short_label(self) -> str:
        if self.kind == PeriodKind.WEEK:
            return f"第{self.start.isocalendar()[1]}周"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.month}月"
        return self.label

    def previous(self) -> "Period":
        return period_containing(self.kind, self.start - timedelta(days=1))

    def next(self) -> "Period":
        return period_containing(self.kind, self.end)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: date) -> Period:
    if kind == PeriodKind.WEEK:
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        return Period(kind, start, _add_months(start, 1))
    if kind == PeriodKind.QUARTER:
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, _add_months(start, 3))
    if kind == PeriodKind.YEAR:
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError(f"未知的考核周期:{kind}")


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """Every period of `kind` that overlaps [first, last]."""
    periods = []
    period = period_containing(kind, first)
    while period.start <= last:
        periods.append(period)
        period = period.next()
    return periods


PERIOD_FORMATS = "日期(2026-11-16)、月份(2026-11)、周(2026-W47)、季度(2026-Q4)或年份(2026)"


def period_parse(kind: str, text: str) -> Period:
    """A period of `kind` from what a person types; ValueError with a Chinese message when unreadable."""
    cleaned = (text or "").strip().upper()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return period_containing(kind, date.fromisoformat(cleaned))
        if match := re.fullmatch(r"(\d{4})-W(\d{1,2})", cleaned):
            return period_containing(kind, date.fromisocalendar(int(match[1]), int(match[2]), 1))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", cleaned):
            return period_containing(kind, date(int(match[1]), int(match[2]) * 3 - 2, 1))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", cleaned):
            return period_containing(kind, date(int(match[1]), int(match[2]), 1))
        if re.fullmatch(r"\d{4}", cleaned):
            return period_containing(kind, date(int(cleaned), 1, 1))
    except ValueError:
        pass
    raise ValueError(f"看不懂考核周期“{text}”,请填写{PERIOD_FORMATS}")
