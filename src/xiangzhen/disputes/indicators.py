"""Dispute figures for the assessment app (矛盾化解): counted at the place the dispute arose."""

from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.disputes.models import Dispute, DisputeStatus, SettledLevel

COLUMNS = [
    ("纠纷", "title"),
    ("登记日期", "registered_on"),
    ("化解日期", "settled_on"),
    ("化解层级", "settled_level"),
]


def settled_between(start: date, end: date) -> QuerySet[Dispute]:
    return Dispute.objects.filter(status=DisputeStatus.SETTLED, settled_on__gte=start, settled_on__lt=end)


def dispute_link(row: Dispute) -> str:
    return reverse("disputes:detail", args=[row.pk])


register(
    ComputedIndicator(
        code="disputes.settled",
        name="化解纠纷数",
        category="矛盾化解",
        rows=settled_between,
        unit_field="place",
        measures=Measure.OUTCOME,
        description="本期化解的矛盾纠纷,按发生地计。",
        row_columns=COLUMNS,
        row_link=dispute_link,
    )
)
register(
    ComputedIndicator(
        code="disputes.settled_in_village_rate",
        name="村级化解率",
        category="矛盾化解",
        rows=settled_between,
        unit_field="place",
        measures=Measure.RATE,
        numerator=Q(settled_level=SettledLevel.VILLAGE),
        rate=True,
        description="本期化解的纠纷中在村一级化解的比例(小事不出村)。",
        row_columns=COLUMNS,
        row_link=dispute_link,
    )
)
