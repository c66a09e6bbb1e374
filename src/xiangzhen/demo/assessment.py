"""The races of the demo: 大桥头乡's eight villages every week, 常山县's towns every month, 生机镇's villages
every month on their service figures.

From the seed: "大桥头乡8个村,每周都要评比一次。即使相差一分,大家都会去问为什么" — 濛桥村, long the model
village, fell to last one week; 常山 runs "一月一乡一推进" and "五比亮剑" (比谋划、比办法、比干劲、比业绩、比形象)
between its towns, and 大桥头乡 climbed from the back of the county to the front.
"""

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from xiangzhen.assessment.models import Indicator, Normalization, Scheme
from xiangzhen.assessment.periods import Period, PeriodKind, period_containing
from xiangzhen.assessment.services import (
    ItemSpec,
    board_publish,
    indicator_create,
    indicators_sync,
    manual_entry_record,
    scheme_create,
    scores_compute,
)
from xiangzhen.demo.clock import WorkClock, recorded_at, workday_on_or_after, workday_on_or_before
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.workdays.calendar import WorkdayCalendar

WEEKS = 10
MONTHS = 6
FIVE_COMPARISONS = ["比谋划", "比办法", "比干劲", "比业绩", "比形象"]


def _indicator(actor: User, code: str, name: str, category: str) -> Indicator:
    return Indicator.objects.filter(code=code).first() or indicator_create(
        actor=actor, code=code, name=name, category=category, direction="higher"
    )


def _past_periods(kind: str, today: date, count: int) -> list[Period]:
    """The last `count` whole periods before the running one, oldest first."""
    periods = [period_containing(kind, today).previous()]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def _clock(period: Period, today: date) -> WorkClock:
    """Scores are entered and computed on the first working day after the period, never today or later
    (the demo replays the past)."""
    calendar = WorkdayCalendar()
    first = workday_on_or_after(period.end, calendar)
    if first >= today:
        first = workday_on_or_before(today - timedelta(days=1), calendar)
    return WorkClock(first, calendar, random.Random(period.start.toordinal()))


def _enter(
    actor: User, scheme: Scheme, period: Period, values: dict[Unit, dict[Indicator, Decimal]], today: date
) -> None:
    items = {item.indicator_id: item for item in scheme.items.select_related("indicator")}
    clock = _clock(period, today)
    for unit, by_indicator in values.items():
        for indicator, value in by_indicator.items():
            with recorded_at(clock.next()):
                manual_entry_record(
                    actor=actor,
                    scheme=scheme,
                    item=items[indicator.pk],
                    unit=unit,
                    period=period,
                    value=value,
                    evidence=f"{period.label}{indicator.name}现场检查记录",
                )


def _compute_and_publish(actor: User, scheme: Scheme, periods: list[Period], today: date) -> None:
    for period in periods:
        clock = _clock(period, today)
        for _ in range(40):  # after the entries of the day
            clock.next()
        with recorded_at(clock.next()):
            scores_compute(actor=actor, scheme=scheme, period=period)
        if period != periods[-1]:  # the newest board waits for the leaders' meeting
            with recorded_at(clock.next()):
                board_publish(actor=actor, scheme=scheme, period=period)


def _daqiaotou_weekly(actor: User, today: date, generator: random.Random) -> Scheme:
    town = Unit.objects.get(name="大桥头乡", level=UnitLevel.TOWN)
    branch = _indicator(actor, "branch.work", "支部建设(三会一课、主题党日)", "党建")
    drive = _indicator(actor, "work.drive", "工作干劲(比干劲)", "比干劲")
    looks = _indicator(actor, "village.looks", "村容村貌(比形象)", "比形象")
    scheme = scheme_create(
        actor=actor,
        name="大桥头乡村级党建周评比",
        owner_unit=town,
        level=UnitLevel.VILLAGE,
        period_kind=PeriodKind.WEEK,
        description="8个村每周评比一次,每周一在乡党委会上通报,连续两周末位的村党支部书记约谈。",
        items=[
            ItemSpec(branch, Decimal(50), Normalization.DIRECT),
            ItemSpec(drive, Decimal(30), Normalization.DIRECT),
            ItemSpec(looks, Decimal(10), Normalization.DIRECT),
            ItemSpec(
                Indicator.objects.get(code="supervision.overdue_tasks"),
                Decimal(10),
                Normalization.DEDUCTION,
                per_item=Decimal(2),
            ),
        ],
        linkage_weight=Decimal("0.3"),
    )
    villages = list(Unit.objects.filter(parent=town, level=UnitLevel.VILLAGE).order_by("path"))
    weeks = _past_periods(PeriodKind.WEEK, today, WEEKS)
    for index, week in enumerate(weeks):
        values: dict[Unit, dict[Indicator, Decimal]] = {}
        for village in villages:
            branch_points = Decimal(generator.randint(38, 46))
            drive_points = Decimal(generator.randint(20, 26))
            if village.name == "濛桥村":
                # The model village, ahead every week — until the week it was overtaken and fell to last.
                fell = index == WEEKS - 3
                branch_points = Decimal(33 if fell else generator.randint(44, 48))
                drive_points = Decimal(17 if fell else generator.randint(24, 28))
            if village.name == "黄泥塘村" and index in (WEEKS - 6, WEEKS - 5):
                branch_points, drive_points = Decimal(32), Decimal(16)  # last two weeks running: 约谈
            looks_points = Decimal(generator.randint(6, 9)) if village.name != "濛桥村" else Decimal(9)
            values[village] = {branch: branch_points, drive: drive_points, looks: looks_points}
        _enter(actor, scheme, week, values, today)
    _compute_and_publish(actor, scheme, weeks, today)
    return scheme


