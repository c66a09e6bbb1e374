from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiangzhen.audit.labels import ACTION_LABELS, event_rows, object_type_label
from xiangzhen.audit.models import AuditEvent
from xiangzhen.audit.selectors import audit_event_list, audit_object_types
from xiangzhen.errors import ValidationFailed
from xiangzhen.org.permissions import Action, action_required
from xiangzhen.parsing import parse_date
from xiangzhen.web.pagination import Page, keyset_page, page_of

# An event (who, what, before → after) is a tall card on a phone: 40 keep a page within ten screens.
AUDIT_PAGE_SIZE = 40


@action_required(Action.BROWSE_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
    query = request.GET
    object_types = [(code, object_type_label(code)) for code in audit_object_types()]
    page: Page[AuditEvent] = page_of([], query, size=0, key=None)
    error = ""
    try:
        since = parse_date(query.get("since"), "起始日期")
        until = parse_date(query.get("until"), "截止日期")
        if since and until and since > until:
            raise ValidationFailed("起始日期不能晚于截止日期")
        object_type = query.get("object_type", "").strip()
        if object_type and object_type not in dict(object_types):
            raise ValidationFailed("请从列表中选择对象类型")
        # Any code works as a prefix ("service_request." = every step of requests); the list offers the labelled ones.
        action = query.get("action", "").strip()[:80]
        events = audit_event_list(
            viewer=request.user,
            action=action,
            person=query.get("person", "").strip()[:150],
            object_type=object_type,
            since=since,
            until=until,
        ).select_related("unit", "actor__cadre")
        page = keyset_page(events, query, keys=("-id",), size=AUDIT_PAGE_SIZE)
    except ValidationFailed as failure:
        # A filter that cannot be read shows no rows rather than rows the leader did not ask for.
        error = failure.message
    return render(
        request,
        "audit/event_list.html",
        {
            "page": page.with_rows(event_rows(page.rows)),
            "query": query,
            "error": error,
            "object_types": object_types,
            "actions": sorted(ACTION_LABELS.items(), key=lambda item: item[0]),
        },
        status=400 if error else 200,
    )
