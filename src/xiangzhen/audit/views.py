from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiangzhen.audit.selectors import audit_event_list
from xiangzhen.org.permissions import Action, action_required

PAGE_SIZE = 100


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@action_required(Action.BROWSE_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
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
