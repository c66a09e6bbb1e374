from django.db.models import QuerySet

from xiangzhen.feedback.models import Feedback
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import AnyUser


def may_answer(viewer: AnyUser) -> bool:
    """County administrators answer feedback (Action.ANSWER_FEEDBACK)."""
    return user_may(viewer, Action.ANSWER_FEEDBACK)


def feedback_list(*, viewer: AnyUser) -> QuerySet[Feedback]:
    """Everything for those who answer; one's own otherwise."""
    if not viewer.is_authenticated:
        return Feedback.objects.none()
    rows = Feedback.objects.select_related("submitter", "replied_by")
    return rows if may_answer(viewer) else rows.filter(submitter=viewer)


def unread_replies(*, viewer: AnyUser) -> int:
    if not viewer.is_authenticated:
        return 0
    return Feedback.objects.filter(submitter=viewer, replied_at__isnull=False, reply_read=False).count()
