from datetime import date

import pytest
from django.http import QueryDict

from xiangzhen.audit.models import AuditEvent
from xiangzhen.collective.models import Contract
from xiangzhen.web.pagination import CURSOR, _field, cursor_values, encode_cursor, filters_active, keyset_page

pytestmark = pytest.mark.django_db


def query(**values: str) -> QueryDict:
    result = QueryDict(mutable=True)
    for name, value in values.items():
        result[name] = value
    return result


def test_a_cursor_reads_back_as_the_values_it_was_made_of():
    fields = [_field(Contract, "village"), _field(Contract, "ends_on"), _field(Contract, "id")]
    cursor = encode_cursor([12, date(2027, 3, 1), 99])
    assert cursor_values(query(**{CURSOR: cursor}), fields) == [12, date(2027, 3, 1), 99]


@pytest.mark.parametrize(
    "values",
    [
        ["x", "2027-03-01", 1],  # not an id
        [1, "2027-02-30", 1],  # not a date
        [1, "2027-03-01"],  # too few values
        [1, "2027-03-01", 2**64],  # past 64 bits
        [1, "2027-03-01", None],
        [1, "2027-03-01", True],
        [1, "2027-03-01\x00", 1],
    ],
)
def test_a_cursor_that_is_not_one_of_ours_means_page_one(values):
    fields = [_field(Contract, "village"), _field(Contract, "ends_on"), _field(Contract, "id")]
    assert cursor_values(query(**{CURSOR: encode_cursor(values)}), fields) is None


@pytest.mark.parametrize("raw", ["garbage", "!!!", "e30", "W10", "²", "x" * 2000, "WzFd" * 3])
def test_garbage_cursors_mean_page_one(raw):
    assert cursor_values(query(**{CURSOR: raw}), [_field(Contract, "id")]) is None


def test_filters_are_any_set_parameter_but_the_cursor_and_the_export_switch():
    assert not filters_active(query())
    assert not filters_active(query(status="", after="abc", format="xlsx"))
    assert filters_active(query(status="active"))


def test_pages_follow_the_keys_with_ties_broken_by_id(django_user_model):
    user = django_user_model.objects.create(username="auditor")
    for number in range(7):
        AuditEvent.objects.create(
            actor=user,
            actor_name="a",
            action=f"x.{number % 2}",
            object_type="t",
            object_id="1",
            object_repr="r",
        )
    seen: list[int] = []
    current = query(object_type="t")
    while True:
        page = keyset_page(AuditEvent.objects.all(), current, keys=("action", "-id"), size=3)
        seen += [event.pk for event in page.rows]
        if not page.next_query:
            break
        assert "object_type=t" in page.next_query
        current = QueryDict(page.next_query.lstrip("?"))
    events = AuditEvent.objects.order_by("action", "-id")
    assert seen == [event.pk for event in events]
    last = keyset_page(AuditEvent.objects.all(), current, keys=("action", "-id"), size=3)
    assert last.first_query == "?object_type=t"


@pytest.mark.parametrize("keys", [("acquired_on", "id"), ("-acquired_on", "-id")])
def test_empty_values_of_a_nullable_key_come_last_and_no_row_is_lost(township, keys):
    from xiangzhen.collective.models import CollectiveAsset

    CollectiveAsset.objects.bulk_create(
        CollectiveAsset(
            village=township.gepu,
            name=f"资产{number}",
            kind="building",
            value=1,
            acquired_on=None if number % 3 == 0 else date(2020, 1, 1 + number % 4),
            created_by=township.town_leader.user,
        )
        for number in range(11)
    )
    seen: list[int] = []
    current = query()
    while True:
        page = keyset_page(CollectiveAsset.objects.all(), current, keys=keys, size=2)
        seen += [asset.pk for asset in page.rows]
        if not page.next_query:
            break
        current = QueryDict(page.next_query.lstrip("?"))
    assert sorted(seen) == sorted(CollectiveAsset.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 11
    dates = [CollectiveAsset.objects.get(pk=pk).acquired_on for pk in seen]
    assert dates[-4:] == [None] * 4
    known = [day for day in dates if day is not None]
    assert known == sorted(known, reverse=keys[0].startswith("-"))
