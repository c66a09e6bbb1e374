"""The 三率 as assessment indicators (接诉即办): outcome rates of the orders, never counts of records, so a
county's monthly 街乡 ranking and its explanations read the same figures as the hotline's own pages."""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Value, When
from django.db.models.functions import Coalesce

from xiangzhen.assessment.registry import ComputedIndicator, Measure, register
from xiangzhen.hotline.figures import DEFAULT_BASIC_WEIGHT, counted_orders, visited_orders
from xiangzhen.hotline.models import Rating, WorkOrder

CATEGORY = "接诉即办"
COLUMNS = [
    ("工单编号", "platform_number"),
    ("诉求分类", "category"),
    ("派单时间", "dispatched_at"),
    ("状态", "status"),
    ("回访评价", "rating"),
]


def order_link(row: WorkOrder) -> str:
    return f"/hotline/orders/{row.pk}/"


register(
    ComputedIndicator(
        code="hotline.response_rate",
        name="12345响应率",
        category=CATEGORY,
        rows=counted_orders,
        unit_field="handler_unit",
        numerator=Q(responded_on_time=True),
        rate=True,
        measures=Measure.RATE,
        description="派单后在时限内签收并联系来电人的工单 / 当月派单数(退单成立的不计)",
        row_columns=COLUMNS,
        row_link=order_link,
    )
)
register(
    ComputedIndicator(
        code="hotline.resolution_rate",
        name="12345解决率",
        category=CATEGORY,
        rows=visited_orders,
        unit_field="handler_unit",
        numerator=Q(resolved=True),
        rate=True,
        measures=Measure.RATE,
        description="回访时来电人认为已解决的工单 / 有效回访数(满意、基本满意、不满意)",
        row_columns=COLUMNS,
        row_link=order_link,
    )
)
register(
    ComputedIndicator(
        code="hotline.satisfaction_rate",
        name="12345满意率",
        category=CATEGORY,
        rows=visited_orders,
        unit_field="handler_unit",
        numerator=Q(rating__in=[Rating.SATISFIED, Rating.BASIC]),
        # 基本满意 weighs what the county's rule set says (default 0.9).
        numerator_weight=Case(
            When(
                rating=Rating.BASIC,
                then=Coalesce(
                    F("county__hotline_rule_choice__rule_set__basic_satisfied_weight"),
                    Value(DEFAULT_BASIC_WEIGHT),
                    output_field=DecimalField(max_digits=4, decimal_places=2),
                ),
            ),
            default=Value(Decimal(1)),
            output_field=DecimalField(max_digits=4, decimal_places=2),
        ),
        rate=True,
        measures=Measure.RATE,
        description="(满意 + 基本满意 × 折算系数) / 有效回访数;折算系数按本县规则,默认0.9",
        row_columns=COLUMNS,
        row_link=order_link,
    )
)
