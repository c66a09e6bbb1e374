"""Reads of the service hall, every one filtered by the viewer's jurisdiction."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from xiangzhen.disputes.models import Dispute, DisputeStatus
from xiangzhen.errors import NotFound, ValidationFailed
from xiangzhen.org.models import Assignment, Cadre, Post, Unit, UnitLevel, UnitQuerySet
from xiangzhen.org.permissions import Action, user_is_administrator, user_may
from xiangzhen.org.selectors import (
    ROLES_SCOPED_BY_ASSIGNMENT,
    AnyUser,
    assignable_cadres,
    jurisdiction_root_list,
    visible_units,
)
from xiangzhen.parsing import parse_search
from xiangzhen.services.figures import (
    ON_TIME_RATE,
    ONE_VISIT_RATE,
    SATISFACTION_RATE,
    RateFigure,
    service_counts,
)
from xiangzhen.services.models import (
    CATALOGUE_OWNER_LEVELS,
    OPEN_STATUSES,
    Notification,
    RequestScope,
    RequestStatus,
    ServiceItem,
    ServiceRequest,
    ServiceRequestQuerySet,
    ServiceWindow,
)
from xiangzhen.supervision.models import RUNNING_TASK_STATUSES, Task
from xiangzhen.validators import mask_name, mask_phone, mask_resident_id
from xiangzhen.workdays.alerts import AlertLevel
from xiangzhen.workdays.calendar import WorkdayCalendar


def service_request_scope(viewer: AnyUser) -> ServiceRequestQuerySet:
    """Requests handled in, or filed at, a unit the viewer may see."""
    units = visible_units(viewer).values("pk")
    return ServiceRequest.objects.filter(Q(handling_unit__in=units) | Q(filed_at_unit__in=units))


def service_request_get_for_user(viewer: AnyUser, request_id: int) -> ServiceRequest:
    found = (
        service_request_scope(viewer)
        .select_related("item", "handling_unit", "filed_at_unit")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise NotFound("办件不存在或不在您的管辖范围内")
    return found


def service_request_get_by_tracking_code(tracking_code: str) -> ServiceRequest:
    """The public lookup: a citizen sees their own request by its unguessable tracking code."""
    found = (
        ServiceRequest.objects.select_related("item", "handling_unit")
        .filter(tracking_code=tracking_code.strip().upper())
        .first()
    )
    if found is None:
        raise NotFound("没有找到该查询码对应的办件,请核对后重新输入")
    return found


_TRACKING_CODE = re.compile(r"[A-Z0-9]{6,20}")


def queue_search_condition(text: str) -> Q:
    """What the clerk typed in the one search box: a tracking code, a mobile number, a full 身份证号 or a name,
    each an exact comparison with a normalized, indexed column."""
    search = parse_search(text)
    if not search.value:
        return Q()
    if search.mobile:
        return Q(applicant_phone=search.mobile)
    if search.resident_id:
        return Q(applicant_id_number=search.resident_id)
    if search.is_partial_number:
        raise ValidationFailed("请输入完整的 11 位手机号或 18 位身份证号,不支持按部分号码查询")
    if _TRACKING_CODE.fullmatch(search.value):
        return Q(tracking_code=search.value)
    return Q(applicant_name=search.checked_name())


@dataclass(frozen=True)
class QueueFilters:
    search: str = ""
    status: str = ""
    # Any of these statuses (Open311's open/closed span several of ours).
    statuses: tuple[str, ...] = ()
    item_id: int | None = None
    alert: str = ""
    department: str = ""
    since: date | None = None
    until: date | None = None
    unit_id: int | None = None
    mine: bool = False


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filter_condition(filters: QueueFilters, prefix: str = "") -> Q:
    """The status, item, alert and department filters on the request, its lookups under `prefix` (the
    scope table reaches the request through `request__`)."""

    def where(**lookups: object) -> Q:
        return Q(**{prefix + lookup: value for lookup, value in lookups.items()})

    condition = Q()
    if filters.status == "open":
        condition &= where(status__in=OPEN_STATUSES)
    elif filters.status in RequestStatus.values:
        condition &= where(status=filters.status)
    if filters.statuses:
        condition &= where(status__in=filters.statuses)
    if filters.item_id:
        condition &= where(item_id=filters.item_id)
    if filters.alert:
        condition &= where(alert=filters.alert, status__in=OPEN_STATUSES)
    if filters.department:
        condition &= where(item__department=filters.department)
    return condition


def _created_range(filters: QueueFilters, before: tuple[datetime, int] | None, id_field: str) -> Q:
    condition = Q()
    if filters.since:
        condition &= Q(created_at__gte=_day_start(filters.since))
    if filters.until:
        condition &= Q(created_at__lt=_day_start(filters.until + timedelta(days=1)))
    if before is not None:
        created_at, request_id = before
        condition &= Q(created_at__lt=created_at) | Q(
            created_at=created_at, **{f"{id_field}__lt": request_id}
        )
    return condition


# Scope entries read per round of a filtered queue page; each further round reads twice as many, up to the cap.
QUEUE_BATCH = 200
QUEUE_BATCH_CAP = 10_000


def service_request_list(
    *, viewer: AnyUser, filters: QueueFilters, before: tuple[datetime, int] | None = None, limit: int = 50
) -> list[ServiceRequest]:
    """A queue page, newest first, with keyset pagination on (created_at, id).

    Without a search, each root of the viewer's jurisdiction (or the unit picked in the filter) reads its
    newest entries from the scope table's (unit, created_at) index, however many requests the unit has had:
    a page costs the same at ten thousand and at a million. A search or 我的办件 goes through its own
    selective index (a phone number, an officer) instead and sorts the few rows it finds."""
    return _queue_page(viewer, filters, before, limit, None)  # type: ignore[return-value]


def service_request_rows(
    *,
    viewer: AnyUser,
    filters: QueueFilters,
    fields: tuple[str, ...],
    before: tuple[datetime, int] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The same page as `service_request_list`, as plain rows of `fields` (which name "id" and
    "created_at"): what a list that only shows columns reads, without building a model instance per row
    (the JSON queue spent more time building instances than the database took to find them)."""
    return _queue_page(viewer, filters, before, limit, fields)  # type: ignore[return-value]


