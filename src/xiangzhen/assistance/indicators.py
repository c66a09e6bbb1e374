"""Figures of monitoring and assistance for the assessment app."""

from datetime import date

from django.db.models import F, Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.assistance.models import HouseholdStatus, Procedure, Review, ReviewStep
from xiangzhen.assistance.models import Measure as AssistanceMeasure


def _measures_due(start: date, end: date) -> QuerySet[AssistanceMeasure]:
    return AssistanceMeasure.objects.filter(due_date__gte=start, due_date__lt=end)


def _risk_eliminated(start: date, end: date) -> QuerySet[Review]:
    """The county's confirmations of 风险消除 in the period: one row per household cleared."""
    return Review.objects.filter(
        procedure=Procedure.EXIT,
        step=ReviewStep.COUNTY,
        approved=True,
        decided_on__gte=start,
        decided_on__lt=end,
    )


register(
    ComputedIndicator(
        code="assistance.measures_on_time",
        name="帮扶措施按时完成率",
        category="防返贫监测帮扶",
        rows=_measures_due,
        unit_field="household__village",
        measures=Measure.RATE,
        numerator=Q(on_time=True),
        rate=True,
        description="计划完成日期在本期的帮扶措施中,全部步骤按计划日期完成的比例",
        row_columns=[("措施", "title"), ("计划完成", "due_date"), ("完成日期", "done_on")],
    )
)
register(
    ComputedIndicator(
        code="assistance.risk_eliminated_held",
        name="风险消除户稳定率",
        category="防返贫监测帮扶",
        rows=_risk_eliminated,
        unit_field="household__village",
        measures=Measure.RATE,
        # Still cleared by this very decision: a household that fell back (and perhaps was cleared again
        # later) does not count for the period it was first cleared in.
        numerator=Q(household__status=HouseholdStatus.CLEARED, household__cleared_on=F("decided_on")),
        rate=True,
        description="本期经县级确认风险消除的监测户中,至今未返贫(未重新纳入监测)的比例。"
        "入户走访次数只作参考,不计分;风险消除不设指标数",
        row_columns=[
            ("监测户编号", "household_id"),
            ("县级确认", "decided_on"),
            ("现状态", "household__status"),
        ],
    )
)
