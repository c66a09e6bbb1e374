"""How the assessment app judges the mass-education school's work: the target group reached, not the
sessions held or the heads counted. Sessions and attendances stay on the school's pages as context."""

from datetime import date

from django.db.models import Count, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, CountedShare, Measure, register
from xiangzhen.org.models import Unit
from xiangzhen.training.models import Enrollment, RotationPlan, SessionStatus


def plans_ending(start: date, end: date) -> QuerySet[RotationPlan]:
    """轮训 plans whose cycle ended in the period: only a finished cycle is judged against its target."""
    return RotationPlan.objects.filter(ends_on__gte=start, ends_on__lt=end)


def _finishers(start: date, end: date) -> QuerySet[Enrollment]:
    """Attendances, by residents of the plan's target unit, of the held sessions of plans ending in the
    period: the rows behind the figure."""
    return Enrollment.objects.filter(
        session__plan__ends_on__gte=start,
        session__plan__ends_on__lt=end,
        session__status=SessionStatus.HELD,
        attended=True,
    )


def target_group_by_unit(start: date, end: date, owner: Unit) -> dict[int, dict[str, int]]:
    """Per target unit under `owner`: the people of the target groups of plans ending in the period
    ("target") and those of them who finished the course ("finished", distinct residents of the target
    unit who attended a held session of the plan, at most the target)."""
    plans = list(plans_ending(start, end).filter(target_unit__in=Unit.objects.within([owner]).values("pk")))
    counts: dict[int, dict[str, int]] = {}
    for plan in plans:
        finished = Enrollment.objects.filter(
            session__plan=plan,
            session__status=SessionStatus.HELD,
            attended=True,
            trainee__village__in=Unit.objects.within([plan.target_unit]).values("pk"),
        ).aggregate(people=Count("trainee", distinct=True))["people"]
        added = counts.setdefault(plan.target_unit_id, {"target": 0, "finished": 0})
        added["target"] += plan.target_count
        added["finished"] += min(finished, plan.target_count)
    return counts


register(
    ComputedIndicator(
        code="training.target_group_finished",
        name="轮训对象完成率",
        category="群众教育",
        rows=_finishers,
        unit_field="session__plan__target_unit",
        measures=Measure.RATE,
        rate=True,
        description="本期结束的轮训计划中,培训对象(按对象所在单位)完成课程的人数占对象人数的比例。"
        "培训场次和参训人次只作参考,不计分",
        row_columns=[
            ("日期", "session__held_on"),
            ("轮训", "session__plan__title"),
            ("所在村", "trainee__village__name"),
        ],
        counted_by=target_group_by_unit,
        counted_as=CountedShare("finished", "target"),
    )
)
