from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiangzhen.errors import DomainError, NotFound
from xiangzhen.org.forms import WorkbookUploadForm
from xiangzhen.org.importing import ImportFailed, org_import_workbook
from xiangzhen.org.models import Assignment, CadreRole, Post, UnitLevel
from xiangzhen.org.permissions import Action, action_required, grantable_roles
from xiangzhen.org.selectors import unit_get_for_user, visible_units
from xiangzhen.web.pagination import keyset_page


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = visible_units(request.user).order_by("path")
    level = request.GET.get("level", "")
    name = request.GET.get("name", "").strip()
    if level in UnitLevel.values:
        units = units.filter(level=level)
    if name:
        units = units.filter(name__contains=name)
    return render(
        request,
        "org/unit_list.html",
        {
            # The tree's own order: each unit right under its parent (path is unique and indexed).
            "page": keyset_page(units, request.GET, keys=("path", "id")),
            "levels": UnitLevel.choices,
            "level": level,
            "name": name,
        },
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = unit_get_for_user(request.user, unit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    today = timezone.localdate()
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": visible_units(request.user).filter(pk__in=unit.ancestor_ids()[:-1]).order_by("path"),
            "children": unit.children.order_by("path"),
            "posts": Post.objects.current(today).filter(unit=unit).select_related("cadre"),
            "assignments": Assignment.objects.current(today).filter(unit=unit).select_related("cadre"),
        },
    )


@action_required(Action.IMPORT_ORG)
def org_import(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = org_import_workbook(actor=request.user, source=form.cleaned_data["workbook"])
        except ImportFailed as failure:
            errors = failure.errors
            messages.error(request, failure.message)
        except DomainError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(request, f"导入成功:{report.summary()}")
    return render(
        request,
        "org/import.html",
        {
            "form": form,
            "errors": errors,
            "grantable_roles": [CadreRole(role).label for role in grantable_roles(request.user)],
        },
    )
