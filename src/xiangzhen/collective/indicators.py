"""Figures of the 三资 ledgers for the assessment app: rent received on time, 村务公开 on time."""

from datetime import date

from django.db.models import F, Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.collective.models import ContractPayment, PaymentStatus, Publication


def _instalments_due(start: date, end: date) -> "QuerySet[ContractPayment]":
    # Cancelled instalments (a contract ended early) were never owed.
    return ContractPayment.objects.filter(due_date__gte=start, due_date__lt=end).exclude(
        status=PaymentStatus.CANCELLED
    )


def _publications_due(start: date, end: date) -> "QuerySet[Publication]":
    return Publication.objects.filter(due_date__gte=start, due_date__lt=end)


register(
    ComputedIndicator(
        code="collective.rent_on_time",
        name="合同租金按期收缴率",
        category="村集体三资",
        rows=_instalments_due,
        unit_field="contract__village",
        measures=Measure.RATE,
        numerator=Q(status=PaymentStatus.PAID, paid_on__lte=F("due_date")),
        rate=True,
        description="期内到期的合同应收款中,到期日前收清的比例",
        row_columns=[
            ("款项", "title"),
            ("应收日期", "due_date"),
            ("应收(元)", "amount"),
            ("收清日期", "paid_on"),
        ],
        row_link=lambda payment: f"/collective/payments/{payment.pk}/",
    )
)
register(
    ComputedIndicator(
        code="collective.publication_on_time",
        name="村务公开按时率",
        category="村集体三资",
        rows=_publications_due,
        unit_field="village",
        measures=Measure.RATE,
        numerator=Q(published_on__isnull=False, published_on__lte=F("due_date")),
        rate=True,
        description="期内应公开的财务、村务公开中,按期公布的比例(村民委员会组织法第三十条)",
        row_columns=[("公开事项", "title"), ("期限", "due_date"), ("公布日期", "published_on")],
    )
)
