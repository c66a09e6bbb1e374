import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from xiangzhen.disputes.models import (
    Dispute,
    DisputeParty,
    DisputeStatus,
    Petition,
    RiskLevel,
    ScreeningReport,
    SettledLevel,
)
from xiangzhen.errors import NotFound, ValidationFailed
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.org.selectors import AnyUser, cadre_of, visible_units
from xiangzhen.parsing import parse_search


def dispute_scope(viewer: AnyUser) -> QuerySet[Dispute]:
    """Disputes that happened in, or are being settled by, a unit the viewer may see."""
    units = visible_units(viewer).values("pk")
    return Dispute.objects.filter(Q(place__in=units) | Q(handling_unit__in=units))


def dispute_get_for_user(viewer: AnyUser, dispute_id: int) -> Dispute:
    dispute = (
        dispute_scope(viewer)
        .select_related("place", "handling_unit", "category", "responsible")
        .filter(pk=dispute_id)
        .first()
    )
    if dispute is None:
        raise NotFound("纠纷不存在或不在您的管辖范围内")
    return dispute


def dispute_list(
    *, viewer: AnyUser, status: str = "", alert: str = "", category_id: int | None = None
) -> QuerySet[Dispute]:
    disputes = dispute_scope(viewer).select_related("place", "handling_unit", "category", "responsible")
    if status in DisputeStatus.values:
        disputes = disputes.filter(status=status)
    if alert:
        disputes = disputes.filter(alert=alert, status=DisputeStatus.OPEN)
    if category_id:
        disputes = disputes.filter(category_id=category_id)
    return disputes.order_by("-registered_on", "-id")


_DISPUTE_NUMBER = re.compile(r"(?:JF|#|NO\.?)?([0-9]{1,10})")


def dispute_search_condition(text: str) -> Q:
    """The register's one search box: a dispute number (JF123), a mobile number, a full 身份证号 or a name,
    each an exact comparison with an indexed column."""
    search = parse_search(text)
    if not search.value:
        return Q()
    if search.mobile:
        return Q(pk__in=DisputeParty.objects.filter(phone=search.mobile).values("dispute_id"))
    if search.resident_id:
        return Q(pk__in=DisputeParty.objects.filter(id_number=search.resident_id).values("dispute_id"))
    number = _DISPUTE_NUMBER.fullmatch(search.value)
    if number and len(number.group(1)) <= 9:
        return Q(pk=int(number.group(1)))
    if search.is_partial_number:
        raise ValidationFailed("请输入纠纷编号、完整的 11 位手机号或 18 位身份证号,不支持按部分号码查询")
    return Q(pk__in=DisputeParty.objects.filter(name=search.checked_name()).values("dispute_id"))


@dataclass(frozen=True)
class DisputeFilters:
    search: str = ""
    status: str = ""
    alert: str = ""
    risk_level: str = ""
    category_id: int | None = None
    unit_id: int | None = None
    since: date | None = None
    until: date | None = None
    mine: bool = False  # only those the viewer answers for (包保责任人)


def has_own_open_disputes(viewer: AnyUser) -> bool:
    """Whether the viewer answers for an open dispute: the register's first screen then opens on them."""
    cadre = cadre_of(viewer)
    return (
        cadre is not None
        and dispute_scope(viewer).filter(responsible=cadre, status=DisputeStatus.OPEN).exists()
    )


