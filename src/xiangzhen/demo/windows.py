"""Demo service windows: the town halls and 片区 stations, with the phone, address and hours printed on
notices and receipts."""

from xiangzhen.org.models import Unit, UnitLevel
from xiangzhen.services.models import ServiceWindow

OPENING_HOURS = "周一至周五 9:00—12:00、14:00—17:30(法定节假日除外,调休上班日照常)"
STATION_HOURS = "周一至周五 9:00—12:00、14:30—17:00(赶场天照常开放)"


def service_windows_load() -> int:
    """One window per town (便民服务中心) and per 片区 (便民服务站); villages use the nearest one above."""
    windows = []
    units = Unit.objects.filter(level__in=[UnitLevel.TOWN, UnitLevel.DISTRICT]).select_related("parent")
    for number, unit in enumerate(units.order_by("path"), start=1):
        is_town = unit.level == UnitLevel.TOWN
        county = unit.parent.name if is_town and unit.parent else ""
        windows.append(
            ServiceWindow(
                unit=unit,
                name=f"{unit.name}{'便民服务中心' if is_town else '便民服务站'}",
                phone=f"0857-82{number:05d}",
                address=f"{county}{unit.name}人民政府一楼大厅" if is_town else f"{unit.name}党工委办公楼一楼",
                opening_hours=OPENING_HOURS if is_town else STATION_HOURS,
            )
        )
    ServiceWindow.objects.bulk_create(windows, ignore_conflicts=True)
    return len(windows)
