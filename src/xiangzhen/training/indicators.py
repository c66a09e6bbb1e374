"""How the assessment app counts the mass-education school's work."""

from datetime import date

from django.db.models import Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, register
from xiangzhen.training.models import Enrollment, EnrollmentStatus, SessionStatus, TrainingSession


def _attendances(start: date, end: date) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        session__status=SessionStatus.HELD,
        session__held_on__gte=start,
        session__held_on__lt=end,
        status=EnrollmentStatus.ENROLLED,
    )


def _sessions(start: date, end: date) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(status=SessionStatus.HELD, held_on__gte=start, held_on__lt=end)


register(
    ComputedIndicator(
        code="training.attendances",
        name="群众教育参训人次",
        category="群众教育",
        rows=_attendances,
        # Counted where the residents live, so a village is credited for its own people wherever they studied.
        unit_field="trainee__village",
        numerator=Q(attended=True),
        unit_label="人次",
        description="期内已举办培训中实到的学员人次,按学员所在村(组)计",
        row_columns=[
            ("日期", "session__held_on"),
            ("课程", "session__course__title"),
            ("所在村", "trainee__village__name"),
        ],
    )
)
register(
    ComputedIndicator(
        code="training.sessions_held",
        name="群众教育培训场次",
        category="群众教育",
        rows=_sessions,
        unit_field="school__unit",
        unit_label="场",
        description="期内已举办(已点名)的培训场次,按学校所在单位计",
        row_columns=[("日期", "held_on"), ("课程", "course__title"), ("学校", "school__name")],
    )
)
