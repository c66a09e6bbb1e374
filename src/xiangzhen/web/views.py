from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiangzhen.org.selectors import cadre_of, responsible_units_with_counts, visible_units


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """我的工作台: the units the signed-in user answers for."""
    return render(
        request,
        "web/home.html",
        {
            "cadre": cadre_of(request.user),
            "responsible_units": responsible_units_with_counts(request.user),
            "visible_unit_count": visible_units(request.user).count(),
        },
    )
