"""Pages of 考核赛马: read stored scores through the selectors, call one service per POST, render."""

import json
import re
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.assessment import dashboards
from xiangzhen.assessment.models import ComputeStatus
from xiangzhen.assessment.periods import Period, period_containing, period_parse
from xiangzhen.assessment.selectors import (
    SchemeAccess,
    board_rows,
    breakdown,
    cadre_year_sheet,
    computed_periods,
    figure_rows,
    gap,
    is_published,
    latest_run,
    lift_one_rank,
    period_for,
    rank_history,
    scheme_accesses,
    scheme_get_for_user,
)
from xiangzhen.assessment.services import board_publish, manual_entry_record, scores_recompute_request
from xiangzhen.attachments.services import attachment_create
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.models import Unit
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import (
    assignable_cadre_get,
    assignable_cadres,
    jurisdiction_roots,
    unit_get_for_user,
)
from xiangzhen.parsing import parse_id, parse_integer, parse_required_id, parse_year
from xiangzhen.spreadsheets import stream_workbook
from xiangzhen.web.pagination import keyset_page

SCREEN_REFRESH_SECONDS = 60
# A figure on the score sheet: the column holds 8 digits before the point and 4 after.
_ENTRY_VALUE = re.compile(r"[0-9]{1,8}(\.[0-9]{1,4})?")


