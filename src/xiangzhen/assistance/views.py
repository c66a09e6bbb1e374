"""Pages of monitoring and assistance: parse input, call one service, render."""

from decimal import Decimal, InvalidOperation
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.assistance.importing import COLUMNS, households_import
from xiangzhen.assistance.models import (
    PAIRED_STATUSES,
    Cause,
    DiscoveryChannel,
    HouseholdCategory,
    HouseholdStatus,
    MeasureKind,
    MonitoringLine,
    PairingKind,
)
from xiangzhen.assistance.selectors import (
    HouseholdFilters,
    assistance_figures,
    assistance_rules,
    household_get_for_user,
    household_list,
    household_scope,
    line_setting_provinces,
    measure_step_get_for_user,
    monitoring_line_for,
    rule_for,
)
from xiangzhen.assistance.services import (
    MemberInput,
    StepInput,
    exit_problems,
    household_exit_propose,
    household_fall_back,
    household_reassign,
    household_register,
    household_reveal,
    household_review,
    income_record,
    measure_add,
    measure_step_done,
    monitoring_line_set,
    publicity_ends,
    visit_record,
)
from xiangzhen.errors import DomainError, NotFound, ValidationFailed
from xiangzhen.org.forms import WorkbookUploadForm
from xiangzhen.org.importing import ImportFailed
from xiangzhen.org.models import UnitLevel
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.org.selectors import (
    assignable_cadre_get,
    assignable_cadres,
    cadre_of,
    unit_get_for_user,
    visible_units,
)
from xiangzhen.parsing import (
    EARLIEST_DATE,
    parse_date,
    parse_id,
    parse_integer,
    parse_required_date,
    parse_required_id,
)
from xiangzhen.spreadsheets import stream_workbook, write_workbook, xlsx_response
from xiangzhen.web.pagination import keyset_page


def _money(text: str | None, label: str, *, required: bool) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        if required:
            raise ValidationFailed(f"请填写{label}")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label}应为数字,如 80000") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal("99999999"):
        raise ValidationFailed(f"{label}应在 0 到 99,999,999 元之间")
    return value.quantize(Decimal("0.01"))


def _filters_from(query: QueryDict) -> HouseholdFilters:
    return HouseholdFilters(
        status=query.get("status", "") if query.get("status") in HouseholdStatus.values else "",
        category=query.get("category", "") if query.get("category") in HouseholdCategory.values else "",
        unit_id=parse_id(query.get("unit"), "村(社区)"),
        responsible_id=parse_id(query.get("responsible"), "帮扶责任人"),
    )


@login_required
def households(request: HttpRequest) -> HttpResponseBase:
    problem = ""
    filters = HouseholdFilters()
    query = request.GET
    own = cadre_of(request.user)
    if not query and own is not None and household_scope(request.user).filter(responsible=own).exists():
        # Asked nothing, the list opens on the households the person is paired with (?responsible=: all).
        query = QueryDict(f"responsible={own.pk}")
    try:
        filters = _filters_from(query)
    except ValidationFailed as failure:
        problem = failure.message
    rows = household_list(viewer=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return stream_workbook(
            {
                "监测户": (
                    [
                        "编号",
                        "村(社区)",
                        "户主",
                        "监测类型",
                        "发现方式",
                        "风险类型",
                        "帮扶责任人",
                        "状态",
                    ],
                    [
                        [
                            household.pk,
                            household.village.name,
                            household.masked_name,
                            household.get_category_display(),
                            household.get_channel_display(),
                            "、".join(cause.name for cause in household.causes.all()),
                            household.responsible.name,
                            household.get_status_display(),
                        ]
                        for household in rows
                    ],
                )
            },
            "监测户",
        )
    return render(
        request,
        "assistance/households.html",
        {
            "page": keyset_page(rows, request.GET, keys=("village", "id")),
            "total": rows.count(),
            "filters": filters,
            "error": problem,
            "query": query.urlencode(),
            "own_query": f"responsible={own.pk}" if own is not None else "",
            "mine": own is not None and filters.responsible_id == own.pk,
            "statuses": HouseholdStatus.choices,
            "categories": HouseholdCategory.choices,
            "units": visible_units(request.user).filter(
                level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT, UnitLevel.VILLAGE]
            ),
            "may_record": user_may(request.user, Action.RECORD_ASSISTANCE),
        },
    )


