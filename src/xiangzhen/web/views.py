from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiangzhen.org.selectors import cadre_of, responsible_units_with_counts, visible_units
from xiangzhen.web.selectors import (
    DUE_BUCKET_LABELS,
    DUE_LIMIT_PER_KIND,
    DueBucket,
    due_list,
    workbench_summary,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的工作台: what needs attention today, and the units the signed-in user answers for."""
    summary = workbench_summary(viewer=request.user, today=timezone.localdate())
    return render(
        request,
        "web/home.html",
        {
            "cadre": cadre_of(request.user),
            "responsible_units": responsible_units_with_counts(request.user),
            "visible_unit_count": visible_units(request.user).count(),
            "summary": summary,
            "chart": {
                "months": summary.months,
                "accepted": summary.accepted_by_month,
                "completed": summary.completed_by_month,
            },
        },
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    """到期提醒: what is overdue, due today and due within a week, for me and for my units."""
    mine_only = request.GET.get("mine") == "1"
    items = due_list(viewer=request.user, today=timezone.localdate(), mine_only=mine_only)
    return render(
        request,
        "web/due.html",
        {
            "due": items,
            "mine_only": mine_only,
            "limit": DUE_LIMIT_PER_KIND,
            "sections": [
                {"key": bucket.value, "label": DUE_BUCKET_LABELS[bucket], "items": items.bucket(bucket)}
                for bucket in DueBucket
            ],
        },
    )
