"""The one helper every service function calls to write its audit event."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from xiangzhen.audit.context import current_ip_address
from xiangzhen.audit.models import AuditEvent

if TYPE_CHECKING:
    from xiangzhen.org.models import Unit


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    return value


def field_changes(instance: models.Model, before: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The `{field: [before, after]}` of the fields whose value differs from `before`."""
    changes: dict[str, Any] = {}
    for field in fields:
        after = getattr(instance, field)
        if before.get(field) != after:
            changes[field] = [_json_value(before.get(field)), _json_value(after)]
    return changes


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model | None,
    unit: "Unit | None" = None,
    object_type: str = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else "系统",
        action=action,
        # A set-based action (a sweep over many rows) has no single target: it names its object type instead.
        object_type=target._meta.label_lower if target is not None else object_type,
        object_id=str(target.pk) if target is not None else "",
        object_repr=(str(target) if target is not None else object_repr)[:200],
        unit=unit,
        changes={
            key: [_json_value(item) for item in value] if isinstance(value, list) else _json_value(value)
            for key, value in (changes or {}).items()
        },
        ip_address=current_ip_address.get(),
    )
