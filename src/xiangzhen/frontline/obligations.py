"""A cadre's coming days on the window or leading the shift (坐班轮值) on the one clock: the next two weeks of
the rota, each day the cadre's until it has passed. A past shift leaves the list; it is never red."""

from datetime import date, timedelta
from typing import Any

from xiangzhen.clock.registry import ObligationKind, register
from xiangzhen.frontline.models import DutyKind, DutyShift

# How far ahead the rota shows on 我的待办.
DUTY_DAYS_AHEAD = 14


def _coming_shifts(today: date, ids: list[int] | None) -> list[dict[str, Any]]:
    shifts = DutyShift.objects.filter(on__gte=today, on__lte=today + timedelta(days=DUTY_DAYS_AHEAD))
    if ids is not None:
        shifts = shifts.filter(pk__in=ids)
    return [
        {
            "key": str(shift["pk"]),
            "source_id": shift["pk"],
            "unit_id": shift["unit_id"],
            "owner_id": shift["cadre__user_id"],
            "title": f"{DutyKind(shift['kind']).label} · {shift['unit__name']} {shift['on']:%m月%d日}",
            "link": f"/frontline/duty/{shift['pk']}/",
            "due_date": shift["on"],
            "yellow_from": shift["on"] - timedelta(days=1),
            "urgent": False,
        }
        for shift in shifts.values("pk", "unit_id", "unit__name", "cadre__user_id", "kind", "on")
    ]


register(
    ObligationKind(
        name="frontline.duty",
        label="坐班轮值",
        source_model=DutyShift,
        computed=_coming_shifts,
        watch={DutyShift: lambda shift: [shift.pk]},
        counted_in="自然日",
    )
)
