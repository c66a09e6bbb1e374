"""Time limits from a county's rule set: counted from the platform's 派单, in hours, calendar days or working
days on the official calendar (a day counted in days ends at 24:00 Beijing time)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from xiangzhen.errors import ValidationFailed
from xiangzhen.hotline.models import CountyRuleChoice, Measure, Rule, RuleSet, Stage
from xiangzhen.org.models import Unit
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar

# The profile a county uses until it chooses one.
DEFAULT_RULE_SET = "beijing"


@dataclass(frozen=True)
class Limit:
    amount: int
    measure: str

    def label(self) -> str:
        return f"{self.amount} {Measure(self.measure).label}"


def rule_set_for(county: Unit) -> RuleSet:
    choice = CountyRuleChoice.objects.select_related("rule_set").filter(county=county).first()
    if choice is not None:
        return choice.rule_set
    rule_set = RuleSet.objects.filter(code=DEFAULT_RULE_SET).first() or RuleSet.objects.first()
    if rule_set is None:
        raise ValidationFailed("尚未设置接诉即办时限规则,请先为本县选择一套规则")
    return rule_set


def limit_for(rule_set: RuleSet, *, stage: str, kind: str, urgency: str) -> Limit:
    """The most specific rule of the stage: type and urgency, then urgency, then type, then neither."""
    candidates = {
        (rule.kind, rule.urgency): rule
        for rule in Rule.objects.filter(rule_set=rule_set, stage=stage)
        if rule.kind in ("", kind) and rule.urgency in ("", urgency)
    }
    for key in ((kind, urgency), ("", urgency), (kind, ""), ("", "")):
        rule = candidates.get(key)
        if rule is not None:
            return Limit(rule.amount, rule.measure)
    if stage == Stage.REDO:
        # A set without a 重办 limit gives the second handling the first one's.
        return limit_for(rule_set, stage=Stage.RESOLVE, kind=kind, urgency=urgency)
    raise ValidationFailed(f"规则“{rule_set.name}”没有{Stage(stage).label}时限")


def due_after(start: datetime, limit: Limit, calendar: WorkdayCalendar | None = None) -> datetime:
    """The moment a limit counted from `start` ends."""
    if limit.measure == Measure.HOURS:
        return start + timedelta(hours=limit.amount)
    day = timezone.localdate(start)
    if limit.measure == Measure.DAYS:
        end = day + timedelta(days=limit.amount)
    else:
        try:
            end = (calendar or WorkdayCalendar()).add_workdays(day, limit.amount).date
        except CalendarUnavailable as error:
            raise ValidationFailed(str(error)) from error
    return timezone.make_aware(datetime.combine(end, time(23, 59, 59)))
