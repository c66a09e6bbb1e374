"""The front line's figures for the assessment app (see assessment.registry)."""

from datetime import date

from django.db.models import Q, QuerySet

from xiangzhen.assessment.registry import ComputedIndicator, register
from xiangzhen.frontline.models import DutyShift, VillageStay, Visit


def _stays(start: date, end: date) -> QuerySet[VillageStay]:
    return VillageStay.objects.filter(week_start__gte=start, week_start__lt=end)


def _visits(start: date, end: date) -> QuerySet[Visit]:
    return Visit.objects.filter(visited_on__gte=start, visited_on__lt=end)


def _shifts(start: date, end: date) -> QuerySet[DutyShift]:
    return DutyShift.objects.filter(on__gte=start, on__lt=end)


register(
    ComputedIndicator(
        code="frontline.stay_compliance",
        name="驻村蹲点达标率",
        category="干部在一线",
        rows=_stays,
        unit_field="village",
        numerator=Q(compliant=True),
        rate=True,
        description="包村、驻村、联系干部每周在所包村签到的天数达到本乡镇规定(默认 3 天)的周次占比;请假的工作日不计入应在村天数",
        row_columns=[
            ("周一", "week_start"),
            ("干部", "cadre__name"),
            ("村", "village__name"),
            ("在村天数", "days"),
            ("应在村", "required"),
            ("在村日期", "day_list"),
        ],
    )
)
register(
    ComputedIndicator(
        code="frontline.visits",
        name="五进走访次数",
        category="干部在一线",
        rows=_visits,
        unit_field="unit",
        unit_label="次",
        description="干部进部门、进企业、进学校、进村组、进农户的走访记录数",
        row_columns=[("日期", "visited_on"), ("类型", "kind"), ("对象", "target"), ("干部", "cadre__name")],
        row_link=lambda visit: f"/frontline/visits/{visit.pk}/",
    )
)
register(
    ComputedIndicator(
        code="frontline.duty_check_ins",
        name="坐班到岗率",
        category="干部在一线",
        rows=_shifts,
        unit_field="unit",
        numerator=Q(checked_in_at__isnull=False),
        rate=True,
        description="便民服务中心排定的坐班班次中,当班干部到岗签到的占比",
        row_columns=[("日期", "on"), ("班次", "kind"), ("干部", "cadre__name"), ("到岗", "checked_in_at")],
        row_link=lambda shift: f"/frontline/duty/{shift.pk}/",
    )
)
