"""The clock itself: a bulk UPDATE is caught up by the next sweep, an extended deadline is announced afresh, an
urgent row is announced when yellow, and the sweep is set-based."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from tests.assistance.factories import register
from tests.clock.conftest import at
from tests.factories import make_cadre
from tests.services.factories import intake, make_item
from xiangzhen.clock.models import Obligation
from xiangzhen.clock.registry import KINDS, ObligationKind
from xiangzhen.clock.rows import columns, source_link
from xiangzhen.clock.services import clock_sweep
from xiangzhen.disputes.models import DisputeCategory
from xiangzhen.disputes.services import Party, dispute_register
from xiangzhen.org.models import CadreRole
from xiangzhen.services.models import Notification
from xiangzhen.supervision.models import Task
from xiangzhen.supervision.services import task_create
from xiangzhen.workdays.alerts import AlertLevel

d = date


ACCEPTED = d(2026, 3, 30)


def _task(township, title="修复镇江村水毁道路", on=ACCEPTED, limit=5):
    return task_create(
        actor=township.town_leader.user,
        title=title,
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=limit,
        now=at(on),
    )


def _sweep(day: date, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        return clock_sweep(now=at(day, hour))


def _red_notices(user, link):
    return Notification.objects.filter(recipient=user, link=link, message__startswith="红牌").count()


def test_a_bulk_update_of_the_source_is_caught_up_by_the_next_sweep(township):
    task = _task(township)  # due 7 April
    row = Obligation.objects.get(
        kind="supervision.task", source_id=task.pk
    )  # the create's signal put it there
    assert row.due_date == d(2026, 4, 7)
    # A data fix: no signal, no audit.
    Task.objects.filter(pk=task.pk).update(
        due_date=d(2026, 4, 20), yellow_from=d(2026, 4, 17), title="修复镇江村水毁道路(含涵洞)"
    )
    row.refresh_from_db()
    assert row.due_date == d(2026, 4, 7)
    _sweep(d(2026, 4, 8))
    row.refresh_from_db()
    assert (row.due_date, row.yellow_from, row.title) == (
        d(2026, 4, 20),
        d(2026, 4, 17),
        "修复镇江村水毁道路(含涵洞)",
    )
    assert row.alert == AlertLevel.NONE
    # Closed by a bulk update: gone after the sweep.
    Task.objects.filter(pk=task.pk).update(status="done")
    assert Obligation.objects.filter(pk=row.pk).exists()
    _sweep(d(2026, 4, 9))
    assert not Obligation.objects.filter(pk=row.pk).exists()


def test_an_extended_deadline_resets_a_red_row_which_is_announced_again_only_when_red_again(township):
    owner = township.township_cadre.user
    task = _task(township)  # due 7 April
    link = f"/supervision/tasks/{task.pk}/"
    _sweep(d(2026, 4, 8))
    row = Obligation.objects.get(kind="supervision.task", source_id=task.pk)
    assert row.alert == AlertLevel.RED and _red_notices(owner, link) == 1
    # The leader grants two more weeks (a bulk UPDATE, as a recomputation does).
    Task.objects.filter(pk=task.pk).update(due_date=d(2026, 4, 21), yellow_from=d(2026, 4, 20))
    _sweep(d(2026, 4, 8), 10)
    row.refresh_from_db()
    assert row.alert == AlertLevel.NONE and row.due_date == d(2026, 4, 21)
    _sweep(d(2026, 4, 15))
    _sweep(d(2026, 4, 20))
    row.refresh_from_db()
    assert row.alert == AlertLevel.YELLOW and _red_notices(owner, link) == 1
    _sweep(d(2026, 4, 22))
    row.refresh_from_db()
    assert row.alert == AlertLevel.RED and _red_notices(owner, link) == 2
    _sweep(d(2026, 4, 23))
    assert _red_notices(owner, link) == 2


def test_a_title_change_keeps_the_notified_level(township):
    task = _task(township)
    _sweep(d(2026, 4, 8))
    Task.objects.filter(pk=task.pk).update(title="新的名称")
    _sweep(d(2026, 4, 8), 10)
    row = Obligation.objects.get(kind="supervision.task", source_id=task.pk)
    assert row.alert == AlertLevel.RED and row.title == "新的名称"
    assert _red_notices(township.township_cadre.user, row.link) == 1


@pytest.fixture
def urgent_kind(monkeypatch):
    """Tasks as an urgent kind: what a later app registers through the same hook."""

    def rows(today):
        return Task.objects.filter(status__in=["todo", "in_progress"]).values(
            **columns(
                unit="owner_unit_id",
                owner="owner__user_id",
                title="title",
                link=source_link("/supervision/tasks/"),
                due_date="due_date",
                yellow_from="yellow_from",
                urgent=Value(True),
            )
        )

    kind = ObligationKind(name="test.urgent", label="急办", source_model=Task, rows=rows)
    monkeypatch.setitem(KINDS, kind.name, kind)
    return kind


def test_an_urgent_row_is_announced_when_it_turns_yellow(township, urgent_kind):
    owner = township.township_cadre.user
    task = _task(township)  # yellow 3 April, due 7 April
    link = f"/supervision/tasks/{task.pk}/"
    _sweep(d(2026, 4, 2))
    row = Obligation.objects.get(kind="test.urgent", source_id=task.pk)
    assert row.urgent and Notification.objects.filter(recipient=owner, link=link).count() == 0
    _sweep(d(2026, 4, 3))
    # The urgent row is announced at once; the plain task of the same source waits for the digest.
    assert list(
        Notification.objects.filter(recipient=owner, link=link).values_list("message", flat=True)
    ) == ["紧急:急办临近期限 · 修复镇江村水毁道路(期限 2026-04-07)"]
    _sweep(d(2026, 4, 3), 10)
    assert Notification.objects.filter(recipient=owner, link=link).count() == 1
    _sweep(d(2026, 4, 8))
    assert _red_notices(owner, link) == 2  # the urgent row and the task, each once


def _rows_of_every_rows_kind(township, count: int, first: int) -> None:
    """`count` each of tasks, requests, disputes and households, all due before 8 April."""
    leader = township.town_leader.user
    category = DisputeCategory.objects.get(name="邻里")
    item = make_item(code=f"T-{first}", promised_days=5)
    for number in range(first, first + count):
        _task(township, title=f"督办{number}", on=d(2026, 3, 23))
        intake(township.window_staff.user, item, township.zhenjiang, now=at(d(2026, 3, 23)))
        dispute_register(
            actor=leader,
            title=f"纠纷{number}",
            summary="情况",
            place=township.zhenjiang,
            category=category,
            risk_level="general",
            source="visit",
            responsible=township.township_cadre,
            parties=[Party("李四光")],
            limit_workdays=5,
            now=at(d(2026, 3, 23)),
        )
        if number % 5 == 0:  # a cadre pairs with at most 5 households
            helper = make_cadre(
                f"帮扶{number}", CadreRole.TOWNSHIP_CADRE, township.shengji, f"helper{number}"
            )
        with time_machine.travel(at(d(2026, 3, 23)), tick=False):
            register(leader, township.zhenjiang, helper, head=f"敖{number}", publicity_from=d(2026, 3, 23))


def _forget_colours() -> None:
    """Back to uncoloured, so the next sweep colours (and announces) every row again."""
    from django.apps import apps

    for model in apps.get_models():
        if model is Obligation or any(field.name == "alert_changed_at" for field in model._meta.fields):
            model._default_manager.update(alert=AlertLevel.NONE, alert_changed_at=None)


def test_the_sweep_is_set_based(township, django_assert_max_num_queries):
    """The statements of one sweep do not grow with the rows: 5 of each kind, then 50, each turning red."""
    moment = at(d(2026, 4, 8))
    _rows_of_every_rows_kind(township, 5, 0)
    _sweep(d(2026, 4, 8), 8)  # opens this period's publications, so both measured sweeps do the same work
    _forget_colours()
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as few:
        assert clock_sweep(now=at(d(2026, 4, 8), 10)).red >= 20
    _rows_of_every_rows_kind(township, 45, 5)
    _forget_colours()
    with time_machine.travel(moment, tick=False), django_assert_max_num_queries(len(few)) as many:
        assert clock_sweep(now=at(d(2026, 4, 8), 11)).red >= 200
    assert len(many) == len(few)
    assert Obligation.objects.filter(alert=AlertLevel.RED).count() >= 200
    assert (
        Notification.objects.filter(message__startswith="红牌", created_at=at(d(2026, 4, 8), 11)).count()
        >= 150
    )


def test_the_sweep_counts_what_it_changed_and_audits_it(township):
    from xiangzhen.audit.models import AuditEvent

    _task(township)
    assert _sweep(d(2026, 4, 2)).summary() == "期限扫描:新增红牌 0 项、黄牌 0 项,即时通知 0 条"
    before = AuditEvent.objects.filter(action="obligation.sweep").count()
    result = _sweep(d(2026, 4, 8))
    assert (result.red, result.notified) == (1, 1)
    assert AuditEvent.objects.filter(action="obligation.sweep").count() == before + 1
    assert _sweep(d(2026, 4, 8), 10).red == 0
    assert d(2026, 4, 8) - timedelta(days=1) == Obligation.objects.get(kind="supervision.task").due_date