def _queue_page(
    viewer: AnyUser,
    filters: QueueFilters,
    before: tuple[datetime, int] | None,
    limit: int,
    fields: tuple[str, ...] | None,
) -> list[ServiceRequest] | list[dict[str, Any]]:
    if filters.search or filters.mine:
        return _listed_by_search(viewer, filters, before, limit, fields)
    if filters.unit_id:
        roots = list(visible_units(viewer).filter(pk=filters.unit_id))
    else:
        roots = jurisdiction_root_list(viewer)
    condition = _filter_condition(filters)
    if filters.unit_id:
        # 承办单位 filter: handled in the picked unit's subtree (what was only filed there is left out).
        condition &= Q(handling_unit__in=Unit.objects.within(roots).values("pk"))
    entries_range = _created_range(filters, before, "request_id")
    pages = [_newest_in_scope(root, condition, entries_range, limit, fields) for root in roots]
    if len(pages) == 1:
        return pages[0]
    # Roots are few (a post, or a 包村干部's villages); a request seen from two of them is listed once.
    if fields is None:
        found: dict[int, Any] = {request.pk: request for page in pages for request in page}
        ordered = sorted(found.values(), key=lambda request: (request.created_at, request.pk), reverse=True)
    else:
        found = {row["id"]: row for page in pages for row in page}
        ordered = sorted(found.values(), key=lambda row: (row["created_at"], row["id"]), reverse=True)
    return ordered[:limit]


