"""Public pages, no login: the service guide, status by tracking code, and the rating."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiangzhen.errors import DomainError, NotFound
from xiangzhen.services.forms import RatingForm, TrackingForm
from xiangzhen.services.models import EventKind, RequestStatus, ServiceLevel
from xiangzhen.services.selectors import service_item_list, service_request_get_by_tracking_code
from xiangzhen.services.services import service_request_rate

# What a citizen sees of the timeline: the steps, not internal notes or who looked at their data.
PUBLIC_EVENT_KINDS = [
    EventKind.REGISTERED,
    EventKind.NOTICE,
    EventKind.RETURNED,
    EventKind.ACCEPTED,
    EventKind.REJECTED,
    EventKind.TRANSFERRED,
    EventKind.PAUSED,
    EventKind.RESUMED,
    EventKind.COMPLETED,
    EventKind.RATED,
]


def item_list(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "services/public/item_list.html",
        {
            "items": service_item_list(level=level if level in ServiceLevel.values else "", query=query),
            "levels": ServiceLevel.choices,
            "level": level,
            "query": query,
        },
    )


def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = service_item_list().filter(code=code).first()
    if item is None:
        raise Http404("没有这个事项")
    return render(request, "services/public/item_detail.html", {"item": item})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.GET or None)
    if form.is_valid():
        return redirect("public:status", tracking_code=form.cleaned_data["tracking_code"].strip().upper())
    return render(request, "services/public/track.html", {"form": form})


def status(request: HttpRequest, tracking_code: str) -> HttpResponse:
    try:
        service_request = service_request_get_by_tracking_code(tracking_code)
    except NotFound as error:
        return render(
            request,
            "services/public/track.html",
            {"form": TrackingForm(), "error": error.message},
            status=404,
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                service_request_rate(
                    request=service_request,
                    level=form.cleaned_data["level"],
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "感谢您的评价!")
            return redirect("public:status", tracking_code=service_request.tracking_code)
        messages.error(request, "请选择评价等级")
    return render(
        request,
        "services/public/status.html",
        {
            "service_request": service_request,
            "events": service_request.events.filter(kind__in=PUBLIC_EVENT_KINDS),
            "latest_notice": service_request.notices.order_by("-number").first(),
            "may_rate": service_request.status == RequestStatus.COMPLETED
            and not hasattr(service_request, "rating"),
            "form": form,
        },
    )
