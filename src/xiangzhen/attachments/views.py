from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from xiangzhen.attachments.selectors import attachment_get_for_user
from xiangzhen.errors import DomainError
from xiangzhen.parsing import parse_required_id


@login_required
@require_GET
def download(request: HttpRequest, attachment_id: str) -> FileResponse:
    try:
        attachment = attachment_get_for_user(request.user, parse_required_id(attachment_id, "附件编号"))
    except DomainError as error:
        raise Http404(error.message) from error
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在") from None
    # Always a download, never rendered inline: an uploaded file must not run as a page of this site.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