def _newest_in_scope(
    root: Unit, condition: Q, entries_range: Q, limit: int, fields: tuple[str, ...] | None
) -> list[Any]:
    """The newest `limit` requests in `root`'s scope that meet `condition`: scope entries are read in index
    order, a batch at a time, and the requests behind them fetched by primary key. One statement joining
    both would leave the order to the planner, and PostgreSQL, expecting the open requests spread evenly
    over the years, hashes every open request with every entry of the town and sorts them (growing with
    the history); read this way the page stays the few hundred newest entries, since open requests are the
    recent ones."""
    found: list[Any] = []
    batch = QUEUE_BATCH
    entries_after = Q()
    while len(found) < limit:
        entries = list(
            RequestScope.objects.filter(entries_range, entries_after, unit=root)
            .order_by("-created_at", "-request_id")
            .values_list("request_id", "created_at")[:batch]
        )
        if not entries:
            break
        # The entries carry their request's creation time: the same order, and only what the page still lacks
        # is built into objects (or read as plain rows).
        requests = ServiceRequest.objects.filter(
            condition, pk__in=[request_id for request_id, _ in entries]
        ).order_by("-created_at", "-id")
        page = requests.values(*fields) if fields else requests.select_related("item", "handling_unit")
        found += page[: limit - len(found)]
        if len(entries) < batch:
            break
        last_id, last_created = entries[-1]
        entries_after = Q(created_at__lt=last_created) | Q(created_at=last_created, request_id__lt=last_id)
        batch = min(batch * 2, QUEUE_BATCH_CAP)
    return found[:limit]


def has_own_open_requests(viewer: AnyUser) -> bool:
    """Whether 我的办件 has an open request: the queue's first screen then opens on it."""
    if not viewer.is_authenticated:
        return False
    return (
        service_request_scope(viewer)
        .filter(Q(assigned_officer=viewer) | Q(first_officer=viewer), status__in=OPEN_STATUSES)
        .exists()
    )


def _listed_by_search(
    viewer: AnyUser,
    filters: QueueFilters,
    before: tuple[datetime, int] | None,
    limit: int,
    fields: tuple[str, ...] | None = None,
) -> list[Any]:
    requests = service_request_scope(viewer).filter(
        _filter_condition(filters), _created_range(filters, before, "pk")
    )
    if filters.search:
        requests = requests.filter(queue_search_condition(filters.search))
    if filters.mine:
        # 我的办件: what I handle and what I answer for as first officer (首问负责 lasts until a hand-over,
        # even after someone else was assigned).
        requests = requests.filter(Q(assigned_officer=viewer) | Q(first_officer=viewer))
    if filters.unit_id:
        roots = list(visible_units(viewer).filter(pk=filters.unit_id))
        requests = requests.filter(handling_unit__in=visible_units(viewer).within(roots).values("pk"))
    requests = requests.order_by("-created_at", "-id")
    if fields:
        return list(requests.values(*fields)[:limit])
    return list(requests.select_related("item", "handling_unit")[:limit])


EXPORT_HEADERS = (
    "查询码",
    "事项",
    "申请人",
    "联系电话",
    "身份证号",
    "承办单位",
    "状态",
    "办结期限",
    "登记时间",
)


def service_request_export_rows(*, viewer: AnyUser, filters: QueueFilters) -> Iterator[tuple[object, ...]]:
    """Every request of the queue with its filters, newest first, as plain rows for the .xlsx export: no
    row cap and no model instances (a tuple per row, read from a server-side cursor), so the export's
    memory stays flat at any size. Names, phones and ID numbers are masked like on the page; labels are
    resolved once, not per row."""
    requests = service_request_scope(viewer).filter(
        _filter_condition(filters), _created_range(filters, None, "pk")
    )
    if filters.search:
        requests = requests.filter(queue_search_condition(filters.search))
    if filters.mine:
        requests = requests.filter(Q(assigned_officer=viewer) | Q(first_officer=viewer))
    if filters.unit_id:
        roots = list(visible_units(viewer).filter(pk=filters.unit_id))
        requests = requests.filter(handling_unit__in=visible_units(viewer).within(roots).values("pk"))
    statuses = {value: str(label) for value, label in RequestStatus.choices}
    zone = timezone.get_current_timezone()
    for code, item, name, phone, id_number, unit, status, due, created in (
        requests.order_by("-created_at", "-id")
        .values_list(
            "tracking_code",
            "item__name",
            "applicant_name",
            "applicant_phone",
            "applicant_id_number",
            "handling_unit__name",
            "status",
            "due_date",
            "created_at",
        )
        .iterator(chunk_size=2000)
    ):
        yield (
            code,
            item,
            mask_name(name),
            mask_phone(phone),
            mask_resident_id(id_number),
            unit,
            statuses.get(status, status),
            str(due or ""),
            created.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        )


