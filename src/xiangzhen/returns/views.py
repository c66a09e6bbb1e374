"""The returns page: pick a return, a town and a period, and download the .xlsx; a county adds its own form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, ValidationFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import unit_get_for_user
from xiangzhen.parsing import parse_required_id
from xiangzhen.returns.importing import TemplateInvalid, template_from_json, template_from_xlsx
from xiangzhen.returns.periods import PeriodKind, parse_period, recent_periods
from xiangzhen.returns.selectors import (
    manageable_counties,
    return_town_get,
    return_towns,
    template_get_for_town,
    template_list,
)
from xiangzhen.returns.services import return_generate, return_template_create
from xiangzhen.returns.sources import SOURCES
from xiangzhen.spreadsheets import stream_workbook


def _page(request: HttpRequest, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    may_manage = user_may(request.user, Action.MANAGE_RETURN_TEMPLATES)
    return render(
        request,
        "returns/index.html",
        {
            "templates": template_list(request.user),
            "towns": return_towns(request.user),
            "periods": {kind: recent_periods(kind, today) for kind in PeriodKind.values},
            "sources": SOURCES.values(),
            "period_kinds": PeriodKind.choices,
            "may_manage": may_manage,
            "counties": manageable_counties(request.user) if may_manage else [],
            "errors": errors or [],
            "posted": request.POST if errors else {},
        },
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
def download(request: HttpRequest) -> HttpResponseBase:
    """A town's return for a period as .xlsx, streamed (flat memory, every row)."""
    try:
        town = return_town_get(request.user, parse_required_id(request.GET.get("town"), "乡镇"))
        template = template_get_for_town(
            request.user, parse_required_id(request.GET.get("template"), "报表"), town
        )
        period = parse_period(request.GET.get("period"), template.period)
        headers, rows = return_generate(
            actor=acting_user(request), template=template, town=town, period=period
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("returns:index")
    return stream_workbook({template.name[:31]: (headers, rows)}, f"{town.name}{period.label}{template.name}")


@action_required(Action.MANAGE_RETURN_TEMPLATES)
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    """A county's own template from a JSON file, or an .xlsx header row with the source fields below it."""
    post = request.POST
    upload = request.FILES.get("file")
    try:
        county = unit_get_for_user(request.user, parse_required_id(post.get("county"), "县(区、市)"))
        if county.level != UnitLevel.COUNTY:
            raise ValidationFailed("报表模板属于县(区、市),请选择县")
        if upload is None:
            raise ValidationFailed("请选择报表模板文件(.json 或 .xlsx)")
        if (upload.name or "").lower().endswith(".json"):
            draft = template_from_json(upload)
        else:
            draft = template_from_xlsx(
                upload,
                code=post.get("code", ""),
                name=post.get("name", ""),
                period=post.get("period", ""),
                source_code=post.get("source", ""),
            )
        template = return_template_create(actor=acting_user(request), county=county, draft=draft)
    except TemplateInvalid as invalid:
        return _page(request, errors=invalid.errors, status=400)
    except DomainError as error:
        return _page(request, errors=[error.message], status=400)
    messages.success(request, f"已新增{county.name}报表“{template.name}”,共 {template.columns.count()} 列")
    return redirect("returns:index")
