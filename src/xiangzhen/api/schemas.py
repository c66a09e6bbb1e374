"""Shared shapes of the API: the one error body, and the input types that keep bad input out of the database.

Every write schema derives from `InputSchema`, which refuses NUL bytes in any string (PostgreSQL cannot store
them and would answer 500); lengths come from the model field the value is written to (`length_of`), so the
API and the database cannot disagree; ids and counts are bounded to what a 64-bit column holds.
"""

import types
import typing
from datetime import date, datetime, time
from typing import Annotated, Any

from annotated_types import MaxLen
from django.db import models
from ninja import Field, Schema
from pydantic import BeforeValidator, ValidationInfo, field_validator

# The largest value of a signed 64-bit column (BigAutoField); a larger id can only be "not found".
BIGINT_MAX = 2**63 - 1


def _refuse_bool(value: Any) -> Any:
    # JSON `true` is a Python bool, and bool is an int: without this, `true` would be the id 1.
    if isinstance(value, bool):
        raise ValueError("应为整数,不能是 true/false")
    return value


NotBool = BeforeValidator(_refuse_bool)
Id = Annotated[int, NotBool, Field(ge=1, le=BIGINT_MAX)]
# An optimistic-lock counter (a PositiveIntegerField); the service writes version + 1, which must fit too.
Version = Annotated[int, NotBool, Field(ge=0, le=2**31 - 2)]
# Working days of a time limit: a year of working days is already more than any rule allows.
Workdays = Annotated[int, NotBool, Field(ge=1, le=250)]
# Free text written to a TextField: long enough for minutes and agreements, short of abuse.
LONG_TEXT_MAX = 20_000
LongText = Annotated[str, Field(max_length=LONG_TEXT_MAX)]


def length_of(model: type[models.Model], field_name: str) -> MaxLen:
    """The `max_length` of a model's CharField, as a pydantic constraint (use inside `Annotated`)."""
    field = model._meta.get_field(field_name)
    max_length = getattr(field, "max_length", None)
    if not isinstance(max_length, int):
        raise TypeError(f"{model.__name__}.{field_name} has no max_length")
    return MaxLen(max_length)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_contains_nul(element) for element in value)
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(element) for key, element in value.items())
    return False


def _plain_types(annotation: Any) -> set[Any]:
    """The types a field's annotation admits at its top level (through Optional, unions and Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _plain_types(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return set().union(*(_plain_types(argument) for argument in typing.get_args(annotation)))
    return {origin or annotation}


_TEMPORAL = {date, time, datetime}


class InputSchema(Schema):
    """Base of every request body and query schema.

    Besides NUL bytes it refuses what pydantic's lax mode would coerce into a value the client did not
    mean: `true`/`false` where a number is expected, a number where a date or time is expected (lax mode
    reads it as seconds since 1970 or since midnight, in UTC), and a time of day with a zone (the database
    column has none: PostgreSQL would store it and the response would fail after the commit)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_odd_values(cls, value: Any, info: ValidationInfo) -> Any:
        if _contains_nul(value):
            raise ValueError("不能包含空字符(NUL)")
        field = cls.model_fields.get(info.field_name or "")
        if field is None:
            return value
        admitted = _plain_types(field.annotation)
        if Any in admitted:
            return value
        if isinstance(value, bool) and bool not in admitted:
            raise ValueError("不能是 true/false")
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and admitted & _TEMPORAL
            and not admitted & {int, float, str}
        ):
            raise ValueError("日期应写作 YYYY-MM-DD,时间应写作 HH:MM[:SS]")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_zoned_times(cls, value: Any) -> Any:
        if isinstance(value, time) and value.tzinfo is not None:
            raise ValueError("时间不能带时区,请写本地时间 HH:MM[:SS]")
        return value


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorResponse(Schema):
    error: ErrorDetail
