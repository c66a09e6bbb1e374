"""Reading the amounts and choices of the 三资 ledgers from forms and spreadsheets, with Chinese messages."""

import re
from decimal import Decimal, InvalidOperation

from django.db import models

from xiangzhen.errors import ValidationFailed

_DECIMAL = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?")
# Larger than any village's assets (万元), land (亩) or contract (元); more is a typing error.
LARGEST_AMOUNT = Decimal("999999999999.99")


def parse_amount(text: str | None, label: str) -> Decimal | None:
    """A non-negative amount with at most two decimals ("1,480.83" is accepted), or None for an empty field."""
    cleaned = (text or "").strip().replace(",", "").replace(",", "")
    if not cleaned:
        return None
    if not _DECIMAL.fullmatch(cleaned):
        raise ValidationFailed(f"{label}应为不小于 0 的数,最多两位小数")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationFailed(f"{label}应为数字") from None
    if value > LARGEST_AMOUNT:
        raise ValidationFailed(f"{label}过大")
    return value


def parse_required_amount(text: str | None, label: str) -> Decimal:
    value = parse_amount(text, label)
    if value is None:
        raise ValidationFailed(f"请填写{label}")
    return value


def choice_by_label(choices: type[models.TextChoices], text: str, label: str) -> str:
    """A choice given by its value ("yearly") or by its Chinese label ("每年"), as spreadsheets write it."""
    text = text.strip()
    for value, display in choices.choices:
        if text in (value, str(display)):
            return str(value)
    allowed = "、".join(str(display) for _, display in choices.choices)
    raise ValidationFailed(f"{label}应为:{allowed}")
