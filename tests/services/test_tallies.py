"""The monthly tallies behind the statistics page: kept by the database's triggers through every change a
request goes through, and read so that the page shows exactly what counting the requests would."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, Q

from tests.services.factories import REQUIRED, at, intake, make_item
from xiangzhen.services.models import RequestTally, ServiceRequest
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
    rows = RequestTally.objects.exclude(accepted=0, rated=0).order_by(*KEY).values_list(*KEY, *COUNTED)
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
    march = [row for row in kept if row[3] == date(2026, 3, 1)]
    assert [(row[4], row[5], row[11], row[12]) for row in march] == [(2, 2, 2, 1)]
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
    """The statistics as one GROUP BY over the requests accepted in the period, the way it used to be read."""
    from xiangzhen.services.selectors import service_request_scope

    rows = (
        service_request_scope(viewer)
        .filter(accepted_on__gte=since, accepted_on__lte=until)
        .values("handling_unit_id")
        .annotate(
            accepted=Count("id"),
            completed=Count("id", filter=Q(status="completed")),
            on_time=Count("id", filter=Q(completed_on_time=True)),
            one_visit=Count("id", filter=Q(visits__lte=1)),
            rated=Count("rating"),
            satisfied=Count("rating", filter=Q(rating__level__gte=3)),
        )
    )
    return sorted(
        (
            row["handling_unit_id"],
            row["accepted"],
            row["completed"],
            row["on_time"],
            row["one_visit"],
            row["rated"],
            row["satisfied"],
        )
        for row in rows
    )


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (date(2026, 1, 1), date(2026, 12, 31)),  # whole months only
        (date(2026, 3, 10), date(2026, 4, 12)),  # both edge months in part
        (date(2026, 3, 21), date(2026, 3, 21)),  # one day inside one month
        (date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_statistics_from_tallies_equal_counting_the_requests(township, worked_requests, since, until):
    viewer = township.town_leader.user
    rows = service_statistics(viewer=viewer, since=since, until=until, today=date(2026, 5, 1))
    shown = sorted(
        (row.key, row.accepted, row.completed, row.on_time, row.one_visit, row.rated, row.satisfied)
        for row in rows
    )
    assert shown == grouped_from_requests(viewer, since, until)


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
