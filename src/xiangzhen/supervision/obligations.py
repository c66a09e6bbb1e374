"""Supervised tasks, their verification and the fortnightly joint meeting on the one clock."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max, QuerySet, Value
from django.db.models.functions import Coalesce, Concat

from xiangzhen.clock.expressions import AddDays
from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import NO_OWNER, columns, source_link
from xiangzhen.org.models import CadreRole, Unit
from xiangzhen.org.permissions import Action
from xiangzhen.supervision.models import (
    JOINT_MEETING_INTERVAL_DAYS,
    RUNNING_TASK_STATUSES,
    Admission,
    Meeting,
    MeetingKind,
    Task,
    TaskStatus,
)

# A task reported done waits this many calendar days for its verification before the verification is late.
VERIFICATION_DAYS = 3
# A task handed to a town outside its 履职事项清单 waits this many calendar days for the county's 准入 review:
# within a week the town knows whether the work is really its own.
ADMISSION_REVIEW_DAYS = 7


def _running(today: date) -> "QuerySet[Any]":
    return Task.objects.filter(status__in=RUNNING_TASK_STATUSES).values(
        **columns(
            unit="owner_unit_id",
            owner="owner__user_id",
            title="title",
            link=source_link("/supervision/tasks/"),
            due_date="due_date",
            yellow_from="yellow_from",
        )
    )


def _awaiting_verification(today: date) -> "QuerySet[Any]":
    return Task.objects.filter(status=TaskStatus.AWAITING_VERIFICATION).values(
        **columns(
            unit="owner_unit_id",
            owner="supervisor_id",
            title=Concat(Value("核验:"), "title"),
            link=source_link("/supervision/tasks/"),
            due_date=AddDays(Coalesce("completed_on", "assigned_on"), VERIFICATION_DAYS),
        )
    )


def _awaiting_admission(today: date) -> "QuerySet[Any]":
    return Task.objects.filter(admission=Admission.PENDING, status__in=RUNNING_TASK_STATUSES).values(
        **columns(
            unit="owner_unit_id",
            owner=NO_OWNER,
            title=Concat(Value("准入审核:"), "title"),
            link=source_link("/supervision/tasks/"),
            due_date=AddDays("assigned_on", ADMISSION_REVIEW_DAYS),
        )
    )


def _colour(today: date, stamp: datetime) -> object:
    from xiangzhen.supervision.services import task_sweep_alerts

    return task_sweep_alerts(now=stamp)


register(
    ObligationKind(
        name="supervision.task",
        label="督办事项",
        source_model=Task,
        rows=_running,
        watch={Task: lambda task: [task.pk]},
        colour_source=_colour,
    )
)
register(
    ObligationKind(
        name="supervision.admission",
        label="准入审核",
        source_model=Task,
        rows=_awaiting_admission,
        watch={Task: lambda task: [task.pk]},
        action=Action.REVIEW_ADMISSION,
        roles=frozenset({CadreRole.COUNTY_SUPERVISOR}),
        counted_in="自然日",
    )
)
register(
    ObligationKind(
        name="supervision.verification",
        label="待核验",
        source_model=Task,
        rows=_awaiting_verification,
        watch={Task: lambda task: [task.pk]},
        action=Action.VERIFY_TASKS,
        roles=frozenset({CadreRole.TOWN_LEADER, CadreRole.DISTRICT_COMMITTEE}),
        yellow_days=1,
        counted_in="自然日",
    )
)


def _next_joint_meetings(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    """Each unit that holds joint meetings (a town, a 片区) owes the next one two weeks after the last: red
    once missed."""
    # A meeting dated later is the agenda's plan, not a meeting held: it counts from its day on.
    meetings = Meeting.objects.filter(kind=MeetingKind.JOINT, held_on__lte=today)
    if ids is not None:
        meetings = meetings.filter(unit__in=ids)
    last_held = meetings.values("unit_id", "unit__name").annotate(last=Max("held_on"))
    return [
        {
            "key": str(row["unit_id"]),
            "source_id": row["unit_id"],
            "unit_id": row["unit_id"],
            "owner_id": None,
            "title": f"{row['unit__name']}联席会议(上次 {row['last']:%m月%d日})",
            "link": f"/supervision/agenda/{row['unit_id']}/",
            "due_date": row["last"] + timedelta(days=JOINT_MEETING_INTERVAL_DAYS),
            "yellow_from": row["last"] + timedelta(days=JOINT_MEETING_INTERVAL_DAYS - 3),
            "urgent": False,
        }
        for row in last_held
    ]


register(
    ObligationKind(
        name="supervision.joint_meeting",
        label="联席会议",
        source_model=Unit,
        computed=_next_joint_meetings,
        watch={Meeting: lambda meeting: [meeting.unit_id] if meeting.kind == MeetingKind.JOINT else []},
        action=Action.CONVENE_MEETINGS,
        roles=frozenset({CadreRole.TOWN_LEADER, CadreRole.DISTRICT_COMMITTEE}),
        counted_in="自然日",
    )
)


# How far ahead a cadre's coming meetings show on 我的待办.
MEETING_DAYS_AHEAD = 30


def _coming_meetings(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    """Each attendee's coming meetings: the day to attend (and, for a joint meeting, to report before it)."""
    meetings = Meeting.objects.filter(
        held_on__gte=today, held_on__lte=today + timedelta(days=MEETING_DAYS_AHEAD)
    )
    if ids is not None:
        meetings = meetings.filter(pk__in=ids)
    rows = Meeting.attendees.through.objects.filter(meeting__in=meetings, cadre__user__isnull=False).values(
        "meeting_id", "meeting__unit_id", "meeting__title", "meeting__held_on", "cadre_id", "cadre__user_id"
    )
    return [
        {
            "key": f"{row['meeting_id']}/{row['cadre_id']}",
            "source_id": row["meeting_id"],
            "unit_id": row["meeting__unit_id"],
            "owner_id": row["cadre__user_id"],
            "title": row["meeting__title"],
            "link": f"/supervision/meetings/{row['meeting_id']}/",
            "due_date": row["meeting__held_on"],
            "yellow_from": row["meeting__held_on"] - timedelta(days=2),
            "urgent": False,
        }
        for row in rows
    ]


register(
    ObligationKind(
        name="supervision.meeting",
        label="会议",
        source_model=Meeting,
        computed=_coming_meetings,
        watch={Meeting: lambda meeting: [meeting.pk]},
        counted_in="自然日",
    )
)
