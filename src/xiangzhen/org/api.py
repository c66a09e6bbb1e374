from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, Version, length_of
from xiangzhen.org.models import Unit
from xiangzhen.org.selectors import unit_get_for_user, visible_units
from xiangzhen.org.services import unit_create, unit_update

router = Router(tags=["行政单位"])


class UnitOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    parent_id: int | None
    division_code: str
    version: int

    @staticmethod
    def resolve_level_label(unit: Unit) -> str:
        return unit.get_level_display()


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


UnitName = Annotated[str, length_of(Unit, "name")]
DivisionCode = Annotated[str, length_of(Unit, "division_code")]


class UnitListQuery(InputSchema):
    level: Annotated[str, length_of(Unit, "level")] | None = None
    cursor: Annotated[str, length_of(Unit, "path")] | None = None
    limit: int = 100


class UnitCreateIn(InputSchema):
    name: UnitName
    level: Annotated[str, length_of(Unit, "level")]
    parent_id: Id
    division_code: DivisionCode = ""


class UnitUpdateIn(InputSchema):
    name: UnitName
    division_code: DivisionCode = ""
    version: Version


ERRORS = {401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
# Writes also answer 403 when the role may not manage units (org.permissions); the service decides.
WRITE_ERRORS = {403: ErrorResponse, **ERRORS}


@router.get("", response={200: UnitPage, **ERRORS}, summary="可见的单位(按路径分页)")
def unit_list(request: HttpRequest, filters: Query[UnitListQuery]) -> dict[str, object]:
    limit = max(1, min(filters.limit, 500))
    units = visible_units(request.user).order_by("path")
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.cursor:
        units = units.filter(path__gt=filters.cursor)
    page = list(units[: limit + 1])
    next_cursor = page[limit - 1].path if len(page) > limit else None
    # Models, not schemas, go into the page so that the output schema's resolvers run on them.
    return {"items": page[:limit], "next_cursor": next_cursor}


@router.get("/{unit_id}", response={200: UnitOut, **ERRORS}, summary="单位详情")
def unit_detail(request: HttpRequest, unit_id: Id) -> Unit:
    return unit_get_for_user(request.user, unit_id)


@router.post("", response={201: UnitOut, **WRITE_ERRORS}, summary="新建下级单位")
def unit_add(request: HttpRequest, payload: UnitCreateIn) -> Status[Unit]:
    parent = unit_get_for_user(request.user, payload.parent_id)
    unit = unit_create(
        actor=request.user,
        name=payload.name,
        level=payload.level,
        parent=parent,
        division_code=payload.division_code,
    )
    return Status(201, unit)


@router.put("/{unit_id}", response={200: UnitOut, **WRITE_ERRORS}, summary="修改单位名称或区划代码")
def unit_change(request: HttpRequest, unit_id: Id, payload: UnitUpdateIn) -> Unit:
    unit = unit_get_for_user(request.user, unit_id)
    return unit_update(
        actor=request.user,
        unit=unit,
        expected_version=payload.version,
        name=payload.name,
        division_code=payload.division_code,
    )
