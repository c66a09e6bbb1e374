from dataclasses import dataclass

from django.db.models import Count, Q

from xiangzhen.workdays.calendar import PROVISIONAL_YEARS_AHEAD
from xiangzhen.workdays.models import CalendarSource, CalendarYear, DayKind, SpecialDay


@dataclass(frozen=True)
class YearStatus:
    year: int
    official: bool
    source_label: str
    holidays: int = 0
    makeup_workdays: int = 0


def calendar_year_statuses(*, current_year: int) -> list[YearStatus]:
    """Recent official years, then the provisional years that deadlines may reach, newest first."""
    sources = dict(CalendarYear.objects.values_list("year", "source"))
    counts = {
        row["date__year"]: row
        for row in SpecialDay.objects.filter(date__year__gte=current_year - 2)
        .values("date__year")
        .annotate(
            holidays=Count("date", filter=Q(kind=DayKind.HOLIDAY)),
            makeup=Count("date", filter=Q(kind=DayKind.MAKEUP_WORKDAY)),
        )
    }
    last_official = max(sources, default=current_year)
    statuses = []
    for year in range(last_official + PROVISIONAL_YEARS_AHEAD, current_year - 3, -1):
        if year in sources:
            row = counts.get(year, {})
            statuses.append(
                YearStatus(
                    year,
                    True,
                    str(CalendarSource(sources[year]).label),
                    row.get("holidays", 0),
                    row.get("makeup", 0),
                )
            )
        elif year > last_official:
            statuses.append(YearStatus(year, False, "尚未公布,按法定节假日推算(暂定)"))
    return statuses
