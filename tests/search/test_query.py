"""What was typed is classified once for every domain."""

import pytest

from tests.services.factories import resident_id
from xiangzhen.errors import ValidationFailed
from xiangzhen.search.query import QUERY_MAX_LENGTH, QueryKind, classify

ID_NUMBER = resident_id()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (ID_NUMBER, QueryKind.RESIDENT_ID, ID_NUMBER),
        (ID_NUMBER[:17] + ID_NUMBER[17].lower(), QueryKind.RESIDENT_ID, ID_NUMBER),
        ("139 8501 2345", QueryKind.PHONE, "13985012345"),
        ("139-8501-2345", QueryKind.PHONE, "13985012345"),
        ("abcd234567", QueryKind.CODE, "ABCD234567"),
        ("JF12", QueryKind.CODE, "JF12"),
        ("HT-2026-01", QueryKind.CODE, "HT202601"),
        ("李秀兰", QueryKind.NAME, "李秀兰"),
        (" 李 秀兰 ", QueryKind.NAME, "李秀兰"),
    ],
)
def test_it_classifies_what_was_typed(text, kind, value):
    query = classify(text)
    assert (query.kind, query.value) == (kind, value)


def test_only_a_search_by_resident_id_is_sensitive():
    assert classify(ID_NUMBER).is_sensitive
    assert not classify("13985012345").is_sensitive
    assert not classify("李秀兰").is_sensitive


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入"),
        ("   ", "请输入"),
        ("李" * (QUERY_MAX_LENGTH + 1), f"不能超过 {QUERY_MAX_LENGTH} 个字"),
        ("1398501", "不支持按部分号码查询"),
        ("520502198001010019"[:17] + "0", "校验位"),
        ("李\x00", "无效字符"),
    ],
)
def test_it_refuses_a_query_it_cannot_answer_with_a_chinese_message(text, message):
    with pytest.raises(ValidationFailed, match=message):
        classify(text)