def dispute_register_page(
    *, viewer: AnyUser, filters: DisputeFilters, before: tuple[date, int] | None = None, limit: int = 50
) -> list[Dispute]:
    """A page of the register, newest first, keyset-paginated on (registered_on, id)."""
    disputes = dispute_list(
        viewer=viewer, status=filters.status, alert=filters.alert, category_id=filters.category_id
    )
    if filters.search:
        disputes = disputes.filter(dispute_search_condition(filters.search))
    if filters.mine:
        disputes = disputes.filter(responsible=cadre_of(viewer))
    if filters.risk_level in RiskLevel.values:
        disputes = disputes.filter(risk_level=filters.risk_level)
    if filters.unit_id:
        # A village, 片区 or town: every dispute that happened anywhere under it.
        roots = list(visible_units(viewer).filter(pk=filters.unit_id))
        disputes = disputes.filter(place__in=visible_units(viewer).within(roots).values("pk"))
    if filters.since:
        disputes = disputes.filter(registered_on__gte=filters.since)
    if filters.until:
        disputes = disputes.filter(registered_on__lte=filters.until)
    if before is not None:
        registered_on, dispute_id = before
        disputes = disputes.filter(
            Q(registered_on__lt=registered_on) | Q(registered_on=registered_on, pk__lt=dispute_id)
        )
    return list(disputes.prefetch_related("parties")[:limit])


@dataclass(frozen=True)
class DisputeStatistics:
    key: int
    name: str
    registered: int
    settled: int
    in_village: int
    in_district: int
    in_town: int
    to_county: int
    litigation: int
    open_below_county: int
    overdue_open: int

    def share(self, part: int) -> float | None:
        return part / self.settled if self.settled else None

    @property
    def settled_rate(self) -> float | None:
        return self.settled / self.registered if self.registered else None


def dispute_statistics(
    *, viewer: AnyUser, since: date, until: date, today: date, group: str = "place"
) -> list[DisputeStatistics]:
    """ "小事不出村、大事不出镇、矛盾不上交" in figures: where disputes were settled, by unit or category."""
    key, name = {"place": ("place_id", "place__name"), "category": ("category_id", "category__name")}[group]
    rows = (
        dispute_scope(viewer)
        .filter(registered_on__gte=since, registered_on__lte=until)
        .values(key, name)
        .annotate(
            registered=Count("id"),
            settled=Count("id", filter=Q(status=DisputeStatus.SETTLED)),
            in_village=Count("id", filter=Q(settled_level=SettledLevel.VILLAGE)),
            in_district=Count("id", filter=Q(settled_level=SettledLevel.DISTRICT)),
            in_town=Count("id", filter=Q(settled_level=SettledLevel.TOWN)),
            to_county=Count("id", filter=Q(handling_unit__level=UnitLevel.COUNTY)),
            litigation=Count("id", filter=Q(status=DisputeStatus.LITIGATION)),
            open_below_county=Count(
                "id", filter=Q(status=DisputeStatus.OPEN) & ~Q(handling_unit__level=UnitLevel.COUNTY)
            ),
            overdue_open=Count("id", filter=Q(status=DisputeStatus.OPEN, due_date__lt=today)),
        )
        .order_by(name)
    )
    return [
        DisputeStatistics(
            key=row[key],
            name=row[name],
            registered=row["registered"],
            settled=row["settled"],
            in_village=row["in_village"],
            in_district=row["in_district"],
            in_town=row["in_town"],
            to_county=row["to_county"],
            litigation=row["litigation"],
            open_below_county=row["open_below_county"],
            overdue_open=row["overdue_open"],
        )
        for row in rows
    ]


def villages_missing_screening(*, viewer: AnyUser, month: date) -> list[Unit]:
    """Villages in the viewer's jurisdiction that have not reported for `month` — not even a zero report."""
    reported = ScreeningReport.objects.filter(month=month).values("unit_id")
    return list(
        visible_units(viewer).filter(level=UnitLevel.VILLAGE).exclude(pk__in=reported).order_by("path")
    )


def screening_reports(*, viewer: AnyUser, month: date) -> QuerySet[ScreeningReport]:
    return ScreeningReport.objects.filter(
        month=month, unit__in=visible_units(viewer).values("pk")
    ).select_related("unit")


def petition_list(*, viewer: AnyUser) -> QuerySet[Petition]:
    return Petition.objects.filter(unit__in=visible_units(viewer).values("pk")).select_related(
        "unit", "receiver", "dispute"
    )
