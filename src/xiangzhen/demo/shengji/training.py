"""Village night schools (村夜校) beside the 片区 schools, as 镇江片区's report describes: the 驻村 and village
cadres teach the villagers of their own 村民组, a few people at a time.

葛铺村, 镇江村 and 庆坪村 each hold an evening class of the town's courses every month or so: two held this
autumn with the roster ticked, the next one coming within a week and still filling up. 镇江村's and 庆坪村's
are organised by their 包村/驻村 cadre (`baocun`), 葛铺村's by the town.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User

from xiangzhen.demo.clock import past_office_time, recorded_at
from xiangzhen.demo.shengji import Shengji
from xiangzhen.training.models import Course
from xiangzhen.training.services import (
    attendance_record,
    enrollment_add,
    school_create,
    training_session_schedule,
)
from xiangzhen.workdays.calendar import WorkdayCalendar

# village → (organiser login, place, [(course, days from the load day)]; the last one still ahead).
SCHOOLS = {
    "葛铺村": (
        "shuji",
        "葛铺村党群服务中心",
        [("中药材种植", -52), ("核桃提质增效", -24), ("防止返贫监测政策解读", 4)],
    ),
    "镇江村": (
        "baocun",
        "镇江村村委会二楼会议室",
        [("柑橘栽培管理", -45), ("惠农补贴政策宣讲", -17), ("常见慢性病防治", 6)],
    ),
    "庆坪村": (
        "baocun",
        "庆坪村文化活动室",
        [("柑橘栽培管理", -38), ("电商直播带货", -10), ("医保政策与家庭医生签约", 3)],
    ),
}
CLASS = 20
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "国建明华军平志文英秀兰芳海强伟东春丽红德福荣光永庆昌盛正学兴宏云"


def night_schools_load(town: Shengji) -> int:
    """Three night schools and their classes; returns the sessions scheduled."""
    generator = random.Random(1930)
    calendar = WorkdayCalendar()
    today, now = town.today, town.now
    courses = {course.title: course for course in Course.objects.filter(unit=town.town)}
    if not courses:
        return 0

    def at(day: date) -> datetime:
        return past_office_time(day, now=now, calendar=calendar, generator=generator)

    sessions = 0
    for village_name, (login, address, classes) in SCHOOLS.items():
        actor: User = town.users[login]
        village = town.villages[village_name]
        moment = at(today + timedelta(days=classes[0][1] - 20))
        with recorded_at(moment):
            school = school_create(
                actor=actor,
                unit=village,
                name=f"{village_name}群众夜校",
                address=address,
                default_capacity=25,
            )
        villagers = list(
            {
                generator.choice(SURNAMES) + "".join(generator.choices(GIVEN, k=generator.choice((1, 2)))): ""
                for _ in range(60)
            }
        )
        for title, offset in classes:
            held_on = today + timedelta(days=offset)
            moment = at(held_on - timedelta(days=12))
            with recorded_at(moment):
                session = training_session_schedule(
                    actor=actor,
                    course=courses[title],
                    school=school,
                    held_on=held_on,
                    starts_at=time(19, 30),
                    teacher="驻村干部" if login == "baocun" else "镇农业服务中心 农技员",
                    now=moment,
                )
            sessions += 1
            people = generator.sample(villagers, CLASS if offset < 0 else generator.randint(9, 15))
            seated = []
            for name in people:
                moment = at(held_on - timedelta(days=generator.randint(1, 9)))
                phone = "1" + generator.choice("3589") + "".join(generator.choices("0123456789", k=9))
                with recorded_at(moment):
                    result = enrollment_add(
                        actor=actor, session=session, name=name, phone=phone, village=village, now=moment
                    )
                seated.append(result.enrollment.pk)
            if offset < 0:
                moment = at(held_on + timedelta(days=1))
                present = [pk for pk in seated if generator.random() < 0.9]
                with recorded_at(moment):
                    attendance_record(actor=actor, session=session, attended=present, now=moment)
    return sessions