@action_required(Action.RECORD_ASSISTANCE)
def household_add(request: HttpRequest) -> HttpResponse:
    post = request.POST
    if request.method == "POST":
        try:
            village = unit_get_for_user(request.user, parse_required_id(post.get("village"), "村(社区)"))
            responsible = assignable_cadre_get(
                request.user, parse_required_id(post.get("responsible"), "帮扶责任人")
            )
            members = [
                MemberInput(
                    post.get("head_name", ""),
                    "户主",
                    post.get("head_id_number", ""),
                    post.get("head_labour") == "1",
                )
            ]
            members += [
                MemberInput(name, relation, id_number, labour == "1")
                for name, relation, id_number, labour in zip_longest(
                    post.getlist("member_name"),
                    post.getlist("member_relation"),
                    post.getlist("member_id_number"),
                    post.getlist("member_labour"),
                    fillvalue="",
                )
            ]
            cause_ids = [parse_required_id(value, "风险类型") for value in post.getlist("causes")]
            household = household_register(
                actor=acting_user(request),
                village=village,
                head_name=post.get("head_name", ""),
                head_id_number=post.get("head_id_number", ""),
                phone=post.get("phone", ""),
                category=post.get("category", ""),
                channel=post.get("channel", ""),
                causes=Cause.objects.filter(pk__in=cause_ids),
                responsible=responsible,
                pairing=post.get("pairing", PairingKind.CADRE),
                members=members,
                reviewed_on=parse_required_date(post.get("reviewed_on"), "村级评议日期", not_in_future=True),
                publicity_from=parse_required_date(post.get("publicity_from"), "公示开始日期"),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记{household.masked_name}户,公示期满后由乡镇审核")
            return redirect("assistance:household_detail", household_id=household.pk)
    return render(
        request,
        "assistance/household_add.html",
        {
            "villages": visible_units(request.user).filter(level=UnitLevel.VILLAGE),
            "cadres": assignable_cadres(request.user),
            "causes": Cause.objects.all(),
            "categories": HouseholdCategory.choices,
            "channels": DiscoveryChannel.choices,
            "pairings": PairingKind.choices,
            "today": timezone.localdate(),
            "member_rows": range(4),
            "post": post,
        },
    )


@login_required
def household_detail(
    request: HttpRequest, household_id: int, *, revealed: list[tuple[str, str, str]] | None = None
) -> HttpResponse:
    try:
        household = household_get_for_user(request.user, household_id)
    except NotFound as error:
        raise Http404(error.message) from error
    today = timezone.localdate()
    income = household.incomes.order_by("-year").first()
    status = household.status
    in_exit_review = status in {HouseholdStatus.EXIT_PUBLICITY, HouseholdStatus.EXIT_TOWN_APPROVED}
    reviewable = status in {
        HouseholdStatus.PUBLICITY,
        HouseholdStatus.TOWN_APPROVED,
        HouseholdStatus.EXIT_PUBLICITY,
        HouseholdStatus.EXIT_TOWN_APPROVED,
    }
    return render(
        request,
        "assistance/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "causes": household.causes.all(),
            "measures": household.measures.prefetch_related("steps"),
            "incomes": household.incomes.all(),
            "events": household.events.select_related("actor"),
            "line": monitoring_line_for(household.village, income.year) if income else None,
            "income": income,
            "rule": rule_for(household.village),
            "today": today,
            "year": today.year,
            "measure_kinds": MeasureKind.choices,
            "pairings": PairingKind.choices,
            "cadres": assignable_cadres(request.user),
            "paired": status in PAIRED_STATUSES,
            "reviewable": reviewable and user_may(request.user, Action.REVIEW_ASSISTANCE),
            "publicity_ends": publicity_ends(household) if reviewable else None,
            "in_exit_review": in_exit_review,
            "may_record": user_may(request.user, Action.RECORD_ASSISTANCE),
            "exit_unmet": (
                # What the records already rule out; the verification answers the rest on the spot.
                exit_problems(
                    household,
                    income_stable_since=EARLIEST_DATE,
                    expenditure_resolved=True,
                    basic_needs_secure=True,
                    today=today,
                )
                if status == HouseholdStatus.MONITORED
                else []
            ),
            "print": request.GET.get("print") == "1" or request.POST.get("then") == "print",
            "revealed": revealed,
            "may_reveal": user_may(request.user, Action.REVEAL_PERSONAL_DATA),
        },
    )


