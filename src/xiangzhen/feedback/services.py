from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, ValidationFailed
from xiangzhen.feedback.models import Feedback
from xiangzhen.org.permissions import Action, permission_require
from xiangzhen.services.models import Notification
from xiangzhen.validators import text_require

MAX_BODY = 2000


@transaction.atomic
def feedback_submit(*, actor: User, body: str, page: str = "", now: datetime | None = None) -> Feedback:
    """Anyone signed in tells the county administrators what troubles them in the system."""
    text_require(("投诉建议", body, MAX_BODY))
    if not body.strip():
        raise ValidationFailed("请写下您的投诉或建议")
    feedback = Feedback.objects.create(
        submitter=actor, body=body.strip(), page=page[:200], submitted_at=now or timezone.now()
    )
    audit_record(
        actor=actor, action="feedback.submit", target=feedback, changes={"page": [None, feedback.page]}
    )
    return feedback


@transaction.atomic
def feedback_reply(*, actor: User, feedback: Feedback, reply: str, now: datetime | None = None) -> Feedback:
    """A county administrator answers; the submitter sees the answer as new on their list until read."""
    permission_require(actor, Action.ANSWER_FEEDBACK)
    text_require(("答复", reply, MAX_BODY))
    if not reply.strip():
        raise ValidationFailed("请填写答复内容")
    changed = Feedback.objects.filter(pk=feedback.pk, replied_at__isnull=True).update(
        reply=reply.strip(), replied_by=actor, replied_at=now or timezone.now(), reply_read=False
    )
    if not changed:
        raise Conflict("该条投诉建议已答复")
    feedback.refresh_from_db()
    audit_record(
        actor=actor, action="feedback.reply", target=feedback, changes={"reply": [None, feedback.reply]}
    )
    # The submitter's notice, counted with the others in the header.
    Notification.objects.create(
        recipient=feedback.submitter,
        link=reverse("feedback:index"),
        message=f"您的投诉建议已答复:{feedback.body[:40]}",
        created_at=feedback.replied_at or timezone.now(),
    )
    return feedback


def feedback_replies_read(*, actor: User) -> int:
    """The submitter opened their list: their replies are no longer new."""
    return Feedback.objects.filter(submitter=actor, replied_at__isnull=False, reply_read=False).update(
        reply_read=True
    )