def _access(request: HttpRequest, scheme_id: int) -> SchemeAccess:
    try:
        return scheme_get_for_user(request.user, scheme_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _period(request: HttpRequest, access: SchemeAccess) -> Period | None:
    """The period of `?period=`; an unreadable or unpublished one is said in Chinese and the newest shown."""
    text = request.GET.get("period", "").strip()
    try:
        return period_for(access, text or None)
    except NotFound as error:
        messages.error(request, error.message)
        return period_for(access, None)


def _periods(access: SchemeAccess) -> list[Period]:
    return [period_containing(access.scheme.period_kind, start) for start in computed_periods(access)]


def _may(request: HttpRequest, access: SchemeAccess, action: Action) -> bool:
    return access.organizer and user_may(request.user, action)


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    lines = []
    for access in scheme_accesses(request.user):
        periods = _periods(access)
        lines.append({"access": access, "latest": periods[0] if periods else None})
    return render(request, "assessment/scheme_list.html", {"lines": lines})


def _board_context(request: HttpRequest, access: SchemeAccess, period: Period | None) -> dict[str, Any]:
    rows = board_rows(access, period) if period else []
    size = access.scheme.board_size
    return {
        "access": access,
        "scheme": access.scheme,
        "period": period,
        "periods": _periods(access),
        "rows": rows,
        "red": rows[:size],
        "black": list(reversed(rows[-size:])) if len(rows) > size else [],
        "published": bool(period and is_published(access.scheme, period)),
        "chart": {
            "kind": "bar",
            "names": [line.unit.name for line in rows],
            "values": [float(line.total) for line in rows],
            "axis": "总分",
        },
    }


@login_required
def board(request: HttpRequest, scheme_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = _period(request, access)
    context = _board_context(request, access, period)
    if request.GET.get("screen") == "1":
        context["refresh"] = SCREEN_REFRESH_SECONDS
        return render(request, "assessment/screen.html", context)
    context |= {
        "print": request.GET.get("print") == "1",
        "may_compute": _may(request, access, Action.ENTER_SCORES),
        "may_publish": _may(request, access, Action.PUBLISH_BOARD),
        "may_enter": _may(request, access, Action.ENTER_SCORES),
        "run": latest_run(access.scheme) if access.organizer else None,
        "today": timezone.localdate(),
        # What each item counts, beside the board: the same words the figure's own page shows.
        "items": list(access.scheme.items.select_related("indicator").order_by("position", "pk")),
    }
    return render(request, "assessment/board.html", context)


@login_required
def run_status(request: HttpRequest, scheme_id: int) -> HttpResponse:
    """The latest recomputation's status, polled by htmx from the board until it is finished."""
    access = _access(request, scheme_id)
    run = latest_run(access.scheme) if access.organizer else None
    return render(
        request,
        "assessment/run_status.html",
        {
            "scheme": access.scheme,
            "run": run,
            "period": period_containing(access.scheme.period_kind, run.period_start) if run else None,
            "running": bool(run and run.status in {ComputeStatus.QUEUED, ComputeStatus.RUNNING}),
        },
    )


def _posted_period(request: HttpRequest, access: SchemeAccess) -> Period:
    text = request.POST.get("period", "").strip()
    if not text:
        return period_containing(access.scheme.period_kind, timezone.localdate())
    try:
        return period_parse(access.scheme.period_kind, text)
    except ValueError as error:
        raise ValidationFailed(str(error)) from error


def _board_url(scheme_id: int, period: Period | None) -> str:
    url = reverse("assessment:board", args=[scheme_id])
    return f"{url}?period={period.start.isoformat()}" if period else url


@action_required(Action.ENTER_SCORES)
@require_POST
def recompute(request: HttpRequest, scheme_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = None
    try:
        period = _posted_period(request, access)
        scores_recompute_request(actor=acting_user(request), scheme=access.scheme, period=period)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已提交重新计算{period.label},完成后榜单自动更新")
    return redirect(_board_url(scheme_id, period))


@action_required(Action.PUBLISH_BOARD)
@require_POST
def publish(request: HttpRequest, scheme_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = None
    try:
        period = _posted_period(request, access)
        board_publish(actor=acting_user(request), scheme=access.scheme, period=period)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{period.label}榜单已发布,各参评单位可以查看")
    return redirect(_board_url(scheme_id, period))


@login_required
def unit_score(request: HttpRequest, scheme_id: int, competitor_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = _period(request, access)
    try:
        if period is None:
            raise NotFound("该方案还没有可查看的榜单")
        unit, parts = breakdown(access, period, competitor_id)
        score, lifts = lift_one_rank(access, period, competitor_id)
    except NotFound as error:
        raise Http404(error.message) from error
    history = [
        entry
        for entry in rank_history(access.scheme, unit)
        if access.organizer or entry.period_start in set(computed_periods(access))
    ]
    above = dashboards.unit_above(access, period, score)
    return render(
        request,
        "assessment/unit_score.html",
        {
            "access": access,
            "scheme": access.scheme,
            "period": period,
            "periods": _periods(access),
            "unit": unit,
            "breakdown": parts,
            "score": score,
            "lifts": [dashboards.lift_line(lift) for lift in lifts[:5]],
            "above": above,
            "full_points": access.scheme.full_points,
            "chart": {
                "kind": "rank",
                "names": [
                    period_containing(access.scheme.period_kind, entry.period_start).short_label
                    for entry in history
                ],
                "values": [entry.rank for entry in history],
                "axis": "名次",
            },
        },
    )


@login_required
def figure(request: HttpRequest, scheme_id: int, competitor_id: int, scheme_item_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = _period(request, access)
    try:
        if period is None:
            raise NotFound("该方案还没有可查看的榜单")
        rows = figure_rows(access, period, competitor_id, scheme_item_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "assessment/figure.html",
        {"access": access, "scheme": access.scheme, "period": period, "figure": rows},
    )


@login_required
def gap_page(request: HttpRequest, scheme_id: int) -> HttpResponse:
    access = _access(request, scheme_id)
    period = _period(request, access)
    comparison = None
    try:
        first = parse_id(request.GET.get("a"), "单位")
        second = parse_id(request.GET.get("b"), "对比单位")
        if period is not None and first and second:
            comparison = gap(access, period, first, second)
    except ValidationFailed as error:
        messages.error(request, error.message)
    except NotFound as error:
        raise Http404(error.message) from error
    lines = board_rows(access, period) if period else []
    return render(
        request,
        "assessment/gap.html",
        {
            "access": access,
            "scheme": access.scheme,
            "period": period,
            "gap": comparison,
            "choices": [line for line in lines if line.may_open],
            "a": request.GET.get("a", ""),
            "b": request.GET.get("b", ""),
        },
    )


def _entry_value(text: str | None) -> Decimal:
    cleaned = (text or "").strip()
    if not _ENTRY_VALUE.fullmatch(cleaned):
        raise ValidationFailed("分值请填写不小于 0 的数字,最多 4 位小数")
    return Decimal(cleaned)


def _sheet_period(request: HttpRequest, access: SchemeAccess) -> Period:
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return period_parse(access.scheme.period_kind, text)
        except ValueError as error:
            messages.error(request, str(error))
    return period_containing(access.scheme.period_kind, timezone.localdate())


@action_required(Action.ENTER_SCORES)
def sheet(request: HttpRequest, scheme_id: int) -> HttpResponse:
    """评分表: the entered indicators × the competing units of one period, each figure with its evidence."""
    access = _access(request, scheme_id)
    if not access.organizer:
        raise Http404("只有组织考核的单位可以录入分数")
    period = _sheet_period(request, access)
    if request.method == "POST":
        post = request.POST
        try:
            # Never file a figure under a period the assessor did not choose.
            period = _posted_period(request, access)
            item = dashboards.manual_item_get(access, parse_required_id(post.get("item"), "指标"))
            unit = dashboards.competitor_get(access, parse_required_id(post.get("unit"), "单位"))
            value = _entry_value(post.get("value"))
            version = parse_integer(post.get("version"), "版本", minimum=1, maximum=2**31 - 1)
            upload = request.FILES.get("attachment")
            with transaction.atomic():
                attachment = (
                    attachment_create(actor=acting_user(request), upload=upload, unit=unit)
                    if upload
                    else None
                )
                manual_entry_record(
                    actor=acting_user(request),
                    scheme=access.scheme,
                    item=item,
                    unit=unit,
                    period=period,
                    value=value,
                    evidence=post.get("evidence", ""),
                    attachment=attachment,
                    version=version,
                )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已录入{unit.name}的“{item.indicator.name}”:{value}")
            return redirect(
                f"{reverse('assessment:sheet', args=[scheme_id])}?period={period.start.isoformat()}"
            )
    return render(
        request,
        "assessment/sheet.html",
        {
            "access": access,
            "scheme": access.scheme,
            "period": period,
            "sections": dashboards.sheet_sections(access, period),
        },
    )


def _scorecard_unit(request: HttpRequest) -> Unit | None:
    """The unit of `?unit=`, else the viewer's own (the top of their jurisdiction)."""
    try:
        unit_id = parse_id(request.GET.get("unit"), "单位")
        if unit_id is not None:
            return unit_get_for_user(request.user, unit_id)
    except ValidationFailed as error:
        messages.error(request, error.message)
    except NotFound as error:
        raise Http404(error.message) from error
    return jurisdiction_roots(request.user).order_by("path").first()


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    """成绩单: a leader's view of the unit's races, radar, red and yellow rows and this month's work."""
    unit = _scorecard_unit(request)
    today = timezone.localdate()
    races = dashboards.race_lines(request.user, unit) if unit else []
    charts = [
        (
            race,
            json.dumps(
                {
                    "kind": "rank",
                    "names": [period.short_label for period in race.periods],
                    "values": race.ranks,
                    "axis": "名次",
                }
            ),
            json.dumps(
                {
                    "kind": "radar",
                    "names": [name for name, _share in race.radar],
                    "values": [round(share, 1) for _name, share in race.radar],
                    "axis": "得分率",
                }
            ),
        )
        for race in races
    ]
    return render(
        request,
        "assessment/scorecard.html",
        {
            "unit": unit,
            "charts": charts,
            "alerts": dashboards.alert_counts(request.user, unit) if unit else None,
            "figures": dashboards.month_figures(request.user, unit, today) if unit else None,
            "roots": jurisdiction_roots(request.user).order_by("path"),
        },
    )


@login_required
def county(request: HttpRequest) -> HttpResponse:
    races = dashboards.town_races(request.user)
    charts = [
        (
            race,
            json.dumps(
                {
                    "kind": "lines",
                    "names": [period.short_label for period in race.periods],
                    "series": [{"name": name, "values": values} for name, values in race.series],
                    "axis": "总分",
                }
            ),
        )
        for race in races
    ]
    return render(request, "assessment/county.html", {"charts": charts})


def _year(request: HttpRequest) -> int:
    try:
        return parse_year(request.GET.get("year"), "年份") or timezone.localdate().year
    except ValidationFailed as error:
        messages.error(request, error.message)
        return timezone.localdate().year


def _visible_schemes(request: HttpRequest) -> list[Any]:
    return [access.scheme for access in scheme_accesses(request.user)]


@login_required
def cadre_list(request: HttpRequest) -> HttpResponse:
    """干部年度考核: the cadres of the viewer's units, each with the personal score from the linked races."""
    year = _year(request)
    schemes = _visible_schemes(request)
    page = keyset_page(assignable_cadres(request.user), request.GET, keys=("name", "id"))
    sheets = [cadre_year_sheet(cadre, year, schemes) for cadre in page.rows]
    return render(request, "assessment/cadre_list.html", {"year": year, "page": page.with_rows(sheets)})


@login_required
def cadre_sheet(request: HttpRequest, cadre_id: int) -> HttpResponseBase:
    try:
        cadre = assignable_cadre_get(request.user, cadre_id)
    except NotFound as error:
        raise Http404(error.message) from error
    year = _year(request)
    year_sheet = cadre_year_sheet(cadre, year, _visible_schemes(request))
    if request.GET.get("format") == "xlsx":
        rows: list[list[object]] = [
            [line.scheme.name, line.unit.name, line.periods, line.average_percent, line.weight]
            for line in year_sheet.lines
        ]
        rows.append(["个人考核得分(加权)", "", "", year_sheet.personal_score or "", year_sheet.total_weight])
        return stream_workbook(
            {f"{year}年度考核": (["考核方案", "挂钩单位", "期数", "平均得分率(%)", "权重"], rows)},
            f"{cadre.name}{year}年度考核",
        )
    return render(request, "assessment/cadre_sheet.html", {"cadre": cadre, "year": year, "sheet": year_sheet})
