"""The monthly tallies behind the statistics page: kept by the database's triggers through every change a
request goes through, and read so that the page shows exactly what counting the requests would."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q

from tests.services.factories import REQUIRED, at, intake, make_item
from xiangzhen.services.models import Rating, RequestTally, ServiceRequest
from xiangzhen.services.selectors import service_statistics
from xiangzhen.services.services import (
    IntakeDecision,
    service_request_complete,
    service_request_rate,
    service_request_return,
    service_request_transfer,
)
from xiangzhen.services.tallies import COUNTED, KEY, tallies_rebuild


def stored_tallies() -> list[tuple[object, ...]]:
    rows = (
        RequestTally.objects.exclude(accepted=0, finished=0, rated=0)
        .order_by(*KEY)
        .values_list(*KEY, *COUNTED)
    )
    return [tuple(row) for row in rows]


def counted_from_requests() -> list[tuple[object, ...]]:
    """What a fresh count over the requests and ratings gives (the repair path, `tallies_rebuild`)."""
    tallies_rebuild(connection)
    return stored_tallies()


@pytest.fixture
def worked_requests(township, item):
    """Requests in March and April 2026 at two villages: accepted, completed on time and rated, one noticed
    and returned (a second visit), one transferred to the town, one never accepted."""
    clerk = township.window_staff.user
    completed = intake(clerk, item, township.zhenjiang, now=at(2026, 3, 2))
    service_request_complete(actor=clerk, request=completed, result="已批准", now=at(2026, 3, 4))
    service_request_rate(request=completed, level=5, now=at(2026, 3, 5))
    poorly_rated = intake(clerk, item, township.zhenjiang, now=at(2026, 3, 20))
    service_request_complete(actor=clerk, request=poorly_rated, result="已批准", now=at(2026, 3, 23))
    service_request_rate(request=poorly_rated, level=1, now=at(2026, 3, 24))
    noticed = intake(
        clerk,
        item,
        township.zhenjiang,
        present=["身份证"],
        decision=IntakeDecision.NOTICE,
        now=at(2026, 4, 1),
    )
    service_request_return(officer=clerk, request=noticed, materials_present=REQUIRED, now=at(2026, 4, 3))
    transferred = intake(clerk, item, township.zhenjiang, now=at(2026, 4, 10))
    service_request_transfer(
        actor=clerk, request=transferred, to_unit=township.shengji, reason="需镇里审批", now=at(2026, 4, 13)
    )
    intake(clerk, item, township.zhenjiang, present=[], decision=IntakeDecision.NOTICE, now=at(2026, 4, 15))
    return [completed, poorly_rated, noticed, transferred]


def test_every_change_of_a_request_reaches_its_tally(worked_requests):
    kept = stored_tallies()
    assert kept == counted_from_requests()
    by_month = {(row[0], row[3]): row for row in kept}
    march = [dict(zip(KEY + COUNTED, row, strict=True)) for row in kept if row[3] == date(2026, 3, 1)]
    # Each event counts in its own month: March's two requests were accepted, completed (on time) and rated
    # in March, one of them poorly.
    counted = ("accepted", "completed", "finished", "on_time", "rated", "satisfied")
    assert [tuple(row[name] for name in counted) for row in march] == [(2, 2, 2, 2, 2, 1)]
    # The transferred request counts for the town it went to, filed at the village it came from.
    transferred = worked_requests[3]
    assert (transferred.handling_unit_id, date(2026, 4, 1)) in by_month


def test_deleting_requests_and_ratings_takes_them_back(worked_requests):
    worked_requests[0].rating.delete()
    ServiceRequest.objects.filter(pk=worked_requests[1].pk).update(visits=3, workdays_used=7)
    ServiceRequest.objects.filter(pk=worked_requests[2].pk).delete()
    assert stored_tallies() == counted_from_requests()


def test_the_sweep_writes_no_tally(worked_requests):
    before = stored_tallies()
    ServiceRequest.objects.filter(pk=worked_requests[3].pk).update(alert="yellow")
    assert stored_tallies() == before


def grouped_from_requests(viewer, since, until):
    """The statistics as GROUP BYs over the rows, each event counted in the period by its own date: requests
    accepted, requests completed, ratings given (by the local day)."""
    from xiangzhen.services.selectors import service_request_scope

    scope = service_request_scope(viewer)
    found: dict[int, dict[str, int]] = {}

    def add(rows, key="handling_unit_id"):
        for row in rows:
            counts = found.setdefault(row.pop(key), dict.fromkeys(SHOWN, 0))
            counts.update(row)

    add(
        scope.filter(accepted_on__gte=since, accepted_on__lte=until)
        .values("handling_unit_id")
        .annotate(accepted=Count("id"), completed=Count("id", filter=Q(status="completed")))
        .order_by()
    )
    add(
        scope.filter(status="completed", completed_on__gte=since, completed_on__lte=until)
        .values("handling_unit_id")
        .annotate(
            finished=Count("id"),
            on_time=Count("id", filter=Q(completed_on_time=True)),
            one_visit=Count("id", filter=Q(visits__lte=1)),
        )
        .order_by()
    )
    add(
        Rating.objects.filter(
            request__in=scope,
            created_at__gte=at(since.year, since.month, since.day, 0),
            created_at__lt=at(until.year, until.month, until.day, 0) + timedelta(days=1),
        )
        .values("request__handling_unit_id")
        .annotate(rated=Count("id"), satisfied=Count("id", filter=Q(level__gte=3)))
        .order_by(),
        key="request__handling_unit_id",
    )
    return sorted((unit, *(counts[name] for name in SHOWN)) for unit, counts in found.items())


SHOWN = ("accepted", "completed", "finished", "on_time", "one_visit", "rated", "satisfied")


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (date(2026, 1, 1), date(2026, 12, 31)),  # whole months only
        (date(2026, 3, 10), date(2026, 4, 12)),  # both edge months in part
        (date(2026, 3, 23), date(2026, 3, 23)),  # one day inside one month: a completion
        (date(2026, 3, 31), date(2026, 3, 31)),  # the late request accepted, not yet completed
        (date(2026, 4, 1), date(2026, 4, 30)),  # its completion and rating in April
        (date(2026, 4, 30), date(2026, 4, 30)),  # a rating at 23:30 on the last day of April
        (date(2026, 5, 1), date(2026, 5, 31)),  # and one at 00:30 on the first of May
    ],
)
def test_statistics_from_tallies_equal_counting_the_requests(township, item, worked_requests, since, until):
    clerk = township.window_staff.user
    # Accepted at the end of March, completed and rated in April; two ratings either side of local midnight.
    late = intake(clerk, item, township.zhenjiang, now=at(2026, 3, 31))
    service_request_complete(actor=clerk, request=late, result="已批准", now=at(2026, 4, 2))
    service_request_rate(request=late, level=4, now=at(2026, 4, 30, 23) + timedelta(minutes=30))
    evening = intake(clerk, item, township.zhenjiang, now=at(2026, 4, 20))
    service_request_complete(actor=clerk, request=evening, result="已批准", now=at(2026, 4, 22))
    service_request_rate(request=evening, level=2, now=at(2026, 5, 1, 0) + timedelta(minutes=30))
    assert stored_tallies() == counted_from_requests()
    viewer = township.town_leader.user
    rows = service_statistics(viewer=viewer, since=since, until=until, today=date(2026, 5, 1))
    shown = sorted(
        (
            row.key,
            row.accepted,
            row.completed,
            row.finished,
            row.on_time,
            row.one_visit,
            row.rated,
            row.satisfied,
        )
        for row in rows
    )
    assert shown == grouped_from_requests(viewer, since, until)
    assert shown  # every period above has something to count


def test_a_district_sees_what_was_filed_in_it_and_handled_above(township, worked_requests):
    viewer = township.district_committee.user
    rows = service_statistics(
        viewer=viewer, since=date(2026, 1, 1), until=date(2026, 12, 31), today=date(2026, 5, 1)
    )
    assert {row.name for row in rows} == {township.zhenjiang.name, township.shengji.name}
    assert sum(row.accepted for row in rows) == 4


def test_yellow_and_overdue_are_todays_state_of_the_open_requests(township, worked_requests):
    transferred = worked_requests[3]
    ServiceRequest.objects.filter(pk=transferred.pk).update(alert="yellow")
    rows = service_statistics(
        viewer=township.town_leader.user,
        since=date(2026, 1, 1),
        until=date(2026, 12, 31),
        today=date(2026, 12, 1),
    )
    town = next(row for row in rows if row.key == transferred.handling_unit_id)
    assert (town.yellow_open, town.overdue_open) == (1, 1)


@pytest.fixture
def item(db):
    return make_item()
