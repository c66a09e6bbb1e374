from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiangzhen.org.selectors import cadre_of, responsible_units_with_counts, visible_units
from xiangzhen.web.selectors import workbench_summary


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
