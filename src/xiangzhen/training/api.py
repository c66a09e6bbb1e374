"""JSON API of the mass-education school: the same services as the pages."""

from datetime import date, time, timedelta
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, Version, length_of
from xiangzhen.training.models import Course, Enrollment, EnrollmentStatus, School, Trainee, TrainingSession
from xiangzhen.training.selectors import (
    course_get_for_user,
    course_scope,
    enrollment_get_for_user,
    school_get_for_user,
    school_scope,
    session_get_for_user,
    session_list,
    session_roster,
    trainee_village_get,
    training_figures,
)
from xiangzhen.training.services import (
    MAX_CAPACITY,
    attendance_record,
    enrollment_add,
    enrollment_cancel,
    training_session_schedule,
)

router = Router(tags=["群众教育培训"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
LIST_LIMIT = 500


class SchoolOut(Schema):
    id: int
    name: str
    unit_id: int
    address: str
    default_capacity: int


class CourseOut(Schema):
    id: int
    title: str
    topic: str
    unit_id: int
    skills: list[str]

    @staticmethod
    def resolve_skills(course: Course) -> list[str]:
        return [skill.name for skill in course.skills.all()]


class SessionOut(Schema):
    id: int
    course_id: int
    school_id: int
    plan_id: int | None
    held_on: date
    starts_at: time | None
    place: str
    teacher: str
    capacity: int
    enrolled_count: int
    status: str
    version: int


class EnrollmentOut(Schema):
    id: int
    session_id: int
    trainee: str
    village_id: int
    status: str
    attended: bool
    waitlist_position: int | None = None


def _enrollment_out(enrollment: Enrollment, position: int | None) -> EnrollmentOut:
    return EnrollmentOut(
        id=enrollment.pk,
        session_id=enrollment.session_id,
        trainee=enrollment.trainee.name,
        village_id=enrollment.trainee.village_id,
        status=enrollment.status,
        attended=enrollment.attended,
        waitlist_position=position,
    )


class SessionIn(InputSchema):
    course_id: Id
    school_id: Id
    held_on: date
    starts_at: time | None = None
    teacher: Annotated[str, length_of(TrainingSession, "teacher")]
    place: Annotated[str, length_of(TrainingSession, "place")] = ""
    capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY)] | None = None


class EnrollmentIn(InputSchema):
    name: Annotated[str, length_of(Trainee, "name")]
    phone: Annotated[str, length_of(Trainee, "phone")] = ""
    village_id: Id


class AttendanceIn(InputSchema):
    attended: Annotated[list[Id], Field(max_length=MAX_CAPACITY)]
    version: Version


class PeriodQuery(InputSchema):
    since: date | None = None
    until: date | None = None


class FiguresOut(Schema):
    unit_id: int | None
    name: str
    sessions: int
    skills: int
    attendances: int
    people: int


@router.get("/schools", response={200: list[SchoolOut], **ERRORS}, summary="群众教育学校")
def schools(request: HttpRequest) -> list[School]:
    return list(school_scope(request.user)[:LIST_LIMIT])


@router.get("/courses", response={200: list[CourseOut], **ERRORS}, summary="课程与所授技能")
def courses(request: HttpRequest) -> list[Course]:
    return list(course_scope(request.user).prefetch_related("skills")[:LIST_LIMIT])


@router.get("/sessions", response={200: list[SessionOut], **ERRORS}, summary="培训场次")
def sessions(request: HttpRequest, query: Query[PeriodQuery]) -> list[TrainingSession]:
    return list(session_list(viewer=request.user, since=query.since, until=query.until)[:LIST_LIMIT])


@router.post("/sessions", response={201: SessionOut, **ERRORS}, summary="安排培训场次")
def session_add(request: HttpRequest, payload: SessionIn) -> Status[TrainingSession]:
    session = training_session_schedule(
        actor=acting_user(request),
        course=course_get_for_user(request.user, payload.course_id),
        school=school_get_for_user(request.user, payload.school_id),
        held_on=payload.held_on,
        starts_at=payload.starts_at,
        teacher=payload.teacher,
        place=payload.place,
        capacity=payload.capacity,
    )
    return Status(201, session)


@router.get("/sessions/{session_id}", response={200: SessionOut, **ERRORS}, summary="培训场次详情")
def session_detail(request: HttpRequest, session_id: Id) -> TrainingSession:
    return session_get_for_user(request.user, session_id)


@router.get(
    "/sessions/{session_id}/enrollments",
    response={200: list[EnrollmentOut], **ERRORS},
    summary="报名名单与候补",
)
def session_enrollments(request: HttpRequest, session_id: Id) -> list[EnrollmentOut]:
    roster = list(session_roster(session_get_for_user(request.user, session_id)))
    waiting = [enrollment.pk for enrollment in roster if enrollment.status == EnrollmentStatus.WAITLISTED]
    return [
        _enrollment_out(
            enrollment,
            waiting.index(enrollment.pk) + 1 if enrollment.status == EnrollmentStatus.WAITLISTED else None,
        )
        for enrollment in roster
    ]


@router.post(
    "/sessions/{session_id}/enrollments", response={201: EnrollmentOut, **ERRORS}, summary="报名(满员则候补)"
)
def enrollment_add_endpoint(
    request: HttpRequest, session_id: Id, payload: EnrollmentIn
) -> Status[EnrollmentOut]:
    session = session_get_for_user(request.user, session_id)
    result = enrollment_add(
        actor=acting_user(request),
        session=session,
        name=payload.name,
        phone=payload.phone,
        village=trainee_village_get(request.user, session, payload.village_id),
    )
    return Status(201, _enrollment_out(result.enrollment, result.waitlist_position))


@router.post(
    "/enrollments/{enrollment_id}/cancel",
    response={200: list[EnrollmentOut], **ERRORS},
    summary="取消报名(候补按顺序递补)",
)
def enrollment_cancel_endpoint(request: HttpRequest, enrollment_id: Id) -> list[EnrollmentOut]:
    enrollment = enrollment_get_for_user(request.user, enrollment_id)
    enrollment_cancel(actor=acting_user(request), enrollment=enrollment)
    return session_enrollments(request, enrollment.session_id)


@router.post("/sessions/{session_id}/attendance", response={200: SessionOut, **ERRORS}, summary="记录出勤")
def attendance(request: HttpRequest, session_id: Id, payload: AttendanceIn) -> TrainingSession:
    session = session_get_for_user(request.user, session_id)
    attendance_record(
        actor=acting_user(request), session=session, attended=payload.attended, version=payload.version
    )
    return session


@router.get(
    "/figures", response={200: list[FiguresOut], **ERRORS}, summary="培训统计(场次、技能、人次、人数)"
)
def figures(request: HttpRequest, query: Query[PeriodQuery]) -> list[FiguresOut]:
    today = timezone.localdate()
    rows, total = training_figures(
        viewer=request.user, since=query.since or today - timedelta(days=365), until=query.until or today
    )
    return [
        FiguresOut(
            unit_id=row.key,
            name=row.name,
            sessions=row.sessions,
            skills=row.skills,
            attendances=row.attendances,
            people=row.people,
        )
        for row in [*rows, total]
    ]
