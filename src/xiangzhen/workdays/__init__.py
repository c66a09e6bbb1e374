"""The official working-day calendar. Import the functions from `xiangzhen.workdays.calendar`;
they are re-exported here lazily because Django must load models before they can be used."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xiangzhen.workdays.calendar import add_workdays, deadline_after, workdays_between

__all__ = ["add_workdays", "deadline_after", "workdays_between"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from xiangzhen.workdays import calendar

        return getattr(calendar, name)
    raise AttributeError(name)
