"""Where a return's rows come from: each source declares its fields and yields plain rows (tuples in the
order of its fields) for one town and one period, read with values_list() from a chunked cursor, so a
return of any size is written in flat memory. A return template (returns.models) maps its columns to these
field names: a county adds its own form by choosing among them, without code.

Each source reads what the page showing the same figures reads (see the tests in tests/returns), so a
return never disagrees with the system it came from."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from xiangzhen.assistance.models import Household, HouseholdCategory, HouseholdStatus
from xiangzhen.collective.models import Publication, PublicationKind
from xiangzhen.disputes.models import Dispute, ScreeningReport
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.party.models import ActivityKind, BranchActivity
from xiangzhen.returns.periods import Period, month_end
from xiangzhen.returns.persons import HOUSEHOLD_HEAD, masked_person
from xiangzhen.services.figures import service_counts
from xiangzhen.services.selectors import STATISTICS_GROUPS, ServiceStatistics

Row = tuple[object, ...]
CHUNK = 2000


@dataclass(frozen=True)
class Field:
    name: str
    label: str


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    fields: tuple[Field, ...]
    rows: Callable[[Unit, Period], Iterator[Row]]

    def field_index(self) -> dict[str, int]:
        """Position of each field in a row, by name and by Chinese label (a county's form may use either)."""
        index = {field.name: position for position, field in enumerate(self.fields)}
        index.update({field.label: position for position, field in enumerate(self.fields)})
        return index

    def field_list_text(self) -> str:
        return "、".join(f"{field.name}({field.label})" for field in self.fields)


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Labels resolved once per return, not once per row."""
    return {value: str(label) for value, label in choices}


def _within(town: Unit) -> object:
    return Unit.objects.within([town]).values("pk")


def _villages(town: Unit) -> list[tuple[int, str, str]]:
    return list(
        Unit.objects.within([town])
        .filter(level=UnitLevel.VILLAGE)
        .order_by("path")
        .values_list("pk", "name", "path")
    )


# 防返贫动态监测: every household under monitoring at some time in the period (included on or before its
# last day and not cleared before its first), with its members, measures and the cadre paired with it.
ASSISTANCE_FIELDS = (
    Field("village", "村(社区)"),
    Field("head_name", "户主姓名"),
    Field("head_id_number", "户主身份证号"),
    Field("phone", "联系电话"),
    Field("category", "监测类型"),
    Field("status", "监测状态"),
    Field("identified_on", "纳入监测日期"),
    Field("cleared_on", "风险消除日期"),
    Field("members", "家庭人口"),
    Field("labour", "劳动力人数"),
    Field("measures", "帮扶措施数"),
    Field("measures_done", "已落实措施数"),
    Field("responsible", "帮扶责任人"),
)


def assistance_rows(town: Unit, period: Period) -> Iterator[Row]:
    categories = _labels(HouseholdCategory.choices)
    statuses = _labels(HouseholdStatus.choices)
    households = (
        Household.objects.filter(
            Q(cleared_on__isnull=True) | Q(cleared_on__gte=period.start),
            village__in=_within(town),
            identified_on__lte=period.end,
        )
        .annotate(
            member_count=Count("members", distinct=True),
            labour_count=Count("members", filter=Q(members__is_labour=True), distinct=True),
            measure_count=Count("measures", distinct=True),
            measure_done_count=Count("measures", filter=Q(measures__done_on__isnull=False), distinct=True),
        )
        .order_by("village__path", "id")
        .values_list(
            "village__name",
            *HOUSEHOLD_HEAD,
            "category",
            "status",
            "identified_on",
            "cleared_on",
            "member_count",
            "labour_count",
            "measure_count",
            "measure_done_count",
            "responsible__name",
        )
    )
    for (
        village,
        name,
        id_number,
        phone,
        category,
        status,
        identified,
        cleared,
        *counts,
        cadre,
    ) in households.iterator(chunk_size=CHUNK):
        yield (
            village,
            *masked_person(name, id_number, phone),
            categories.get(category, category),
            statuses.get(status, status),
            identified,
            cleared or "",
            *counts,
            cadre or "",
        )


# 矛盾纠纷排查月报: for each month and each village, its screening report (or that none came), and the
# disputes registered and settled there in the month.
DISPUTE_FIELDS = (
    Field("month", "月份"),
    Field("village", "村(社区)"),
    Field("reported", "报送情况"),
    Field("found", "排查发现纠纷数"),
    Field("zero_report", "零报告"),
    Field("registered", "登记纠纷数"),
    Field("settled", "化解纠纷数"),
    Field("note", "说明"),
)


def _disputes_per_village(
    town: Unit, villages: list[tuple[int, str, str]], date_field: str, since: date, until: date
) -> dict[int, int]:
    """Disputes whose `date_field` falls in the days, per village of their place (a 村民组 counts for its
    village): one grouped query, each place's path matched to its village's prefix."""
    counted: dict[int, int] = {}
    per_place = (
        Dispute.objects.filter(
            place__in=_within(town),
            **{f"{date_field}__gte": since, f"{date_field}__lte": until},
        )
        .values_list("place__path")
        .annotate(total=Count("id"))
        .order_by()
    )
    for place_path, total in per_place:
        for village_id, _name, path in villages:
            if place_path.startswith(path):
                counted[village_id] = counted.get(village_id, 0) + total
                break
    return counted


def dispute_rows(town: Unit, period: Period) -> Iterator[Row]:
    villages = _villages(town)
    for month in period.months():
        last_day = min(period.end, month_end(month))
        reports = {
            unit_id: (count, note)
            for unit_id, count, note in ScreeningReport.objects.filter(
                month=month, unit__in=[pk for pk, _, _ in villages]
            ).values_list("unit_id", "dispute_count", "note")
        }
        registered = _disputes_per_village(town, villages, "registered_on", month, last_day)
        settled = _disputes_per_village(town, villages, "settled_on", month, last_day)
        for village_id, name, _path in villages:
            report = reports.get(village_id)
            yield (
                f"{month:%Y-%m}",
                name,
                "已报送" if report is not None else "未报送",
                report[0] if report is not None else "",
                ("是" if report[0] == 0 else "否") if report is not None else "",
                registered.get(village_id, 0),
                settled.get(village_id, 0),
                report[1] if report is not None else "",
            )


# 便民服务月度统计: per handling unit of the town, the counts and rates of the statistics page, from the same
# tallies (services.figures.service_counts) and the same rate definitions.
SERVICE_FIELDS = (
    Field("unit", "承办单位"),
    Field("accepted", "受理件数"),
    Field("completed", "办结件数"),
    Field("finished", "办理完毕件数"),
    Field("on_time", "按时办结件数"),
    Field("on_time_rate", "按时办结率"),
    Field("one_visit", "最多跑一次件数"),
    Field("one_visit_rate", "最多跑一次率"),
    Field("rated", "评价件数"),
    Field("satisfied", "满意件数"),
    Field("basically_satisfied", "基本满意件数"),
    Field("satisfaction_rate", "满意率"),
)


def service_rows(town: Unit, period: Period) -> Iterator[Row]:
    key, name = STATISTICS_GROUPS["unit"]
    units = Unit.objects.within([town]).values("pk")
    counted = service_counts(
        handling_units=units, filed_at_units=units, since=period.start, until=period.end, key=key, name=name
    )
    rows = [
        ServiceStatistics(
            key=group_key,
            name=counted.names[group_key],
            accepted=counts["accepted"],
            completed=counts["completed"],
            finished=counts["finished"],
            on_time=counts["on_time"],
            yellow_open=0,
            overdue_open=0,
            average_workdays=None,
            average_visits=None,
            one_visit=counts["one_visit"],
            rated=counts["rated"],
            satisfied=counts["satisfied"],
            basically_satisfied=counts["basically_satisfied"],
        )
        for group_key, counts in counted.counts.items()
        if counts["accepted"] or counts["finished"] or counts["rated"]
    ]
    for row in sorted(rows, key=lambda row: (row.name, row.key)):
        yield (
            row.name,
            row.accepted,
            row.completed,
            row.finished,
            row.on_time,
            row.on_time_text,
            row.one_visit,
            row.one_visit_text,
            row.rated,
            row.satisfied,
            row.basically_satisfied,
            row.satisfaction_text,
        )


# 三会一课台账: every branch activity held in the period by a branch of the town.
PARTY_FIELDS = (
    Field("held_on", "日期"),
    Field("branch", "党支部"),
    Field("unit", "所属单位"),
    Field("kind", "活动"),
    Field("topic", "主题"),
    Field("expected", "应到"),
    Field("present", "实到"),
    Field("voting_expected", "应到有表决权党员"),
    Field("voting_present", "实到有表决权党员"),
    Field("absence_note", "缺席情况"),
    Field("minutes", "记录"),
)


def party_rows(town: Unit, period: Period) -> Iterator[Row]:
    kinds = _labels(ActivityKind.choices)
    activities = (
        BranchActivity.objects.filter(
            branch__unit__in=_within(town), held_on__gte=period.start, held_on__lte=period.end
        )
        .order_by("held_on", "id")
        .values_list(
            "held_on",
            "branch__name",
            "branch__unit__name",
            "kind",
            "topic",
            "expected_count",
            "present_count",
            "voting_expected",
            "voting_present",
            "absence_note",
            "minutes",
        )
    )
    for held_on, branch, unit, kind, *rest in activities.iterator(chunk_size=CHUNK):
        yield (held_on, branch, unit, kinds.get(kind, kind), *rest)


# 村务公开清单: each publication a village of the town owes for a period starting in the return's period,
# and whether and when it went up.
PUBLICATION_FIELDS = (
    Field("village", "村(社区)"),
    Field("kind", "公开类别"),
    Field("title", "公开事项"),
    Field("period_start", "期间起"),
    Field("period_end", "期间止"),
    Field("due_date", "公布期限"),
    Field("published_on", "公布日期"),
    Field("place", "公开地点/方式"),
    Field("state", "公开情况"),
)


def publication_rows(town: Unit, period: Period) -> Iterator[Row]:
    kinds = _labels(PublicationKind.choices)
    today = timezone.localdate()
    publications = (
        Publication.objects.filter(
            village__in=_within(town), period_start__gte=period.start, period_start__lte=period.end
        )
        .order_by("village__path", "period_start", "kind")
        .values_list(
            "village__name",
            "kind",
            "title",
            "period_start",
            "period_end",
            "due_date",
            "published_on",
            "place",
        )
    )
    for village, kind, title, start, end, due, published, place in publications.iterator(chunk_size=CHUNK):
        if published is not None:
            state = "已公开" if due is None or published <= due else "逾期公开"
        else:
            state = "逾期未公开" if due is not None and due < today else "未公开"
        yield (village, kinds.get(kind, kind), title, start, end, due or "", published or "", place, state)


SOURCES: dict[str, Source] = {
    source.code: source
    for source in (
        Source("assistance", "防返贫动态监测户", ASSISTANCE_FIELDS, assistance_rows),
        Source("disputes", "矛盾纠纷排查", DISPUTE_FIELDS, dispute_rows),
        Source("services", "便民服务办件统计", SERVICE_FIELDS, service_rows),
        Source("party", "三会一课", PARTY_FIELDS, party_rows),
        Source("publications", "村务公开", PUBLICATION_FIELDS, publication_rows),
    )
}
