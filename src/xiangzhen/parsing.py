"""Reading ids, numbers, dates and years from query strings and form posts.

One place so that every page answers bad input the same way: a `ValidationFailed` with a Chinese message
(shown on the page, or a 422 in the API) instead of a 500. `str.isdigit()` is not used: it accepts "²"
and other Unicode digits that `int()` then refuses.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from xiangzhen.errors import ValidationFailed

# Database integer columns are signed 64-bit at most; an id past that can match nothing.
LARGEST_ID = 2**63 - 1
EARLIEST_DATE = date(2000, 1, 1)
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")


def parse_integer(text: str | None, label: str, *, minimum: int, maximum: int) -> int | None:
    """An integer in [minimum, maximum], or None for an empty field."""
    text = (text or "").strip()
    if not text:
        return None
    if not _ASCII_INTEGER.fullmatch(text):
        raise ValidationFailed(f"{label}应为整数")
    value = int(text)
    if not minimum <= value <= maximum:
        raise ValidationFailed(f"{label}应在 {minimum} 到 {maximum} 之间")
    return value


def parse_id(text: str | None, label: str = "编号") -> int | None:
    """A database id (a positive integer), or None for an empty field."""
    return parse_integer(text, label, minimum=1, maximum=LARGEST_ID)


def parse_required_id(text: str | None, label: str = "编号") -> int:
    value = parse_id(text, label)
    if value is None:
        raise ValidationFailed(f"请选择{label}")
    return value


def parse_year(text: str | None, label: str = "年份") -> int | None:
    return parse_integer(text, label, minimum=EARLIEST_YEAR, maximum=LATEST_YEAR)


def parse_date(
    text: str | None,
    label: str = "日期",
    *,
    earliest: date = EARLIEST_DATE,
    latest: date | None = None,
    not_in_future: bool = False,
) -> date | None:
    """An ISO date (2026-11-25) within sensible bounds, or None for an empty field."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"{label}格式不正确,应为 年-月-日,如 2026-11-25") from None
    if not_in_future:
        today = timezone.localdate()
        latest = today if latest is None else min(latest, today)
    if value < earliest:
        raise ValidationFailed(f"{label}不能早于 {earliest.isoformat()}")
    if latest is not None and value > latest:
        raise ValidationFailed(f"{label}不能晚于 {latest.isoformat()}")
    return value


def parse_required_date(
    text: str | None,
    label: str = "日期",
    *,
    earliest: date = EARLIEST_DATE,
    latest: date | None = None,
    not_in_future: bool = False,
) -> date:
    value = parse_date(text, label, earliest=earliest, latest=latest, not_in_future=not_in_future)
    if value is None:
        raise ValidationFailed(f"请填写{label}")
    return value


def parse_datetime(text: str | None, label: str = "时间") -> datetime | None:
    """An ISO date-time (as written by the page itself into pagination links), or None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"{label}格式不正确") from None
    if value.year < EARLIEST_YEAR or value.year > LATEST_YEAR:
        raise ValidationFailed(f"{label}超出范围")
    return value


_SEARCH_SEPARATORS = re.compile(r"[\s\-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS_AND_X = re.compile(r"[0-9X]+")
SEARCH_NAME_MAX_LENGTH = 50


@dataclass(frozen=True)
class SearchText:
    """What was typed in a one-box search of people's records, with spaces and dashes removed.

    A mobile number or 身份证号 is recognised only whole; anything else made of digits is a partial number,
    which callers refuse rather than match as a prefix: a partial search would tell anyone at the counter
    who holds which number.
    """

    value: str  # upper-cased: codes and numbers
    name: str  # as typed: a person's name is compared whole

    @property
    def mobile(self) -> str | None:
        return self.value if _MOBILE.fullmatch(self.value) else None

    @property
    def resident_id(self) -> str | None:
        return self.value if _RESIDENT_ID.fullmatch(self.value) else None

    @property
    def is_partial_number(self) -> bool:
        return bool(_DIGITS_AND_X.fullmatch(self.value)) and not (self.mobile or self.resident_id)

    def checked_name(self) -> str:
        if len(self.value) > SEARCH_NAME_MAX_LENGTH:
            raise ValidationFailed(f"姓名不能超过 {SEARCH_NAME_MAX_LENGTH} 个字")
        return self.name


def parse_search(text: str) -> SearchText:
    name = _SEARCH_SEPARATORS.sub("", text)
    return SearchText(value=name.upper(), name=name)
