from django.http import HttpRequest

from xiangzhen.audit.selectors import user_may_read_audit
from xiangzhen.services.models import Notification


def workbench(request: HttpRequest) -> dict[str, object]:
    """What the navigation of every staff page shows: unread notices and the audit link for leaders."""
    if not request.user.is_authenticated:
        return {}
    return {
        "may_read_audit": user_may_read_audit(request.user),
        "unread_notifications": Notification.objects.filter(
            recipient=request.user, read_at__isnull=True
        ).count(),
    }
