"""What was typed in the header's search box, and what kind of thing it is.

One classification for every domain, so a phone number is a phone number in the request queue, the dispute
register and the household list alike:

* an 18-character 身份证号 (with a valid check character) is matched whole and only whole; the search is
  audited, since it tells the searcher which records belong to one citizen;
* an 11-digit mobile number is matched whole: a part of a number is refused, as in the queue's own search,
  because a partial search would tell anyone at the counter who holds which number;
* Latin letters and digits are a code: a request's 查询码, a dispute's number (JF123), a
  contract's number;
* anything else is a name: a resident's, a household head's or a counterparty's, matched from its start
  first, then anywhere inside it.
"""

import re
from dataclasses import dataclass

from django.db import models

from xiangzhen.errors import ValidationFailed
from xiangzhen.validators import mask_resident_id, resident_id_check_character

QUERY_MAX_LENGTH = 50
_SEPARATORS = re.compile(r"[\s\-]+")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DIGITS = re.compile(r"[0-9]+")
_CODE = re.compile(r"[A-Z0-9#.]+")


class QueryKind(models.TextChoices):
    RESIDENT_ID = "resident_id", "身份证号"
    PHONE = "phone", "手机号"
    CODE = "code", "编号"
    NAME = "name", "姓名"


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed, trimmed: a contract's number is compared as written
    kind: QueryKind
    value: str  # normalized: spaces and dashes removed; codes and numbers upper-cased

    @property
    def shown(self) -> str:
        """What the page and the API repeat back: a 身份证号 masked like on every list."""
        return mask_resident_id(self.value) if self.kind == QueryKind.RESIDENT_ID else self.text

    @property
    def is_sensitive(self) -> bool:
        """A search by 身份证号 is a look-up of one identified citizen: it is audited."""
        return self.kind == QueryKind.RESIDENT_ID


def classify(text: str | None) -> SearchQuery:
    trimmed = (text or "").strip()
    if "\x00" in trimmed:
        raise ValidationFailed("搜索内容含有无效字符")
    if len(trimmed) > QUERY_MAX_LENGTH:
        raise ValidationFailed(f"搜索内容不能超过 {QUERY_MAX_LENGTH} 个字")
    compact = _SEPARATORS.sub("", trimmed)
    if not compact:
        raise ValidationFailed("请输入查询码、姓名、手机号或身份证号")
    upper = compact.upper()
    if _RESIDENT_ID.fullmatch(upper):
        if resident_id_check_character(upper[:17]) != upper[17]:
            raise ValidationFailed("身份证号校验位不正确,请核对后重新输入")
        return SearchQuery(trimmed, QueryKind.RESIDENT_ID, upper)
    if _MOBILE.fullmatch(upper):
        return SearchQuery(trimmed, QueryKind.PHONE, upper)
    if _DIGITS.fullmatch(upper) and len(upper) >= 6:
        raise ValidationFailed("请输入完整的 11 位手机号或 18 位身份证号,不支持按部分号码查询")
    if _CODE.fullmatch(upper):
        return SearchQuery(trimmed, QueryKind.CODE, upper)
    return SearchQuery(trimmed, QueryKind.NAME, compact)
