"""Scheduled training sessions on the one clock: on the day, the school records the class as held."""

from datetime import date
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import Concat

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.clock.rows import columns, source_link
from xiangzhen.org.models import CadreRole
from xiangzhen.org.permissions import Action
from xiangzhen.training.models import SessionStatus, TrainingSession


def _scheduled(today: date) -> "QuerySet[Any]":
    return TrainingSession.objects.filter(status=SessionStatus.SCHEDULED).values(
        **columns(
            unit="school__unit_id",
            owner="created_by_id",
            title=Concat("course__title", Value(" · "), "school__name"),
            link=source_link("/training/"),
            due_date="held_on",
        )
    )


register(
    ObligationKind(
        name="training.session",
        label="培训开班",
        source_model=TrainingSession,
        rows=_scheduled,
        watch={TrainingSession: lambda session: [session.pk]},
        action=Action.MANAGE_TRAINING,
        roles=frozenset({CadreRole.TOWN_LEADER, CadreRole.DISTRICT_COMMITTEE}),
        yellow_days=2,
        counted_in="自然日",
    )
)
