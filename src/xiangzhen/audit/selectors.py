from datetime import date

from django.db.models import Q, QuerySet

from xiangzhen.audit.models import AuditEvent
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import AnyUser, visible_units


def user_may_read_audit(user: AnyUser) -> bool:
    return user_may(user, Action.BROWSE_AUDIT)


def audit_event_list(
    *,
    viewer: AnyUser,
    action: str = "",
    actor_name: str = "",
    person: str = "",
    object_type: str = "",
    since: date | None = None,
    until: date | None = None,
    before_id: int | None = None,
) -> QuerySet[AuditEvent]:
    """Events of the viewer's units, newest first; system-wide events only for administrators."""
    if not user_may_read_audit(viewer):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if not getattr(viewer, "is_superuser", False):
        events = events.filter(unit__in=visible_units(viewer))
    if action:
        events = events.filter(action__startswith=action)
    if actor_name:
        events = events.filter(actor_name=actor_name)
    if person:
        # A leader knows people by name; the login name still works.
        events = events.filter(Q(actor__cadre__name=person) | Q(actor_name=person))
    if object_type:
        events = events.filter(object_type=object_type)
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    if before_id:
        events = events.filter(id__lt=before_id)
    return events.order_by("-id")


def audit_object_types() -> list[str]:
    """The object types that occur in the log (the codes only; no event content), for the filter."""
    return sorted(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
