"""党建 figures for the assessment app: required organisational life held on time, not how much was recorded.

The count of activities recorded stays on the party pages (the ledger, the compliance board) as context; the
score reads the share of required activities (三会一课, 主题党日, 组织生活会, 民主评议, per the branch's
frequency rules) held within the period they were due in.
"""

from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, CountedShare, Measure, register
from xiangzhen.org.models import Unit
from xiangzhen.party.models import ActivityKind, Branch, BranchActivity, RulePeriod
from xiangzhen.party.selectors import compliance_board, period_bounds

ROW_COLUMNS = [("日期", "held_on"), ("支部", "branch__name"), ("活动", "kind"), ("主题", "topic")]


def _activities(start: date, end: date) -> QuerySet[BranchActivity]:
    return BranchActivity.objects.filter(held_on__gte=start, held_on__lt=end)


def _link(activity: BranchActivity) -> str:
    return f"/party/activities/{activity.pk}/"


def _closed_periods(start: date, end: date) -> list[tuple[str, date]]:
    """(period kind, last day) of every month, quarter and year lying wholly in [start, end): only a period
    that has ended can be judged; one still running is not counted against anyone."""
    found = []
    for period in RulePeriod.values:
        day = start
        while day < end:
            first, last = period_bounds(period, day)
            if first >= start and last < end:
                found.append((period, last))
            day = last + timedelta(days=1)
    return found


def required_activities_by_unit(start: date, end: date, owner: Unit) -> dict[int, dict[str, int]]:
    """Per branch unit under `owner`: activities due in the closed periods of [start, end) ("due") and those
    of them held within their period ("held", at most the number required). The compliance board's own
    reckoning, read at the last day of each period."""
    branches = list(Branch.objects.filter(unit__in=Unit.objects.within([owner]).values("pk")))
    counts: dict[int, dict[str, int]] = {}
    for period, last in _closed_periods(start, end):
        for compliance in compliance_board(viewer=None, on=last, branches=branches):  # type: ignore[arg-type]  # branches given, the viewer is not read
            added = counts.setdefault(compliance.branch.unit_id, {"due": 0, "held": 0})
            for requirement in compliance.requirements:
                if requirement.period != period:
                    continue
                added["due"] += requirement.required
                added["held"] += min(requirement.held, requirement.required)
    return counts


register(
    ComputedIndicator(
        code="party.required_activities_on_time",
        name="组织生活按期开展率",
        category="党建",
        rows=_activities,
        unit_field="branch__unit",
        measures=Measure.RATE,
        rate=True,
        description="本期内已结束的月、季、年中,按支部频次规则应开展的三会一课、主题党日、组织生活会和民主评议"
        "党员,在当期内开展的比例(每项超出应开次数的不多计)。开展次数只作参考,不计分",
        row_columns=ROW_COLUMNS,
        row_link=_link,
        counted_by=required_activities_by_unit,
        counted_as=CountedShare("held", "due"),
    )
)

register(
    ComputedIndicator(
        code="party.theme_day_on_fixed_day",
        name="主题党日按固定日开展率",
        category="党建",
        rows=lambda start, end: _activities(start, end).filter(kind=ActivityKind.THEME_DAY),
        unit_field="branch__unit",
        measures=Measure.RATE,
        numerator=Q(held_on__day=F("branch__theme_day")),
        rate=True,
        description="主题党日在支部确定的每月固定日开展的比例",
        row_columns=ROW_COLUMNS,
        row_link=_link,
    )
)
