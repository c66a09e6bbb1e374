"""The figures of "我的待办" beside the list itself (`clock.selectors.todo_list`): the year's chart of the
service hall, read from the monthly tallies, so the home page does not grow with a town's history."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from xiangzhen.org.selectors import AnyUser, visible_units
from xiangzhen.services.models import RequestTally


@dataclass(frozen=True)
class MonthlyRequests:
    months: list[str]
    accepted: list[int]
    completed: list[int]


def _months_through(today: date, count: int) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        first = months[0]
        months.insert(0, date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1))
    return months


def monthly_requests(*, viewer: AnyUser, today: date, months: int = 12) -> MonthlyRequests:
    """Requests accepted in each of the last twelve months in the viewer's units, and how many of them are
    completed: twelve tally rows per unit and item, whatever the history."""
    span = _months_through(today, months)
    rows = {
        row["month"]: row
        for row in RequestTally.objects.filter(
            handling_unit__in=visible_units(viewer).values("pk"), month__gte=span[0], month__lte=span[-1]
        )
        .values("month")
        .annotate(accepted=Sum("accepted"), completed=Sum("completed"))
        .order_by()
    }
    return MonthlyRequests(
        months=[f"{month:%Y-%m}" for month in span],
        accepted=[rows.get(month, {}).get("accepted") or 0 for month in span],
        completed=[rows.get(month, {}).get("completed") or 0 for month in span],
    )
