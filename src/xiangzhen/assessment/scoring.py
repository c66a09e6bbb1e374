"""How a figure becomes points: the one implementation, used to store scores and to answer "what if".

Points are integers in hundredths (see models). Each rule reads the figure in the indicator's direction:
a lower-is-better rate scores its complement, a lower-is-better rank orders ascending.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from xiangzhen.assessment.models import Normalization, SchemeItem
from xiangzhen.assessment.registry import Direction

ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Rule:
    weight: Decimal
    normalization: str
    direction: str
    target: Decimal | None = None
    per_item: Decimal | None = None

    @classmethod
    def of(cls, item: SchemeItem) -> "Rule":
        return cls(item.weight, item.normalization, item.indicator.direction, item.target, item.per_item)

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER


def to_hundredths(points: Decimal) -> int:
    return int((points * 100).quantize(ONE, rounding=ROUND_HALF_UP))


def competition_ranks(values: dict[int, Decimal | None], higher_is_better: bool) -> dict[int, int]:
    """1, 2, 2, 4: a key's rank is one more than the number of keys strictly better. Missing values get none."""
    ordered = sorted(
        ((key, value) for key, value in values.items() if value is not None),
        key=lambda pair: pair[1],
        reverse=higher_is_better,
    )
    ranks: dict[int, int] = {}
    for position, (key, value) in enumerate(ordered):
        previous = ordered[position - 1] if position else None
        ranks[key] = ranks[previous[0]] if previous is not None and previous[1] == value else position + 1
    return ranks


def points(rule: Rule, value: Decimal | None, rank: int | None = None, ranked: int = 0) -> int | None:
    """The points (hundredths) `value` earns under `rule`; None when the figure is missing."""
    if value is None:
        return None
    weight = rule.weight
    if rule.normalization == Normalization.RATE:
        if rule.higher_is_better:
            share = value / rule.target if rule.target else value
        else:
            share = ONE - value if not rule.target or value > rule.target else ONE
        earned = weight * min(ONE, max(ZERO, share))
    elif rule.normalization == Normalization.RANK:
        if rank is None:
            return None
        earned = weight if ranked <= 1 else weight * Decimal(ranked - rank) / Decimal(ranked - 1)
    elif rule.normalization == Normalization.THRESHOLD:
        assert rule.target is not None  # a database constraint
        met = value >= rule.target if rule.higher_is_better else value <= rule.target
        earned = weight if met else ZERO
    elif rule.normalization == Normalization.CAP:
        earned = min(weight, max(ZERO, value * (rule.per_item or ZERO)))
    elif rule.normalization == Normalization.DEDUCTION:
        earned = max(ZERO, weight - max(ZERO, value) * (rule.per_item or ZERO))
    else:  # DIRECT: the assessor's points, within the item's full points
        earned = min(weight, max(ZERO, value))
    return to_hundredths(earned)


def value_for_points(
    rule: Rule,
    wanted: int,
    *,
    current: Decimal,
    others: list[Decimal],
) -> Decimal | None:
    """The figure nearest to `current` that earns at least `wanted` hundredths; None if none can.

    `others` are the other units' figures of the same indicator (a rank-scored item depends on them)."""
    weight = rule.weight
    if wanted > to_hundredths(weight):
        return None
    share = Decimal(wanted) / 100 / weight
    if rule.normalization == Normalization.RATE:
        if rule.higher_is_better:
            needed = share * (rule.target or ONE)
            return needed if needed <= ONE or rule.target else None
        return ONE - share if share < ONE or rule.target is None else rule.target
    if rule.normalization == Normalization.THRESHOLD:
        return rule.target
    if rule.normalization == Normalization.CAP:
        return (Decimal(wanted) / 100 / (rule.per_item or ONE)).quantize(ONE, rounding=ROUND_CEILING)
    if rule.normalization == Normalization.DEDUCTION:
        faults = (weight - Decimal(wanted) / 100) / (rule.per_item or ONE)
        return faults.to_integral_value(rounding=ROUND_FLOOR)
    if rule.normalization == Normalization.DIRECT:
        return Decimal(wanted) / 100
    # RANK: the weakest place that earns enough; tying the unit now at that place takes it.
    ranked = len(others) + 1
    ordered = sorted(others, reverse=rule.higher_is_better)
    for place in range(ranked, 0, -1):
        if (points(rule, current, place, ranked) or 0) >= wanted:
            return ordered[place - 1] if place <= len(ordered) else current
    return None
