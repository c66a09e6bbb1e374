"""The town's 履职事项清单: read by everyone who hands the town work, imported by its leaders and the county."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.duties.importing import read_duty_list
from xiangzhen.duties.models import DutyCategory, DutyItem
from xiangzhen.duties.selectors import duty_items, duty_town_get, duty_towns
from xiangzhen.duties.services import duty_list_import
from xiangzhen.errors import DomainError, NotFound
from xiangzhen.org.permissions import Action, user_may
from xiangzhen.org.selectors import user_may_change_unit
from xiangzhen.parsing import parse_id
from xiangzhen.web.pagination import keyset_page


@login_required
def duty_list(request: HttpRequest) -> HttpResponse:
    towns = list(duty_towns(request.user))
    town = None
    try:
        town_id = parse_id(request.GET.get("town"), "乡镇")
        town = duty_town_get(request.user, town_id) if town_id else (towns[0] if towns else None)
    except DomainError as error:
        messages.error(request, error.message)
        town = towns[0] if towns else None
    category = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()[:60]
    page = None
    counts: dict[str, int] = {}
    if town is not None:
        page = keyset_page(
            duty_items(town=town, category=category, query=query),
            request.GET,
            keys=("category", "code", "id"),
        )
        counts = dict(
            DutyItem.objects.filter(town=town, is_current=True)
            .values_list("category")
            .annotate(total=Count("id"))
            .values_list("category", "total")
        )
    return render(
        request,
        "duties/list.html",
        {
            "towns": towns,
            "town": town,
            "category": category,
            "query": query,
            "categories": DutyCategory.choices,
            "counts": [(label, counts.get(value, 0)) for value, label in DutyCategory.choices],
            "page": page,
            "items": page.rows if page else [],
            "may_import": town is not None
            and user_may(request.user, Action.MANAGE_DUTY_LIST)
            and user_may_change_unit(request.user, town),
        },
    )


@login_required
@require_POST
def duty_list_upload(request: HttpRequest, town_id: int) -> HttpResponse:
    try:
        town = duty_town_get(request.user, town_id)
    except NotFound as error:
        raise Http404(error.message) from error
    upload = request.FILES.get("file")
    try:
        if upload is None:
            messages.error(request, "请选择要导入的 Excel 文件")
        else:
            counts = duty_list_import(actor=acting_user(request), town=town, rows=read_duty_list(upload))
            messages.success(
                request,
                f"已导入{town.name}履职事项清单 {counts['rows']} 项:新增 {counts['created']} 项,"
                f"修改 {counts['changed']} 项,不再列入 {counts['dropped']} 项",
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('duties:list')}?town={town.pk}")