@dataclass(frozen=True)
class WindowInfo:
    """Where the citizen comes back to: printed on the one-time notice and the acceptance receipt."""

    town: str
    name: str
    phone: str
    address: str
    opening_hours: str


def service_window_for(unit: Unit) -> WindowInfo:
    """The window of `unit` or of its nearest ancestor that has one; the town is the unit's 乡镇 ancestor."""
    lineage = unit.ancestor_ids()
    units = {found.pk: found for found in Unit.objects.filter(pk__in=lineage)}
    windows = {window.unit_id: window for window in ServiceWindow.objects.filter(unit_id__in=lineage)}
    town = next((units[pk].name for pk in lineage if pk in units and units[pk].level == UnitLevel.TOWN), "")
    window = next((windows[pk] for pk in reversed(lineage) if pk in windows), None)
    if window is None:
        # Not configured yet: the page still names the unit; the blanks are for the clerk to fill in by hand.
        return WindowInfo(town=town, name=f"{unit.name}便民服务窗口", phone="", address="", opening_hours="")
    return WindowInfo(
        town=town,
        name=window.name,
        phone=window.phone,
        address=window.address,
        opening_hours=window.opening_hours,
    )


def service_request_officer_choices(viewer: AnyUser, service_request: ServiceRequest) -> list[User]:
    """Whom the viewer may assign the request to or hand it over to: active cadres with an account that the
    viewer may give work to and whose jurisdiction covers the handling unit."""
    today = timezone.localdate()
    lineage = service_request.handling_unit.ancestor_ids()
    current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    by_post = Cadre.objects.filter(
        Q(pk__in=Post.objects.filter(current, unit_id__in=lineage).values("cadre_id"))
        & ~Q(role__in=ROLES_SCOPED_BY_ASSIGNMENT)
    )
    by_assignment = Cadre.objects.filter(
        pk__in=Assignment.objects.filter(current, unit_id__in=lineage).values("cadre_id")
    )
    cadres = (
        assignable_cadres(viewer)
        .filter(Q(pk__in=by_post.values("pk")) | Q(pk__in=by_assignment.values("pk")), user__isnull=False)
        .select_related("user")
    )
    return [cadre.user for cadre in cadres if cadre.user is not None]


def transfer_targets(service_request: ServiceRequest) -> list[Unit]:
    """Where a request may be transferred: one step up or down the ladder (村民组 excluded)."""
    handling = service_request.handling_unit
    targets = [handling.parent] if handling.parent is not None else []
    return targets + list(handling.children.exclude(level=UnitLevel.GROUP).order_by("path"))


def items_offered_at(units: "UnitQuerySet | list[Unit]") -> Q:
    """Items a window of any of `units` offers: province-wide items, and those owned by the unit or an
    ancestor (a county's items are inherited by every town below it)."""
    owners = {ancestor_id for unit in units for ancestor_id in unit.ancestor_ids()}
    return Q(owner_unit__isnull=True) | Q(owner_unit_id__in=owners)


def service_item_list(
    *, level: str = "", query: str = "", offered_at: "UnitQuerySet | list[Unit] | None" = None
) -> QuerySet[ServiceItem]:
    """Active items; with `offered_at`, only those the windows of these units offer (own and inherited)."""
    items = ServiceItem.objects.filter(is_active=True).prefetch_related("materials")
    if offered_at is not None:
        items = items.filter(items_offered_at(offered_at))
    if level:
        items = items.filter(level=level)
    if query:
        items = items.filter(
            Q(name__contains=query) | Q(code__contains=query) | Q(department__contains=query)
        )
    return items


