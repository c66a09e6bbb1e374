from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiangzhen.audit.selectors import audit_event_list, user_may_read_audit

PAGE_SIZE = 100


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not user_may_read_audit(request.user):
        raise PermissionDenied("只有乡镇领导和县级督查可以查看审计日志")
    before = request.GET.get("before", "")
    events = list(
        audit_event_list(
            viewer=request.user,
            action=request.GET.get("action", "").strip(),
            actor_name=request.GET.get("actor", "").strip(),
            since=_date(request.GET.get("since", "")),
            until=_date(request.GET.get("until", "")),
            before_id=int(before) if before.isdigit() else None,
        ).select_related("unit")[: PAGE_SIZE + 1]
    )
    return render(
        request,
        "audit/event_list.html",
        {
            "events": events[:PAGE_SIZE],
            "next_before": events[PAGE_SIZE - 1].pk if len(events) > PAGE_SIZE else None,
            "query": request.GET,
        },
    )
