"""The period a return covers: a month ("2026-03") or a quarter ("2026-Q1")."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhen.errors import ValidationFailed


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("月报")
    QUARTERLY = "quarterly", _("季报")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, included
    code: str  # "2026-03" or "2026-Q1"
    label: str  # "2026年3月" or "2026年第1季度"

    def months(self) -> list[date]:
        """The first day of each month of the period."""
        found, month = [], self.start
        while month <= self.end:
            found.append(month)
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        return found


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    return Period(first, month_end(first), f"{year}-{month:02d}", f"{year}年{month}月")


def quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * quarter - 2, 1)
    last = month_end(date(year, 3 * quarter, 1))
    return Period(first, last, f"{year}-Q{quarter}", f"{year}年第{quarter}季度")


def parse_period(text: str | None, kind: str) -> Period:
    """A month for a monthly return, a quarter for a quarterly one; a clear Chinese message otherwise."""
    value = (text or "").strip()
    if kind == PeriodKind.MONTHLY:
        found = _MONTH.match(value)
        if found is None or not 1 <= int(found.group(2)) <= 12 or not 2000 <= int(found.group(1)) <= 2100:
            raise ValidationFailed(f"月报的期间应为年月,如 2026-03(收到“{value[:20]}”)")
        return month_period(int(found.group(1)), int(found.group(2)))
    found = _QUARTER.match(value)
    if found is None or not 2000 <= int(found.group(1)) <= 2100:
        raise ValidationFailed(f"季报的期间应为年份和季度,如 2026-Q1(收到“{value[:20]}”)")
    return quarter_period(int(found.group(1)), int(found.group(2)))


def recent_periods(kind: str, today: date, count: int = 12) -> list[Period]:
    """The periods offered on the page: the current one, then those before it."""
    if kind == PeriodKind.MONTHLY:
        months = [(today.year * 12 + today.month - 1) - back for back in range(count)]
        return [month_period(number // 12, number % 12 + 1) for number in months]
    quarter_number = today.year * 4 + (today.month - 1) // 3
    return [quarter_period((n := quarter_number - back) // 4, n % 4 + 1) for back in range(count // 2)]
