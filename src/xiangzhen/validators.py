"""Check-digit validation of Chinese identifiers, shared by every app that records people or organisations."""

import re

from django.core.exceptions import ValidationError

from xiangzhen.errors import ValidationFailed

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARACTERS = "10X98765432"
_CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def resident_id_check_character(first_seventeen: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARACTERS[total % 11]


def validate_resident_id(value: str) -> None:
    """GB 11643 citizen identity number: 17 digits and an ISO 7064 MOD 11-2 check character."""
    if not re.fullmatch(r"\d{17}[\dXx]", value):
        raise ValidationError("身份证号应为 18 位,前 17 位为数字,末位为数字或 X", code="resident_id_format")
    if resident_id_check_character(value[:17]) != value[17].upper():
        raise ValidationError("身份证号校验位不正确,请核对后重新输入", code="resident_id_check")


def credit_code_check_character(first_seventeen: str) -> str:
    total = sum(
        _CREDIT_CODE_ALPHABET.index(character) * weight
        for character, weight in zip(first_seventeen, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return _CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """GB 32100 unified social credit code: 18 characters with a MOD 31 check character."""
    upper = value.upper()
    if len(upper) != 18 or any(character not in _CREDIT_CODE_ALPHABET for character in upper):
        raise ValidationError(
            "统一社会信用代码应为 18 位数字或大写字母(不含 I、O、Z、S、V)", code="credit_code_format"
        )
    if credit_code_check_character(upper[:17]) != upper[17]:
        raise ValidationError("统一社会信用代码校验位不正确", code="credit_code_check")


def validate_mobile(value: str) -> None:
    if not MOBILE_PATTERN.fullmatch(value):
        raise ValidationError("手机号应为 11 位数字,以 1 开头", code="mobile_format")


def mask_resident_id(value: str) -> str:
    return value[:6] + "********" + value[-4:] if len(value) == 18 else "****"


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:] if len(value) == 11 else "****"


def mask_name(value: str) -> str:
    """张*三: the first and last characters stay so a clerk can still tell people apart on a list;
    a two-character name keeps only its surname (张*)."""
    name = value.strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def text_problems(*fields: tuple[str, str, int | None]) -> list[str]:
    """Chinese messages for text a column cannot hold: (label, value, max length or None for TEXT).

    PostgreSQL refuses a NUL byte in any text and a string longer than its VARCHAR; checked here, such
    input is a clear message instead of a database error.
    """
    problems = []
    for label, value, max_length in fields:
        if "\x00" in value:
            problems.append(f"{label}含有无效字符")
        elif max_length is not None and len(value.strip()) > max_length:
            problems.append(f"{label}不能超过 {max_length} 个字")
    return problems


def text_require(*fields: tuple[str, str, int | None]) -> None:
    """Raise ValidationFailed with every message of `text_problems`, so a service changes nothing."""
    problems = text_problems(*fields)
    if problems:
        raise ValidationFailed(";".join(problems))
