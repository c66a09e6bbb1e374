"""A believable year of the service hall, generated in bulk (the services' rules applied to each row).

生机镇's 片区 stations report 2,350 requests accepted and 2,110 completed in a year; the other towns get
the same shape, smaller. Acceptances are spread evenly over the working days of the year before the load
date, right up to the day before it, at office hours, so that queues, alerts and statistics look alive
and no week is empty. The choices are seeded, so the shape is the same every time; only the tracking
codes come from the install's secret, since they open a request on the public page.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from xiangzhen.demo.clock import office_time
from xiangzhen.demo.secret import secret_generator
from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.services.models import (
    UNIT_LEVEL_TO_SERVICE_LEVEL,
    EventKind,
    MaterialsNotice,
    Rating,
    Rectification,
    RectificationStatus,
    RequestEvent,
    RequestStatus,
    ServiceItem,
    ServiceItemMaterial,
    ServiceRequest,
)
from xiangzhen.services.scopes import request_scopes_add
from xiangzhen.services.services import TRACKING_ALPHABET
from xiangzhen.validators import resident_id_check_character
from xiangzhen.workdays.alerts import supervised_deadline
from xiangzhen.workdays.calendar import WorkdayCalendar

# Of the requests accepted in the last month, this share is still open, some of them past their deadline.
STILL_OPEN_DAYS = 30
STILL_OPEN_SHARE = 0.05
RATING_WEIGHTS = [(5, 60), (4, 28), (3, 8), (2, 3), (1, 1)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯"
GIVEN = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌"


@dataclass(frozen=True)
class TownPlan:
    town: str
    accepted: int
    awaiting_or_rejected: int


PLANS = [
    TownPlan("生机镇", 2350, 140),
    TownPlan("流溪乡", 180, 12),
    TownPlan("神山镇", 240, 15),
    TownPlan("龙广镇", 150, 10),
    TownPlan("青石镇", 90, 6),
    TownPlan("球川镇", 90, 6),
    TownPlan("大桥头乡", 120, 8),
    TownPlan("紫港街道", 100, 6),
    TownPlan("新昌乡", 80, 5),
]


@dataclass
class _Story:
    """What happens to one generated request besides its row: notice, transfer, rating."""

    noticed: bool
    kind: str
    transferred: bool = False
    rating: int | None = None


def _resident_id(generator: random.Random, area: str) -> str:
    birth = date(1940, 1, 1) + timedelta(days=generator.randint(0, 365 * 65))
    first = f"{area}{birth:%Y%m%d}{generator.randint(0, 999):03d}"
    return first + resident_id_check_character(first)


def _officer(town: Unit) -> User:
    """The window clerk recorded as first officer; towns without a demo login get an account that cannot sign in."""
    existing = User.objects.filter(cadre__posts__unit=town, cadre__role="window_staff").first()
    if existing:
        return existing
    user, created = User.objects.get_or_create(
        username=f"window{town.pk}", defaults={"first_name": f"{town.name}窗口"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _request_days(plan: TownPlan, workdays: list[date], generator: random.Random) -> list[tuple[date, str]]:
    """(filing day, kind) of a town's requests, oldest first.

    Acceptances are stratified over the year's working days, one per equal slice, so even a small town has
    a steady trickle every week; refusals fall anywhere; requests still waiting for materials are recent.
    """
    slice_width = len(workdays) / plan.accepted
    days = [
        (workdays[int((index + generator.random()) * slice_width)], "accepted")
        for index in range(plan.accepted)
    ]
    for _ in range(plan.awaiting_or_rejected):
        if generator.random() < 0.75:
            days.append((generator.choice(workdays[-15:]), "awaiting"))
        else:
            days.append((generator.choice(workdays), "rejected"))
    return sorted(days)


def service_requests_load(*, items: list[ServiceItem], today: date, secret: str) -> int:
    generator = random.Random(2350)
    calendar = WorkdayCalendar()
    workdays = [today - timedelta(days=offset) for offset in range(365, 0, -1)]
    workdays = [day for day in workdays if calendar.is_workday(day)]
    materials = {item.pk: [m for m in item.materials.all()] for item in items}
    total = 0
    for plan in PLANS:
        codes = secret_generator(secret, f"tracking-codes:{plan.town}")
        town = Unit.objects.get(name=plan.town, level=UnitLevel.TOWN)
        subtree = Unit.objects.within([town]).exclude(level=UnitLevel.GROUP)
        stations = list(subtree.filter(level=UnitLevel.DISTRICT)) or [town]
        villages = list(subtree.filter(level=UnitLevel.VILLAGE))
        officer = _officer(town)
        area = town.parent.division_code[:6] if town.parent and town.parent.division_code else "520502"
        rows: list[ServiceRequest] = []
        plans: list[_Story] = []
        for day, kind in _request_days(plan, workdays, generator):
            item = generator.choice(items)
            filed = (
                generator.choice(stations)
                if generator.random() < 0.7 or not villages
                else generator.choice(villages)
            )
            created_at = office_time(day, generator)
            noticed = kind == "awaiting" or (kind == "accepted" and generator.random() < 0.06)
            accepted_on = None
            if kind == "accepted":
                accepted_on = calendar.add_workdays(day, generator.randint(1, 4)).date if noticed else day
                if accepted_on >= today:
                    accepted_on = day
            request = ServiceRequest(
                tracking_code="".join(codes.choice(TRACKING_ALPHABET) for _ in range(10)),
                item=item,
                filed_at_unit=filed,
                handling_unit=filed,
                applicant_name=generator.choice(SURNAMES)
                + "".join(generator.choices(GIVEN, k=generator.choice([1, 2]))),
                applicant_phone="1"
                + generator.choice("3589")
                + "".join(generator.choices("0123456789", k=9)),
                applicant_id_number=_resident_id(generator, area),
                applicant_address=f"{filed.name}",
                status=RequestStatus.AWAITING_MATERIALS,
                first_officer=officer,
                created_at=created_at,
                visits=2 if noticed and kind == "accepted" else 1,
            )
            extra = _Story(noticed=noticed, kind=kind)
            if kind == "rejected":
                request.status = RequestStatus.REJECTED
                request.rejection_reason = "申请人不符合该事项的申请条件"
                request.rejection_basis = item.legal_basis
            if accepted_on is not None:
                deadline = supervised_deadline(
                    start=accepted_on, limit_workdays=item.promised_days, calendar=calendar
                )
                request.status = RequestStatus.ACCEPTED
                # Accepted at the counter right after filing, or on the day the missing material came in.
                request.accepted_on = accepted_on
                request.accepted_at = (
                    created_at + timedelta(minutes=generator.randint(5, 40))
                    if accepted_on == day
                    else office_time(accepted_on, generator)
                )
                request.due_date, request.yellow_from = deadline.due_date, deadline.yellow_from
                request.due_is_provisional = deadline.provisional
                if filed.level != UnitLevel.TOWN and generator.random() < 0.06:
                    request.handling_unit = town
                    extra.transferred = True
                # About 8% wait on the citizen with the clock paused (补正 during handling, 暂停计时);
                # of the rest, everything whose work is done by today is completed, but for 5% of the last
                # month's requests still open, a few of them past due (by days, as a hall's sweep shows them;
                # never by months).
                chance = generator.random()
                paused_on = calendar.add_workdays(
                    accepted_on, generator.randint(1, item.promised_days // 2 + 1)
                ).date
                if chance < 0.08 and paused_on < today:
                    request.status, request.paused_on = RequestStatus.PAUSED, paused_on
                elif chance > 0.08 + STILL_OPEN_SHARE or accepted_on < today - timedelta(
                    days=STILL_OPEN_DAYS
                ):
                    late = generator.random() < 0.06
                    used = (
                        item.promised_days + generator.randint(1, 5)
                        if late
                        else generator.randint(max(1, item.promised_days // 3), item.promised_days)
                    )
                    completed_on = calendar.add_workdays(accepted_on, used).date
                    if completed_on < today:
                        request.status = RequestStatus.COMPLETED
                        request.completed_on, request.completed_at = (
                            completed_on,
                            office_time(completed_on, generator),
                        )
                        request.completed_on_time = completed_on <= deadline.due_date
                        request.workdays_used = used
                        request.result = "已办结,结果已告知申请人"
                        request.settled_level = UNIT_LEVEL_TO_SERVICE_LEVEL[
                            UnitLevel(request.handling_unit.level)
                        ]
                        if generator.random() < 0.7:
                            extra.rating = generator.choices(
                                [level for level, _ in RATING_WEIGHTS],
                                [weight for _, weight in RATING_WEIGHTS],
                            )[0]
            rows.append(request)
            plans.append(extra)
        ServiceRequest.objects.bulk_create(rows, batch_size=1000)
        request_scopes_add(rows)
        _timeline(rows, plans, officer, materials, town, generator)
        total += len(rows)
    return total


def _timeline(
    rows: list[ServiceRequest],
    plans: list[_Story],
    officer: User,
    materials: dict[int, list[ServiceItemMaterial]],
    town: Unit,
    generator: random.Random,
) -> None:
    events: list[RequestEvent] = []
    notices: list[MaterialsNotice] = []
    ratings: list[Rating] = []
    for request, plan in zip(rows, plans, strict=True):
        events.append(
            RequestEvent(
                request=request,
                kind=EventKind.REGISTERED,
                actor=officer,
                note=f"在{request.filed_at_unit.name}登记",
                created_at=request.created_at,
            )
        )
        if plan.noticed:
            required = [m.name for m in materials[request.item_id] if not m.may_follow_later]
            missing = generator.sample(required, k=min(len(required), generator.randint(1, 2)))
            notices.append(
                MaterialsNotice(
                    request=request,
                    number=1,
                    missing=missing,
                    issued_by=officer,
                    issued_at=request.created_at,
                )
            )
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.NOTICE,
                    actor=officer,
                    note=f"第 1 次告知,需补:{'、'.join(missing)}",
                    created_at=request.created_at,
                )
            )
        if request.status == RequestStatus.REJECTED:
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.REJECTED,
                    actor=officer,
                    note=request.rejection_reason,
                    created_at=request.created_at,
                )
            )
        if request.accepted_at:
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.ACCEPTED,
                    actor=officer,
                    note=f"受理,期限 {request.due_date}",
                    created_at=request.accepted_at,
                )
            )
        if plan.transferred and request.accepted_at:
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.TRANSFERRED,
                    actor=officer,
                    note=f"{request.filed_at_unit.name} → {town.name}:需镇级审核",
                    created_at=request.accepted_at,
                )
            )
        if request.paused_on:
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.PAUSED,
                    actor=officer,
                    note="等待申请人补充说明材料",
                    created_at=office_time(request.paused_on, generator),
                )
            )
        if request.completed_at:
            events.append(
                RequestEvent(
                    request=request,
                    kind=EventKind.COMPLETED,
                    actor=officer,
                    note=request.result,
                    created_at=request.completed_at,
                )
            )
        if plan.rating and request.completed_at:
            ratings.append(
                Rating(
                    request=request,
                    level=plan.rating,
                    comment="" if plan.rating >= 3 else "办理时间太长",
                    created_at=request.completed_at,
                )
            )
    RequestEvent.objects.bulk_create(events, batch_size=2000)
    MaterialsNotice.objects.bulk_create(notices, batch_size=1000)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    Rectification.objects.bulk_create(
        Rectification(
            rating=rating,
            status=RectificationStatus.REPLIED,
            due_date=rating.created_at.date(),
            verification="情况属实",
            measures="窗口人员已整改",
            reply="已电话回复群众",
            replied_at=rating.created_at,
        )
        for rating in ratings
        if rating.level <= 2
    )
