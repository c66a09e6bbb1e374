"""生机镇's sign-ins since the month the leaders' rota began, in agreement with the rota, the leave and the stays.

Every cadre of the town signs in on every working day: the leaders at the town hall (at the window on
the days they are 带班领导, at the moment the rota records), the 片区 and village cadres where they work,
the 包村 and 驻村 cadres in their villages — 驻村 cadres nearly every day, 包村 cadres three or four days a
week, now and then a week of meetings in town with only two. 赵德胜 (`baocun`) lives in 庆坪村 and crosses
to 镇江村 in the afternoon three days a week. A few sign in late, a few cadres took approved leave (no
sign-in those days, never on a day of their shifts), and two forgot to sign in one day each: those are the
sheet's only 缺. The window clerk `chuangkou` and her colleague take turns at the 窗口坐班 rota.

The demo logins sign in through the service (audited, as from their phones); the other cadres, who have
no accounts, are written as rows the way the 龙广镇 demo writes them.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import cast

from django.db.models import QuerySet
from django.utils import timezone

from xiangzhen.demo.clock import past_office_time, recorded_at, workday_on_or_before
from xiangzhen.demo.shengji import Shengji
from xiangzhen.frontline.models import CheckIn, DutyKind, DutyShift
from xiangzhen.frontline.selectors import week_start_of
from xiangzhen.frontline.services import (
    Position,
    check_in_record,
    duty_rota_generate,
    leave_record,
    town_rule_set,
    village_stays_refresh,
)
from xiangzhen.org.models import Assignment, AssignmentKind, Cadre, CadreRole, Post, Unit
from xiangzhen.org.services import cadre_create
from xiangzhen.workdays.calendar import WorkdayCalendar

# Roughly where 生机镇 lies (七星关区, Guizhou); each unit's sign-ins scatter a few hundred metres around it.
LATITUDE, LONGITUDE = Decimal("27.1820"), Decimal("105.1650")
PHONES = ["HUAWEI nova 9", "HONOR X40", "OPPO A58", "vivo Y78", "Redmi Note 12", "HUAWEI Mate 40"]
LEAVE = [("耿官村", "村委会主任", 2, "病假:县医院复查"), ("高流村", "驻村干部", 1, "事假:子女开家长会")]


def _moment(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def attendance_load(town: Shengji) -> int:
    """Sign-ins, leave, the window rota and the stored stay weeks; returns the sign-ins written."""
    generator = random.Random(1730)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    shuji = town.users["shuji"]
    # From the start of last month, or of the month the leaders' rota began if that was earlier: the sheets
    # of those months agree with the rota.
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    rota_began = DutyShift.objects.filter(unit=town.town).order_by("on").values_list("on", flat=True).first()
    if rota_began is not None and rota_began < first:
        first = rota_began.replace(day=1)
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    workdays = [day for day in days if calendar.is_workday(day) and _moment(day, time(9, 30)) <= now]

    with recorded_at(
        past_office_time(first - timedelta(days=3), now=now, calendar=calendar, generator=generator)
    ):
        town_rule_set(actor=shuji, town=town.town, sign_in_by=time(9, 0), stay_days_per_week=3)
        colleague = cadre_create(
            actor=shuji,
            name="罗晓梅",
            role=CadreRole.WINDOW_STAFF,
            unit=town.town,
            title="便民服务中心工作人员",
            start_date=workday_on_or_before(first - timedelta(days=400), calendar),
        )
    # 窗口坐班: the two clerks take turns from ten working days back to a fortnight ahead.
    rota_start = workdays[-10] if len(workdays) >= 10 else first
    with recorded_at(
        past_office_time(rota_start - timedelta(days=1), now=now, calendar=calendar, generator=generator)
    ):
        duty_rota_generate(
            actor=shuji,
            town=town.town,
            kind=DutyKind.STAFF,
            cadres=[town.cadre("chuangkou"), colleague],
            start=rota_start,
            end=today + timedelta(days=14),
        )
    staff_shifts = list(DutyShift.objects.filter(unit=town.town, kind=DutyKind.STAFF, on__in=workdays))
    for shift in staff_shifts:
        shift.checked_in_at = _moment(shift.on, time(8, generator.randint(30, 55)))
        shift.served_count = generator.randint(8, 26)
        shift.log = "窗口秩序正常"
    DutyShift.objects.bulk_update(staff_shifts, ["checked_in_at", "served_count", "log"])
    shifts: dict[tuple[int, date], datetime] = {
        (shift.cadre_id, shift.on): shift.checked_in_at
        for shift in DutyShift.objects.filter(unit=town.town, on__in=workdays)
        if shift.checked_in_at is not None
    }

    cadres = list(
        Cadre.objects.filter(posts__unit__in=Unit.objects.within([town.town]), is_active=True)
        .select_related("user")
        .distinct()
        .order_by("id")
    )
    posts = cast("QuerySet[Post]", Post.objects.filter(cadre__in=cadres).select_related("unit"))
    homes = {post.cadre_id: post.unit for post in posts}
    stays: dict[int, dict[str, Unit]] = defaultdict(dict)
    assignments = Assignment.objects.filter(cadre__in=cadres, unit__in=town.villages.values())
    for assignment in cast("QuerySet[Assignment]", assignments.select_related("unit")):
        stays[assignment.cadre_id][assignment.kind] = assignment.unit

    # Approved leave of a day or two, and one forgotten sign-in each for two village directors.
    off: dict[int, set[date]] = defaultdict(set)
    past = [day for day in workdays if day < today]
    for village, title, length, reason in LEAVE:
        person = town.directors[village] if title == "村委会主任" else town.residents[village]
        start = generator.choice(past[5:-5])
        leave_days = [day for day in past if start <= day][:length]
        with recorded_at(
            past_office_time(start - timedelta(days=1), now=now, calendar=calendar, generator=generator)
        ):
            leave_record(actor=shuji, cadre=person, start=leave_days[0], end=leave_days[-1], reason=reason)
        off[person.pk].update(leave_days)
    for village in ("新街村", "石丫村"):
        person = town.directors[village]
        off[person.pk].add(generator.choice([day for day in past[:-3] if (person.pk, day) not in shifts]))

    rows: list[CheckIn] = []
    logins = {user.pk: name for name, user in town.users.items()}
    written = 0
    for cadre in cadres:
        home = homes.get(cadre.pk, town.town)
        device = f"Mozilla/5.0 (Linux; Android 12; {generator.choice(PHONES)}) 企业微信"
        resident = stays[cadre.pk].get(AssignmentKind.RESIDENT)
        contact = stays[cadre.pk].get(AssignmentKind.CONTACT_VILLAGE)
        contact_days = _contact_days(past, generator) if contact is not None else set()
        for day in workdays:
            if day in off[cadre.pk]:
                continue
            planned: list[tuple[Unit, datetime]] = []
            morning = shifts.get((cadre.pk, day)) or _moment(day, _sign_in_time(generator))
            if resident is not None and (generator.random() < 0.95 or contact is not None):
                planned.append((resident, morning))
                if contact is not None and day in contact_days:
                    planned.append((contact, _moment(day, time(14, generator.randint(10, 50)))))
            elif contact is not None and day in contact_days:
                planned.append((contact, morning))
            else:
                planned.append((town.town if (cadre.pk, day) in shifts else home, morning))
            for place, at in planned:
                if at > now:
                    continue
                written += 1
                position = _position(place, generator)
                if cadre.user_id in logins and logins[cadre.user_id] != "ducha":
                    assert cadre.user is not None
                    with recorded_at(at):
                        check_in_record(
                            actor=cadre.user, place=place, position=position, device=device, now=at
                        )
                    continue
                rows.append(
                    CheckIn(
                        cadre=cadre,
                        at=at,
                        on=day,
                        place=place,
                        village=place if place.pk in {v.pk for v in town.villages.values()} else None,
                        latitude=position.latitude,
                        longitude=position.longitude,
                        accuracy=position.accuracy,
                        device=device,
                        late=timezone.localtime(at).time() > time(9, 0),
                    )
                )
    CheckIn.objects.bulk_create(rows, batch_size=1000)
    week = week_start_of(first)
    while week <= today:
        village_stays_refresh(week_start=week)
        week += timedelta(days=7)
    return written


def _sign_in_time(generator: random.Random) -> time:
    # Most before nine; about one sign-in in thirty a little late.
    if generator.random() < 0.035:
        return time(9, generator.randint(3, 25), generator.randint(0, 59))
    return time(8, generator.randint(12, 58), generator.randint(0, 59))


def _contact_days(days: list[date], generator: random.Random) -> set[date]:
    """包村 days: three or four a week, a week of meetings in town now and then with only two."""
    weeks: dict[date, list[date]] = defaultdict(list)
    for day in days:
        weeks[week_start_of(day)].append(day)
    chosen: set[date] = set()
    for week_days in weeks.values():
        count = generator.choice([3, 3, 4, 4, 3, 2])
        chosen.update(generator.sample(week_days, min(count, len(week_days))))
    return chosen


def _position(place: Unit, generator: random.Random) -> Position:
    seed = random.Random(place.pk)
    base_lat = LATITUDE + Decimal(seed.randint(-400, 400)) / 10000
    base_long = LONGITUDE + Decimal(seed.randint(-400, 400)) / 10000
    return Position(
        latitude=base_lat + Decimal(generator.randint(-30, 30)) / 100000,
        longitude=base_long + Decimal(generator.randint(-30, 30)) / 100000,
        accuracy=generator.randint(8, 60),
    )
