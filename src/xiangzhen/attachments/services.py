import secrets
import weakref
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xiangzhen.attachments.checks import check_upload, download_name
from xiangzhen.attachments.models import Attachment
from xiangzhen.audit.services import audit_record

if TYPE_CHECKING:
    from xiangzhen.org.models import Unit


def _remove_unless_committed(name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        default_storage.delete(name)


class _KeepOnCommit:
    """An on-commit callback that removes its file if Django discards it without running it.

    Django has no rollback hook, but it drops the pending on-commit callbacks of a transaction (or a
    savepoint) that rolls back; a finalizer on the dropped callback then deletes the file. On commit the
    callback runs first and marks the file kept. So a file outlives its transaction only if its row does."""

    def __init__(self, name: str) -> None:
        self.state = {"committed": False}
        weakref.finalize(self, _remove_unless_committed, name, self.state)

    def __call__(self) -> None:
        self.state["committed"] = True


@transaction.atomic
def attachment_create(
    *, actor: User | None, upload: UploadedFile, unit: "Unit | None", now: datetime | None = None
) -> Attachment:
    """Check an upload by size and content, store it under a random name and record it.

    Callers attach the result to their own row (a note, a progress entry, a mediation session) in the same
    transaction; if that transaction rolls back, the file is removed."""
    now = now or timezone.now()
    kind = check_upload(
        content=upload, name=upload.name or "", size=upload.size or 0, max_bytes=settings.ATTACHMENT_MAX_BYTES
    )
    # Nothing of the uploader's name reaches the file system: a random name with the checked type's extension.
    stored = default_storage.save(f"attachments/{now:%Y/%m}/{secrets.token_hex(16)}{kind.extension}", upload)
    transaction.on_commit(_KeepOnCommit(stored))
    attachment = Attachment.objects.create(
        file=stored,
        original_name=download_name(upload.name or "", kind.extension),
        content_type=kind.content_type,
        size=upload.size or 0,
        uploaded_by=actor,
        uploaded_at=now,
    )
    audit_record(
        actor=actor,
        action="attachment.create",
        target=attachment,
        unit=unit,
        changes={"original_name": [None, attachment.original_name], "size": [None, attachment.size]},
    )
    return attachment