def _county_monthly(actor: User, today: date, generator: random.Random) -> Scheme:
    county = Unit.objects.get(name="常山县", level=UnitLevel.COUNTY)
    comparisons = [
        _indicator(actor, f"five.{index}", name, name) for index, name in enumerate(FIVE_COMPARISONS, start=1)
    ]
    scheme = scheme_create(
        actor=actor,
        name="全县一月一乡一推进",
        owner_unit=county,
        level=UnitLevel.TOWN,
        period_kind=PeriodKind.MONTH,
        description="“五比亮剑”:比谋划、比办法、比干劲、比业绩、比形象,每项16分;便民服务按办结率和满意率计分。",
        items=[
            *(ItemSpec(indicator, Decimal(16), Normalization.DIRECT) for indicator in comparisons),
            ItemSpec(Indicator.objects.get(code="services.completion_rate"), Decimal(10), Normalization.RATE),
            ItemSpec(
                Indicator.objects.get(code="services.satisfaction_weighted"), Decimal(10), Normalization.RATE
            ),
        ],
        linkage_weight=Decimal("0.7"),
    )
    towns = list(Unit.objects.filter(parent=county, level=UnitLevel.TOWN).order_by("path"))
    months = _past_periods(PeriodKind.MONTH, today, MONTHS)
    for index, month in enumerate(months):
        values = {}
        for town in towns:
            base = 11 + generator.random() * 2
            if town.name == "大桥头乡":
                base = 9.5 + index * 1.1  # from the back of the county to the front
            values[town] = {
                indicator: Decimal(min(16, base + generator.random() * 1.5)).quantize(Decimal("0.1"))
                for indicator in comparisons
            }
        _enter(actor, scheme, month, values, today)
    _compute_and_publish(actor, scheme, months, today)
    return scheme


def _shengji_monthly(actor: User, today: date) -> Scheme:
    town = Unit.objects.get(name="生机镇", level=UnitLevel.TOWN)
    scheme = scheme_create(
        actor=actor,
        name="生机镇村级便民服务月评比",
        owner_unit=town,
        level=UnitLevel.VILLAGE,
        period_kind=PeriodKind.MONTH,
        description="三率全考核:办结率、按时办结率、满意率(基本满意按0.9计),加受理量名次和最多跑一次。",
        items=[
            ItemSpec(Indicator.objects.get(code="services.accepted"), Decimal(20), Normalization.RANK),
            ItemSpec(Indicator.objects.get(code="services.completion_rate"), Decimal(25), Normalization.RATE),
            ItemSpec(
                Indicator.objects.get(code="services.on_time_rate"),
                Decimal(20),
                Normalization.THRESHOLD,
                target=Decimal("0.95"),
            ),
            ItemSpec(
                Indicator.objects.get(code="services.satisfaction_weighted"), Decimal(25), Normalization.RATE
            ),
            ItemSpec(Indicator.objects.get(code="services.one_visit_rate"), Decimal(10), Normalization.RATE),
        ],
        linkage_weight=Decimal("0.5"),
    )
    _compute_and_publish(actor, scheme, _past_periods(PeriodKind.MONTH, today, MONTHS), today)
    return scheme


def assessment_load(*, actor: User, today: date) -> list[Scheme]:
    indicators_sync()
    generator = random.Random(8)
    races: list[tuple[Callable[[], Scheme], str, int]] = [
        (lambda: _daqiaotou_weekly(actor, today, generator), PeriodKind.WEEK, WEEKS),
        (lambda: _county_monthly(actor, today, generator), PeriodKind.MONTH, MONTHS),
        (lambda: _shengji_monthly(actor, today), PeriodKind.MONTH, MONTHS),
    ]
    schemes = []
    for race, kind, count in races:
        # Set up the working day before the first period (the entries carry their own times).
        first = _past_periods(kind, today, count)[0]
        with recorded_at(_clock(first.previous(), today).next()):
            schemes.append(race())
    return schemes
