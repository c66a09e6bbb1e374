"""Optimistic state changes shared by every workflow model with `status` and `version` columns."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import F

from xiangzhen.errors import Conflict


def transition(instance: models.Model, *, allowed: Iterable[str], noun: str, **changes: Any) -> None:
    """Apply `changes` only if the row still has a status in `allowed` and the version this caller read;
    otherwise answer 409 with a message naming `noun` (办件, 督办事项, 纠纷)."""
    allowed = list(allowed)
    status = getattr(instance, "status")  # noqa: B009  (every caller's model has one; the base type does not)
    if status not in allowed:
        label = getattr(instance, "get_status_display")()  # noqa: B009
        raise Conflict(f"{noun}当前状态为“{label}”,不能进行此操作")
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, status__in=allowed, version=getattr(instance, "version"))  # noqa: B009
        .update(version=F("version") + 1, **changes)
    )
    if updated != 1:
        raise Conflict(f"{noun}已被他人处理,请刷新后重试")
    # Only what the UPDATE wrote: the related rows already loaded (item, unit) stay loaded for the caller.
    instance.refresh_from_db(fields=["version", *changes])