def service_items_for_viewer(viewer: AnyUser) -> QuerySet[ServiceItem]:
    """The items of the viewer's windows: own and inherited items of the units they answer for, and the
    items of units below them (a county supervisor sees every town's own items too)."""
    items = service_item_list()
    if user_is_administrator(viewer):
        return items
    return items.filter(
        items_offered_at(jurisdiction_root_list(viewer))
        | Q(owner_unit__in=visible_units(viewer).values("pk"))
    )


def catalogue_owner_units(user: AnyUser) -> UnitQuerySet:
    """The units whose catalogue `user` may edit: counties and towns in their jurisdiction, if their role may
    manage the catalogue at all."""
    if not user_may(user, Action.MANAGE_CATALOGUE):
        return Unit.objects.none()
    return visible_units(user).filter(level__in=CATALOGUE_OWNER_LEVELS)


def user_may_edit_service_item(user: AnyUser, item: ServiceItem) -> bool:
    if item.owner_unit_id is None:
        return user_is_administrator(user)
    return catalogue_owner_units(user).filter(pk=item.owner_unit_id).exists()


def user_may_override_notice(user: AnyUser) -> bool:
    """Leaders may override the one-time-notice rule (with a written reason, audited)."""
    return user_may(user, Action.OVERRIDE_NOTICE)


@dataclass(frozen=True)
class ServiceStatistics:
    """One row of the statistics page: a handling unit, or an item. Its counts are `service_counts`'s, and
    its rates the same `RateFigure`s the assessment's service-hall indicators score."""

    key: int
    name: str
    accepted: int
    completed: int
    finished: int
    on_time: int
    yellow_open: int
    overdue_open: int
    average_workdays: float | None
    average_visits: float | None
    one_visit: int
    rated: int
    satisfied: int

    basically_satisfied: int

    def _counts(self, figure: RateFigure) -> dict[str, int]:
        return {name: getattr(self, name) for name in figure.columns}

    @property
    def on_time_rate(self) -> Decimal | None:
        return ON_TIME_RATE.of(self._counts(ON_TIME_RATE))

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return SATISFACTION_RATE.of(self._counts(SATISFACTION_RATE))

    @property
    def on_time_text(self) -> str:
        return ON_TIME_RATE.text(self._counts(ON_TIME_RATE))

    @property
    def one_visit_text(self) -> str:
        return ONE_VISIT_RATE.text(self._counts(ONE_VISIT_RATE))

    @property
    def satisfaction_text(self) -> str:
        return SATISFACTION_RATE.text(self._counts(SATISFACTION_RATE))


STATISTICS_GROUPS = {"unit": ("handling_unit_id", "handling_unit__name"), "item": ("item_id", "item__name")}


def service_statistics(
    *, viewer: AnyUser, since: date, until: date, today: date, group: str = "unit"
) -> list[ServiceStatistics]:
    """Per handling unit or per item, from `since` through `until`: requests accepted, completed, completed
    on time, yellow/red, visits ("最多跑一次") and satisfaction, each counted over the period by the date of
    its own event (see `services.figures`).

    Yellow and red are the open requests' state today, counted from the open requests alone."""
    key, name = STATISTICS_GROUPS[group]
    units = visible_units(viewer).values("pk")
    counted = service_counts(
        handling_units=units, filed_at_units=units, since=since, until=until, key=key, name=name
    )
    # The open requests' state today: yellow ones, and accepted ones past the deadline, each read through its
    # own partial index and kept when in the viewer's units. Joined to the unit subtrees, the planner would
    # rather walk the period's rows of every unit than trust the index of a few hundred rows.
    visible = set(units.values_list("pk", flat=True))
    in_period = ServiceRequest.objects.filter(accepted_on__gte=since, accepted_on__lte=until)
    alerts: dict[int, list[int]] = {}
    for position, requests in enumerate(
        (
            in_period.filter(alert=AlertLevel.YELLOW, status__in=OPEN_STATUSES),
            in_period.filter(status=RequestStatus.ACCEPTED, due_date__lt=today),
        )
    ):
        for group_key, handling_unit, filed_at_unit in requests.values_list(
            key, "handling_unit_id", "filed_at_unit_id"
        ):
            if handling_unit in visible or filed_at_unit in visible:
                alerts.setdefault(group_key, [0, 0])[position] += 1
    found = [
        ServiceStatistics(
            key=group_key,
            name=counted.names[group_key],
            accepted=counts["accepted"],
            completed=counts["completed"],
            finished=counts["finished"],
            on_time=counts["on_time"],
            yellow_open=alerts.get(group_key, [0, 0])[0],
            overdue_open=alerts.get(group_key, [0, 0])[1],
            average_workdays=(
                counts["workdays_sum"] / counts["workdays_counted"] if counts["workdays_counted"] else None
            ),
            average_visits=counts["visits_sum"] / counts["accepted"] if counts["accepted"] else None,
            one_visit=counts["one_visit"],
            rated=counts["rated"],
            satisfied=counts["satisfied"],
            basically_satisfied=counts["basically_satisfied"],
        )
        for group_key, counts in counted.counts.items()
        if counts["accepted"] or counts["finished"] or counts["rated"]
    ]
    return sorted(found, key=lambda row: (row.name, row.key))


