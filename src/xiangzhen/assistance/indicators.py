"""Figures of monitoring and assistance for the assessment app."""

from datetime import date

from django.db.models import Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, register
from xiangzhen.assistance.models import Measure, Visit


def _measures_due(start: date, end: date) -> QuerySet[Measure]:
    return Measure.objects.filter(due_date__gte=start, due_date__lt=end)


def _visits(start: date, end: date) -> QuerySet[Visit]:
    return Visit.objects.filter(visited_on__gte=start, visited_on__lt=end)


register(
    ComputedIndicator(
        code="assistance.measures_on_time",
        name="帮扶措施按时完成率",
        category="防返贫监测帮扶",
        rows=_measures_due,
        unit_field="household__village",
        numerator=Q(on_time=True),
        rate=True,
        description="计划完成日期在本期的帮扶措施中,全部步骤按计划日期完成的比例",
        row_columns=[("措施", "title"), ("计划完成", "due_date"), ("完成日期", "done_on")],
    )
)
register(
    ComputedIndicator(
        code="assistance.household_visits",
        name="入户走访次数",
        category="防返贫监测帮扶",
        rows=_visits,
        unit_field="household__village",
        unit_label="次",
        description="帮扶干部对监测户的入户走访",
        row_columns=[("走访日期", "visited_on"), ("走访干部", "cadre__name")],
    )
)
