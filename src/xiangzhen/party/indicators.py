"""党建 figures for the assessment app, counted from the recorded branch activities."""

from datetime import date

from django.db.models import F, Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, register
from xiangzhen.party.models import ActivityKind, BranchActivity

ROW_COLUMNS = [("日期", "held_on"), ("支部", "branch__name"), ("活动", "kind"), ("主题", "topic")]


def _activities(start: date, end: date) -> QuerySet[BranchActivity]:
    return BranchActivity.objects.filter(held_on__gte=start, held_on__lt=end)


def _link(activity: BranchActivity) -> str:
    return f"/party/activities/{activity.pk}/"


register(
    ComputedIndicator(
        code="party.activities_held",
        name="组织生活开展次数",
        category="党建",
        rows=_activities,
        unit_field="branch__unit",
        description="三会一课、主题党日、组织生活会和民主评议党员的记录次数",
        unit_label="次",
        row_columns=ROW_COLUMNS,
        row_link=_link,
    )
)

register(
    ComputedIndicator(
        code="party.theme_day_on_fixed_day",
        name="主题党日按固定日开展率",
        category="党建",
        rows=lambda start, end: _activities(start, end).filter(kind=ActivityKind.THEME_DAY),
        unit_field="branch__unit",
        numerator=Q(held_on__day=F("branch__theme_day")),
        rate=True,
        description="主题党日在支部确定的每月固定日开展的比例",
        row_columns=ROW_COLUMNS,
        row_link=_link,
    )
)
