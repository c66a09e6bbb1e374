from xiangzhen.assessment.models import ManualEntry
from xiangzhen.attachments.models import Attachment
from xiangzhen.disputes.models import MediationSession
from xiangzhen.disputes.selectors import dispute_get_for_user
from xiangzhen.errors import NotFound
from xiangzhen.org.selectors import AnyUser, visible_units
from xiangzhen.services.models import RequestEvent
from xiangzhen.services.selectors import service_request_get_for_user
from xiangzhen.supervision.models import TaskProgress
from xiangzhen.supervision.selectors import task_get_for_user

MISSING = "附件不存在或不在您的管辖范围内"


def attachment_get_for_user(viewer: AnyUser, attachment_id: int) -> Attachment:
    """An attachment whose owner (request, task, dispute or score entry) the viewer may see; the same NotFound otherwise.

    Jurisdiction is the owner's: whoever may open the request, task or dispute may open its files."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(MISSING)
    try:
        if request_id := RequestEvent.objects.filter(attachment=attachment).values_list("request_id").first():
            service_request_get_for_user(viewer, request_id[0])
        elif task_id := TaskProgress.objects.filter(attachment=attachment).values_list("task_id").first():
            task_get_for_user(viewer, task_id[0])
        elif (
            dispute_id := MediationSession.objects.filter(attachment=attachment)
            .values_list("dispute_id")
            .first()
        ):
            dispute_get_for_user(viewer, dispute_id[0])
        elif unit_id := ManualEntry.objects.filter(attachment=attachment).values_list("unit_id").first():
            # Evidence on a score sheet: whoever sees the scored unit (its organizers, the unit itself).
            if not visible_units(viewer).filter(pk=unit_id[0]).exists():
                raise NotFound(MISSING)
        else:
            # A file whose owner was never saved belongs to no one's jurisdiction.
            raise NotFound(MISSING)
    except NotFound:
        raise NotFound(MISSING) from None
    return attachment
