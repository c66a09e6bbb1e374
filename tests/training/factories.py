"""Schools, a course, sessions and a 轮训 plan in the test township, made through the services."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from tests.factories import Township
from xiangzhen.org.models import Unit
from xiangzhen.training.models import Course, Enrollment, RotationPlan, School, TrainingSession
from xiangzhen.training.services import (
    attendance_record,
    course_create,
    enrollment_add,
    rotation_plan_create,
    school_create,
    training_session_schedule,
)


def make_course(
    township: Township, title: str = "柑橘栽培管理", skills: tuple[str, ...] = ("柑橘修剪", "病虫害防治")
) -> Course:
    return course_create(
        actor=township.town_leader.user, unit=township.shengji, title=title, topic="farming", skills=skills
    )


def make_school(township: Township, unit: Unit, capacity: int = 30) -> School:
    return school_create(
        actor=township.town_leader.user,
        unit=unit,
        name=f"{unit.name}群众教育学校",
        address=f"{unit.name}村委会",
        default_capacity=capacity,
    )


def make_session(
    township: Township,
    school: School,
    course: Course,
    held_on: date | None = None,
    capacity: int | None = None,
) -> TrainingSession:
    return training_session_schedule(
        actor=township.town_leader.user,
        course=course,
        school=school,
        held_on=held_on or timezone.localdate() + timedelta(days=7),
        teacher="县农技站 李老师",
        capacity=capacity,
    )


def enroll(
    township: Township, session: TrainingSession, name: str, village: Unit | None = None
) -> Enrollment:
    return enrollment_add(
        actor=township.town_leader.user,
        session=session,
        name=name,
        phone="",
        village=village or township.zhenjiang,
    ).enrollment


@dataclass
class TrainingWorld:
    schools: dict[str, School]
    course: Course
    upcoming: dict[str, TrainingSession]
    held: dict[str, TrainingSession]
    plans: dict[str, RotationPlan]
    enrollments: dict[str, Enrollment]


def build_training(township: Township) -> TrainingWorld:
    """For each of 镇江片区, 镇江村 and 葛铺村: a school, an upcoming session with one seat taken and one person
    waiting, a held session with attendance, and a 轮训 plan."""
    leader = township.town_leader.user
    today = timezone.localdate()
    course = make_course(township)
    places = {
        "district": (township.zhenjiang_district, township.qingping),
        "zhenjiang": (township.zhenjiang, township.zhenjiang),
        "gepu": (township.gepu, township.gepu),
    }
    world = TrainingWorld({}, course, {}, {}, {}, {})
    for key, (unit, village) in places.items():
        school = make_school(township, unit)
        world.schools[key] = school
        upcoming = make_session(township, school, course, capacity=1)
        world.enrollments[key] = enroll(township, upcoming, f"{unit.name}张三", village)
        enroll(township, upcoming, f"{unit.name}李四", village)
        world.upcoming[key] = upcoming
        held = make_session(township, school, course, held_on=today - timedelta(days=3))
        present = [enroll(township, held, f"{unit.name}学员{number}", village).pk for number in range(3)]
        attendance_record(actor=leader, session=held, attended=present[:2])
        world.held[key] = held
        world.plans[key] = rotation_plan_create(
            actor=leader,
            title=f"{unit.name}柑橘技术轮训",
            course=course,
            school=school,
            target_unit=unit,
            target_group="柑橘种植户",
            target_count=45,
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=60),
            every_days=14,
            teacher="县农技站 李老师",
        )
    return world
