"""村务公开: what each village owes per period, on the official calendar, and whether it went up in time."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from xiangzhen.collective.models import Publication, PublicationKind, PublicationRule
from xiangzhen.collective.selectors import publication_quarter
from xiangzhen.collective.services import (
    collective_sweep_alerts,
    publication_publish,
    publication_schedule_open,
)
from xiangzhen.errors import Conflict, PermissionDenied, ValidationFailed
from xiangzhen.workdays.alerts import AlertLevel
from xiangzhen.workdays.calendar import WorkdayCalendar

pytestmark = pytest.mark.django_db


def test_a_month_opens_its_finance_list_and_the_quarters_affairs_list_due_seven_working_days_after(township):
    publication_schedule_open(today=date(2026, 8, 14), villages=[township.gepu])
    finance = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    affairs = Publication.objects.get(village=township.gepu, kind=PublicationKind.AFFAIRS)
    assert (finance.period_start, finance.period_end) == (date(2026, 8, 1), date(2026, 8, 31))
    assert (affairs.period_start, affairs.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    # September 2026: 1–4 and 7–9 are working days.
    assert finance.due_date == date(2026, 9, 9)
    # After 30 September come the National Day holidays: the list is due on the 7th working day after.
    assert affairs.due_date == WorkdayCalendar().add_workdays(date(2026, 9, 30), 7).date
    assert affairs.due_date > date(2026, 10, 8)
    assert finance.title == "葛铺村2026年8月财务公开"
    assert affairs.title == "葛铺村2026年第3季度村务公开"


def test_opening_the_same_period_twice_creates_nothing_twice(township):
    assert publication_schedule_open(today=date(2026, 8, 3), villages=[township.gepu]) == 2
    publication_schedule_open(today=date(2026, 8, 20), villages=[township.gepu])
    assert Publication.objects.filter(village=township.gepu).count() == 2


def test_a_town_may_ask_for_the_affairs_list_every_month(township):
    PublicationRule.objects.create(kind=PublicationKind.AFFAIRS, every_months=1, grace_workdays=3)
    publication_schedule_open(today=date(2026, 8, 14), villages=[township.gepu])
    affairs = Publication.objects.get(village=township.gepu, kind=PublicationKind.AFFAIRS)
    assert (affairs.period_start, affairs.period_end) == (date(2026, 8, 1), date(2026, 8, 31))
    assert affairs.due_date == date(2026, 9, 3)


def test_an_unpublished_list_turns_yellow_when_its_period_ends_and_red_after_its_deadline(township):
    publication_schedule_open(today=date(2026, 8, 14), villages=[township.gepu])
    finance = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    moments = [date(2026, 8, 20), date(2026, 8, 31), date(2026, 9, 10)]
    seen = []
    for day in moments:
        collective_sweep_alerts(now=timezone.make_aware(datetime.combine(day, time(8))))
        finance.refresh_from_db()
        seen.append(finance.alert)
    assert seen == [AlertLevel.NONE, AlertLevel.YELLOW, AlertLevel.RED]


def test_publishing_records_whether_it_was_on_time(township):
    today = timezone.localdate()
    publication_schedule_open(today=today, villages=[township.gepu])
    finance = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    publication_publish(
        actor=township.village_cadre.user,
        publication=finance,
        published_on=today,
        place="村务公开栏",
        content="",
    )
    assert finance.is_published and finance.on_time
    with pytest.raises(Conflict):
        publication_publish(
            actor=township.village_cadre.user,
            publication=finance,
            published_on=today,
            place="村务公开栏",
            content="",
        )


def test_a_late_publication_is_published_but_not_on_time(township):
    publication_schedule_open(today=date(2026, 1, 10), villages=[township.gepu])
    finance = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    publication_publish(
        actor=township.village_cadre.user,
        publication=finance,
        published_on=date(2026, 3, 2),
        place="村务公开栏",
        content="",
    )
    assert finance.is_published and not finance.on_time


def test_publishing_needs_a_place_and_the_permission(township):
    publication_schedule_open(today=timezone.localdate(), villages=[township.gepu, township.zhenjiang])
    finance = Publication.objects.get(village=township.gepu, kind=PublicationKind.FINANCE)
    with pytest.raises(ValidationFailed, match="公开地点"):
        publication_publish(
            actor=township.village_cadre.user,
            publication=finance,
            published_on=timezone.localdate(),
            place=" ",
            content="",
        )
    with pytest.raises(PermissionDenied):
        publication_publish(
            actor=township.township_cadre.user,
            publication=finance,
            published_on=timezone.localdate(),
            place="村务公开栏",
            content="",
        )


def test_the_quarter_board_places_each_list_in_its_month(township):
    for day in (date(2026, 7, 5), date(2026, 8, 5), date(2026, 9, 5)):
        publication_schedule_open(today=day, villages=[township.gepu, township.zhenjiang])
    rows = publication_quarter(viewer=township.village_cadre.user, year=2026, quarter=3)
    assert [row.village for row in rows] == [township.gepu]
    [row] = rows
    assert [publication.period_start.month for publication in row.finance] == [7, 8, 9]
    assert row.affairs is not None and row.affairs.kind == PublicationKind.AFFAIRS
