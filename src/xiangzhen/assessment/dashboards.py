"""Reads of the assessment pages beyond the selectors: the wording of a lift, the unit just above, the
township leader's 成绩单 and the county's view across towns."""

from dataclasses import dataclass
from decimal import Decimal

from xiangzhen.assessment.models import Score
from xiangzhen.assessment.periods import Period
from xiangzhen.assessment.selectors import Lift, SchemeAccess
from xiangzhen.org.models import Unit


@dataclass(frozen=True)
class LiftLine:
    text: str
    new_rank: int


def _number(value: Decimal) -> str:
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        return f"{normalized:f}"
    return f"{value.quantize(Decimal('0.01'))}"


def lift_line(lift: Lift) -> LiftLine:
    """怎样进一名, in words: rows to add for a computed figure, the value to reach for an entered one."""
    indicator = lift.item.indicator
    if lift.rows_more is not None and lift.rows_more > 0:
        text = f"“{indicator.name}”再多计入 {lift.rows_more} 件"
    elif lift.rows_more is not None and lift.rows_more < 0:
        text = f"“{indicator.name}”少计入 {-lift.rows_more} 件"
    elif indicator.is_rate:
        current = f"{lift.current * 100:.1f}%" if lift.current is not None else "缺数据"
        text = f"“{indicator.name}”从 {current} 提到 {lift.needed * 100:.1f}%"
    else:
        current = _number(lift.current) if lift.current is not None else "缺数据"
        text = f"“{indicator.name}”从 {current} 变为 {_number(lift.needed)}{indicator.unit_label}"
    return LiftLine(text, lift.new_rank)


def unit_above(access: SchemeAccess, period: Period, score: Score | None) -> Unit | None:
    """The unit placed just above, when the viewer may open its breakdown (to compare on the gap page)."""
    if score is None or score.rank == 1:
        return None
    above = (
        Score.objects.filter(scheme=access.scheme, period_start=period.start, rank__lt=score.rank)
        .select_related("unit")
        .order_by("-rank", "unit__path")
        .first()
    )
    if above is None or not access.may_see_unit(above.unit_id):
        return None
    return above.unit
