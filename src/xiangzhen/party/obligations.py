"""三会一课 on the one clock: each branch's required activities not yet held this month, quarter or year.

The rule is the party board's (`compliance_board`): the same requirement, the same yellow and red working
days; the clock only dates them — red from the first day with no more than `red_workdays` left."""

from datetime import date, timedelta
from typing import Any

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.org.models import CadreRole
from xiangzhen.org.permissions import Action
from xiangzhen.party.models import ActivityKind, ActivityRule, Branch, BranchActivity, RulePeriod
from xiangzhen.party.selectors import compliance_board
from xiangzhen.workdays.calendar import CalendarUnavailable, WorkdayCalendar


def _first_day_with_at_most(end: date, workdays: int, calendar: WorkdayCalendar) -> date:
    """The first day after which no more than `workdays` working days remain until `end` (inclusive): the
    board's `workdays_between(day, end)`, which does not count the day itself."""
    day, left = end, 0
    while True:
        try:
            working = calendar.is_workday(day)
        except CalendarUnavailable:
            working = day.weekday() < 5
        if working:
            left += 1
            if left > workdays:
                return day
        day -= timedelta(days=1)
        if (end - day).days > 400:
            return day


def _missing_activities(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    branches = Branch.objects.select_related("unit")
    if ids is not None:
        branches = branches.filter(pk__in=ids)
    board = compliance_board(viewer=None, on=today, branches=list(branches))  # type: ignore[arg-type]
    rules = {(rule.branch_id, rule.kind): rule for rule in ActivityRule.objects.all()}
    calendar = WorkdayCalendar()
    rows = []
    for compliance in board:
        branch = compliance.branch
        for requirement in compliance.missing:
            rule = rules.get((branch.pk, requirement.kind)) or rules[(None, requirement.kind)]
            red_from = _first_day_with_at_most(requirement.period_end, rule.red_workdays, calendar)
            due = red_from - timedelta(days=1)
            yellow = _first_day_with_at_most(requirement.period_end, rule.yellow_workdays, calendar)
            if requirement.kind == ActivityKind.THEME_DAY and requirement.period == RulePeriod.MONTH:
                # Red once the fixed day has passed, or as the month runs out when the fixed day is late in it.
                theme_day = min(
                    requirement.period_end, requirement.period_start.replace(day=branch.theme_day)
                )
                due = min(due, theme_day)
                yellow = min(yellow, theme_day - timedelta(days=3))
            rows.append(
                {
                    "key": f"{branch.pk}/{requirement.kind}/{requirement.period_start.isoformat()}",
                    "source_id": branch.pk,
                    "unit_id": branch.unit_id,
                    "owner_id": None,
                    "title": f"{branch.name} · {requirement.label}"
                    f"(本{ {'month': '月', 'quarter': '季度', 'year': '年'}[requirement.period] }"
                    f"应 {requirement.required} 次,已 {requirement.held} 次)",
                    "link": f"/party/branches/{branch.pk}/",
                    "due_date": due,
                    "yellow_from": min(yellow, due),
                    "urgent": False,
                }
            )
    return rows


register(
    ObligationKind(
        name="party.activity",
        label="三会一课",
        source_model=Branch,
        computed=_missing_activities,
        watch={
            BranchActivity: lambda activity: [activity.branch_id],
            ActivityRule: lambda rule: (
                [rule.branch_id] if rule.branch_id else Branch.objects.values_list("pk", flat=True)
            ),
        },
        action=Action.RECORD_BRANCH_LIFE,
        roles=frozenset({CadreRole.VILLAGE_CADRE, CadreRole.TOWNSHIP_CADRE}),
        counted_in="工作日",
    )
)
