from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from xiangzhen.clock.registry import KINDS
from xiangzhen.clock.selectors import todo_list
from xiangzhen.org.selectors import cadre_of, responsible_units_with_counts
from xiangzhen.web.selectors import monthly_requests

BUCKETS = (("overdue", "已超期"), ("today", "今天到期"), ("week", "7 天内到期"), ("later", "以后"))


def _bucket(days_left: int) -> str:
    if days_left < 0:
        return "overdue"
    if days_left == 0:
        return "today"
    return "week" if days_left <= 7 else "later"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的待办: what is mine to do across every app, most urgent first, each one tap from its page."""
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = ""
    todo = todo_list(viewer=request.user, today=today, kind=kind)
    sections = [
        {"key": key, "label": label, "items": [item for item in todo.items if _bucket(item.days_left) == key]}
        for key, label in BUCKETS
    ]
    chart = monthly_requests(viewer=request.user, today=today)
    return render(
        request,
        "web/home.html",
        {
            "cadre": cadre_of(request.user),
            "responsible_units": responsible_units_with_counts(request.user),
            "todo": todo,
            "sections": [section for section in sections if section["items"]],
            "kind": kind,
            "kinds": sorted({item.kind: item.kind_label for item in todo.items}.items()),
            "chart": {"months": chart.months, "accepted": chart.accepted, "completed": chart.completed},
            "has_chart": any(chart.accepted),
        },
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    """到期提醒 is 我的待办 now: the old address still works."""
    return redirect("home")