def deadline_text(due: date | None, today: date, calendar: WorkdayCalendar) -> str:
    """ "还剩 3 个工作日", "今天到期" or "已超期 2 个工作日", in the working days the deadline is counted in."""
    if due is None:
        return ""
    if due < today:
        return f"已超期 {max(1, calendar.workdays_between(due, today))} 个工作日"
    if due == today:
        return "今天到期"
    return f"还剩 {calendar.workdays_between(today, due)} 个工作日"


@dataclass(frozen=True)
class NotificationRow:
    """One line of the notification list: what it is about, whose it is (masked) and how much time is left."""

    notification: Notification
    url: str
    subject: str
    applicant: str
    deadline: str


def _supervised_rows_by_link(links: list[str]) -> dict[str, tuple[str, date | None, str]]:
    """The task or dispute behind each notification link: (subject, deadline, status label once the clock has
    stopped, else ""), in two queries."""
    ids: dict[str, dict[int, str]] = {"supervision:task_detail": {}, "disputes:detail": {}}
    for link in links:
        try:
            match = resolve(link)
        except Resolver404:
            continue
        if match.view_name in ids:
            ids[match.view_name][next(iter(match.kwargs.values()))] = link
    found: dict[str, tuple[str, date | None, str]] = {}
    task_links, dispute_links = ids["supervision:task_detail"], ids["disputes:detail"]
    for task in Task.objects.filter(pk__in=task_links).only("title", "due_date", "status"):
        stopped = "" if task.status in RUNNING_TASK_STATUSES else task.get_status_display()
        found[task_links[task.pk]] = (task.title, task.due_date, stopped)
    for dispute in Dispute.objects.filter(pk__in=dispute_links).only("title", "due_date", "status"):
        stopped = "" if dispute.status == DisputeStatus.OPEN else dispute.get_status_display()
        found[dispute_links[dispute.pk]] = (f"JF{dispute.pk} {dispute.title}", dispute.due_date, stopped)
    return found


def notification_rows(*, viewer: User, today: date, limit: int = 100) -> list[NotificationRow]:
    notifications = (
        Notification.objects.filter(recipient=viewer)
        .select_related("request", "request__item")
        .order_by("-created_at", "-id")[:limit]
    )
    calendar = WorkdayCalendar()
    supervised = _supervised_rows_by_link([notification.link for notification in notifications])
    rows = []
    for notification in notifications:
        request = notification.request
        if request is None:
            row = supervised.get(notification.link)
            if row is None:
                rows.append(NotificationRow(notification, notification.link, "", "", ""))
                continue
            subject, due, stopped = row
            deadline = stopped or deadline_text(due, today, calendar)
            rows.append(NotificationRow(notification, notification.link, subject, "", deadline))
            continue
        rows.append(
            NotificationRow(
                notification,
                reverse("services:detail", kwargs={"request_id": request.pk}),
                f"{request.item.name}({request.tracking_code})",
                request.masked_name,
                deadline_text(request.due_date, today, calendar)
                if request.is_open()
                else request.get_status_display(),
            )
        )
    return rows
