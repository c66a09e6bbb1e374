"""Shared shapes of the API: the one error body, and the input types that keep bad input out of the database.

Every write schema derives from `InputSchema`, which refuses NUL bytes in any string (PostgreSQL cannot store
them and would answer 500); lengths come from the model field the value is written to (`length_of`), so the
API and the database cannot disagree; ids and counts are bounded to what a 64-bit column holds.
"""

from typing import Annotated, Any

from annotated_types import MaxLen
from django.db import models
from ninja import Field, Schema
from pydantic import field_validator

# The largest value of a signed 64-bit column (BigAutoField); a larger id can only be "not found".
BIGINT_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
# An optimistic-lock counter (a PositiveIntegerField); the service writes version + 1, which must fit too.
Version = Annotated[int, Field(ge=0, le=2**31 - 2)]
# Working days of a time limit: a year of working days is already more than any rule allows.
Workdays = Annotated[int, Field(ge=1, le=250)]
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


class InputSchema(Schema):
    """Base of every request body and query schema."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul_bytes(cls, value: Any) -> Any:
        if _contains_nul(value):
            raise ValueError("不能包含空字符(NUL)")
        return value


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorResponse(Schema):
    error: ErrorDetail