@login_required
@require_POST
def household_act(request: HttpRequest, household_id: int, action: str) -> HttpResponse:
    try:
        household = household_get_for_user(request.user, household_id)
    except NotFound as error:
        raise Http404(error.message) from error
    actor = acting_user(request)
    post = request.POST
    try:
        if action == "visit":
            visit_record(
                actor=actor,
                household=household,
                visited_on=parse_date(post.get("visited_on"), "走访日期", not_in_future=True)
                or timezone.localdate(),
                notes=post.get("notes", ""),
            )
            messages.success(request, "已登记走访")
        elif action == "income":
            year = parse_integer(post.get("year"), "年度", minimum=2000, maximum=2100)
            people = parse_integer(post.get("people"), "家庭人口", minimum=1, maximum=30)
            total = _money(post.get("total"), "家庭纯收入", required=True)
            if year is None or people is None or total is None:
                raise ValidationFailed("请填写年度、家庭纯收入和家庭人口")
            income_record(actor=actor, household=household, year=year, total=total, people=people)
            messages.success(request, f"已登记 {year} 年收入")
        elif action == "measure":
            steps = [
                StepInput(title, parse_required_date(due, f"步骤“{title.strip()[:20]}”的计划日期"))
                for title, due in zip_longest(
                    post.getlist("step_title"), post.getlist("step_due"), fillvalue=""
                )
                if title.strip()
            ]
            measure_add(
                actor=actor,
                household=household,
                kind=post.get("kind", ""),
                title=post.get("title", ""),
                amount=_money(post.get("amount"), "金额", required=False),
                steps=steps,
            )
            messages.success(request, "已制定帮扶措施")
        elif action == "step-done":
            step = measure_step_get_for_user(request.user, parse_required_id(post.get("step"), "步骤"))
            if step.measure.household_id != household.pk:
                raise NotFound("措施步骤不存在或不在您的管辖范围内")
            measure_step_done(
                actor=actor,
                step=step,
                done_on=parse_date(post.get("done_on"), "完成日期", not_in_future=True)
                or timezone.localdate(),
            )
            messages.success(request, "已完成步骤")
        elif action == "review":
            household_review(
                actor=actor,
                household=household,
                approved=post.get("approved") == "1",
                note=post.get("note", ""),
            )
            messages.success(request, f"已审核,现为“{household.get_status_display()}”")
        elif action == "exit":
            household_exit_propose(
                actor=actor,
                household=household,
                verified_on=parse_required_date(post.get("verified_on"), "核实日期", not_in_future=True),
                income_stable_since=parse_required_date(
                    post.get("income_stable_since"), "收入稳定起始日期", not_in_future=True
                ),
                expenditure_resolved=post.get("expenditure_resolved") == "1",
                basic_needs_secure=post.get("basic_needs_secure") == "1",
                note=post.get("note", ""),
                publicity_from=parse_required_date(post.get("publicity_from"), "公示开始日期"),
            )
            messages.success(request, "核实符合条件,风险消除公示已开始")
        elif action == "fall-back":
            household_fall_back(
                actor=actor,
                household=household,
                reason=post.get("reason", ""),
                reviewed_on=parse_required_date(post.get("reviewed_on"), "村级评议日期", not_in_future=True),
                publicity_from=parse_required_date(post.get("publicity_from"), "公示开始日期"),
            )
            messages.success(request, "已重新纳入监测,公示期满后由乡镇审核")
        elif action == "reassign":
            household_reassign(
                actor=actor,
                household=household,
                responsible=assignable_cadre_get(
                    request.user, parse_required_id(post.get("responsible"), "帮扶责任人")
                ),
                pairing=post.get("pairing", ""),
            )
            messages.success(request, "已调整帮扶责任人")
        elif action == "reveal":
            revealed = household_reveal(actor=actor, household=household, reason=post.get("reason", ""))
            # Full personal data only in the response to the audited reveal: never stored (not in the session), never cached.
            response = household_detail(request, household.pk, revealed=revealed)
            add_never_cache_headers(response)
            return response
        else:
            raise Http404("未知操作")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("assistance:household_detail", household_id=household.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = today.year
    try:
        year = parse_integer(request.GET.get("year"), "年度", minimum=2001, maximum=2100) or year
    except ValidationFailed as error:
        messages.error(request, error.message)
    level = UnitLevel.TOWN if request.GET.get("by") == "town" else UnitLevel.VILLAGE
    rows = assistance_figures(viewer=request.user, level=level, year=year, today=today)
    chart = {
        "units": [row.name for row in rows],
        "monitored": [row.monitored for row in rows],
        "cleared": [row.cleared for row in rows],
        "income_before": [
            float(row.income_before) if row.income_before is not None else None for row in rows
        ],
        "income_after": [float(row.income_after) if row.income_after is not None else None for row in rows],
        "year": year,
    }
    totals = {
        field: sum(getattr(row, field) for row in rows)
        for field in ["households", "monitored", "cleared", "measures", "measures_due", "measures_on_time"]
    }
    return render(
        request,
        "assistance/statistics.html",
        {"rows": rows, "chart": chart, "year": year, "by": level, "totals": totals},
    )


@action_required(Action.RECORD_ASSISTANCE)
def household_import(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = households_import(actor=acting_user(request), source=form.cleaned_data["workbook"])
        except ImportFailed as failure:
            errors = failure.errors
            messages.error(request, failure.message)
        except DomainError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(request, f"导入成功:登记监测户 {count} 户")
            return redirect("assistance:households")
    return render(
        request,
        "assistance/import.html",
        {"form": form, "errors": errors, "columns": COLUMNS, "causes": Cause.objects.all()},
    )


@action_required(Action.RECORD_ASSISTANCE)
def import_template(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate().isoformat()
    example = [
        [
            "1",
            "果约村",
            "敖银桃",
            "户主",
            "",
            "",
            "有",
            "边缘易致贫户",
            "乡村干部走访排查",
            "缺资金、缺技术",
            "",
            "干部结对",
            today,
            today,
        ],
        ["1", "果约村", "敖某某", "配偶", "", "", "有", "", "", "", "", "", "", ""],
    ]
    # Two example rows: built in memory, like every import template.
    return xlsx_response(write_workbook({"监测户": (COLUMNS, example)}), "监测户导入模板")


@login_required
def lines(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        post = request.POST
        try:
            year = parse_integer(post.get("year"), "年度", minimum=2000, maximum=2100)
            amount = _money(post.get("amount"), "监测收入标准", required=True)
            if year is None or amount is None:
                raise ValidationFailed("请填写年度和监测收入标准")
            line = monitoring_line_set(
                actor=acting_user(request),
                province_code=post.get("province_code", ""),
                year=year,
                amount=amount,
                note=post.get("note", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已设定 {line.year} 年监测收入标准 {line.amount:,.0f} 元")
            return redirect("assistance:lines")
    return render(
        request,
        "assistance/lines.html",
        {
            "lines": MonitoringLine.objects.all(),
            "rules": assistance_rules(),
            "may_set": line_setting_provinces(request.user) != set(),
        },
    )
