"""JSON API of 考核赛马: indicators, schemes, rankings and their explanations; the same selectors and
services as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse, Id, InputSchema, LongText, Version
from xiangzhen.assessment.computing import competing_units
from xiangzhen.assessment.dashboards import lift_line
from xiangzhen.assessment.models import Board, ComputeRun, Indicator, ManualEntry, Scheme, SchemeItem
from xiangzhen.assessment.periods import Period, period_parse
from xiangzhen.assessment.selectors import (
    SchemeAccess,
    board_rows,
    breakdown,
    gap,
    is_published,
    lift_one_rank,
    period_for,
    scheme_accesses,
    scheme_get_for_user,
    scheme_items,
)
from xiangzhen.assessment.services import board_publish, manual_entry_record, scores_recompute_request
from xiangzhen.errors import NotFound, ValidationFailed

router = Router(tags=["考核赛马"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse}
PeriodText = Annotated[
    str,
    Field(max_length=20, description="周期内的任一日期(2026-03-02)、月份(2026-03)、周(2026-W10)、季度或年份"),
]
# A figure entered on the score sheet: a count, a rate or points; the column holds 12 digits, 4 decimals.
EntryValue = Annotated[Decimal, Field(ge=0, le=Decimal("99999999"), decimal_places=4)]


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    category: str
    level: str
    direction: str
    source: str
    is_rate: bool
    unit_label: str
    description: str


class SchemeItemOut(Schema):
    id: int
    indicator_code: str
    indicator_name: str
    weight: Decimal
    normalization: str
    target: Decimal | None
    per_item: Decimal | None


class SchemeOut(Schema):
    id: int
    name: str
    owner_unit_id: int
    level: str
    period_kind: str
    talk_after: int
    board_size: int
    linkage_weight: Decimal
    organizer: bool
    items: list[SchemeItemOut]


class RankingRowOut(Schema):
    unit_id: int
    unit_name: str
    rank: int
    total: Decimal
    previous_rank: int | None
    rank_change: int | None
    missing_items: int
    needs_talk: bool
    last_streak: int


class RankingOut(Schema):
    scheme_id: int
    period_start: date | None
    period_end: date | None
    period_label: str
    published: bool
    rows: list[RankingRowOut]


class ComponentOut(Schema):
    item_id: int
    indicator_code: str
    indicator_name: str
    weight: Decimal
    numerator: Decimal | None
    denominator: int | None
    value: Decimal | None
    points: Decimal | None
    missing: bool


class LiftOut(Schema):
    item_id: int
    indicator_code: str
    current: Decimal | None
    needed: Decimal
    rows_more: int | None
    new_rank: int
    text: str


class ExplanationOut(Schema):
    scheme_id: int
    unit_id: int
    unit_name: str
    period_start: date
    rank: int | None
    total: Decimal | None
    parts_total: Decimal
    components: list[ComponentOut]
    lifts: list[LiftOut]


class GapRowOut(Schema):
    item_id: int
    indicator_code: str
    a_points: Decimal | None
    b_points: Decimal | None
    difference: Decimal


class GapOut(Schema):
    scheme_id: int
    period_start: date
    a: int
    b: int
    a_total: Decimal | None
    b_total: Decimal | None
    difference: Decimal
    rows: list[GapRowOut]


class PeriodQuery(InputSchema):
    period: PeriodText = ""


class GapQuery(PeriodQuery):
    a: Id
    b: Id


class PeriodIn(InputSchema):
    period: PeriodText


class EntryIn(InputSchema):
    item_id: Id
    unit_id: Id
    period: PeriodText
    value: EntryValue
    evidence: LongText
    version: Version | None = None


class ComputeRunOut(Schema):
    id: int
    scheme_id: int
    period_start: date
    status: str


class EntryOut(Schema):
    id: int
    indicator_code: str
    unit_id: int
    period_start: date
    value: Decimal
    evidence: str
    version: int

    @staticmethod
    def resolve_indicator_code(entry: ManualEntry) -> str:
        return entry.indicator.code


class BoardOut(Schema):
    scheme_id: int
    period_start: date
    published_at: datetime


def _access(request: HttpRequest, scheme_id: int) -> SchemeAccess:
    return scheme_get_for_user(request.user, scheme_id)


def _parsed(access: SchemeAccess, text: str) -> Period:
    try:
        return period_parse(access.scheme.period_kind, text)
    except ValueError as error:
        raise ValidationFailed(str(error)) from error


def _period(access: SchemeAccess, text: str) -> Period:
    """The period asked for, else the newest the viewer may see; none yet is "not found"."""
    wanted = _parsed(access, text).start.isoformat() if text.strip() else None
    period = period_for(access, wanted)
    if period is None:
        raise NotFound("该方案还没有可查看的榜单")
    return period


def _scheme_out(access: SchemeAccess) -> SchemeOut:
    scheme = access.scheme
    return SchemeOut(
        id=scheme.pk,
        name=scheme.name,
        owner_unit_id=scheme.owner_unit_id,
        level=scheme.level,
        period_kind=scheme.period_kind,
        talk_after=scheme.talk_after,
        board_size=scheme.board_size,
        linkage_weight=scheme.linkage_weight,
        organizer=access.organizer,
        items=[
            SchemeItemOut(
                id=item.pk,
                indicator_code=item.indicator.code,
                indicator_name=item.indicator.name,
                weight=item.weight,
                normalization=item.normalization,
                target=item.target,
                per_item=item.per_item,
            )
            for item in scheme_items(scheme)
        ],
    )


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="考核指标")
def indicators(request: HttpRequest) -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True))


@router.get("/schemes", response={200: list[SchemeOut], **ERRORS}, summary="我可查看的考核方案")
def schemes(request: HttpRequest) -> list[SchemeOut]:
    return [_scheme_out(access) for access in scheme_accesses(request.user)]


@router.get("/schemes/{scheme_id}", response={200: SchemeOut, **ERRORS}, summary="考核方案")
def scheme_detail(request: HttpRequest, scheme_id: Id) -> SchemeOut:
    return _scheme_out(_access(request, scheme_id))


@router.get("/schemes/{scheme_id}/rankings", response={200: RankingOut, **ERRORS}, summary="榜单")
def rankings(request: HttpRequest, scheme_id: Id, query: Query[PeriodQuery]) -> RankingOut:
    access = _access(request, scheme_id)
    period = _period(access, query.period)
    return RankingOut(
        scheme_id=access.scheme.pk,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        published=is_published(access.scheme, period),
        rows=[
            RankingRowOut(
                unit_id=row.unit.pk,
                unit_name=row.unit.name,
                rank=row.score.rank,
                total=row.total,
                previous_rank=row.score.previous_rank,
                rank_change=row.score.rank_change,
                missing_items=row.score.missing_items,
                needs_talk=row.score.needs_talk,
                last_streak=row.score.last_streak,
            )
            for row in board_rows(access, period)
        ],
    )


@router.get(
    "/schemes/{scheme_id}/units/{competitor_id}/explanation",
    response={200: ExplanationOut, **ERRORS},
    summary="单位得分构成与怎样进一名",
)
def explanation(
    request: HttpRequest, scheme_id: Id, competitor_id: Id, query: Query[PeriodQuery]
) -> ExplanationOut:
    access = _access(request, scheme_id)
    period = _period(access, query.period)
    unit, parts = breakdown(access, period, competitor_id)
    score, lifts = lift_one_rank(access, period, competitor_id)
    return ExplanationOut(
        scheme_id=access.scheme.pk,
        unit_id=unit.pk,
        unit_name=unit.name,
        period_start=period.start,
        rank=score.rank if score else None,
        total=score.total if score else None,
        parts_total=parts.parts_total,
        components=[
            ComponentOut(
                item_id=row.item.pk,
                indicator_code=row.item.indicator.code,
                indicator_name=row.item.indicator.name,
                weight=row.item.weight,
                numerator=row.component.numerator if row.component else None,
                denominator=row.component.denominator if row.component else None,
                value=row.component.value if row.component else None,
                points=row.points,
                missing=row.missing,
            )
            for row in parts.rows
        ],
        lifts=[
            LiftOut(
                item_id=lift.item.pk,
                indicator_code=lift.item.indicator.code,
                current=lift.current,
                needed=lift.needed,
                rows_more=lift.rows_more,
                new_rank=lift.new_rank,
                text=lift_line(lift).text,
            )
            for lift in lifts
        ],
    )


@router.get("/schemes/{scheme_id}/gap", response={200: GapOut, **ERRORS}, summary="两个单位的差距")
def gap_detail(request: HttpRequest, scheme_id: Id, query: Query[GapQuery]) -> GapOut:
    access = _access(request, scheme_id)
    period = _period(access, query.period)
    comparison = gap(access, period, query.a, query.b)
    return GapOut(
        scheme_id=access.scheme.pk,
        period_start=period.start,
        a=comparison.first.pk,
        b=comparison.second.pk,
        a_total=comparison.first_score.total if comparison.first_score else None,
        b_total=comparison.second_score.total if comparison.second_score else None,
        difference=comparison.difference,
        rows=[
            GapRowOut(
                item_id=row.item.pk,
                indicator_code=row.item.indicator.code,
                a_points=row.first,
                b_points=row.second,
                difference=row.difference,
            )
            for row in comparison.rows
        ],
    )


@router.post(
    "/schemes/{scheme_id}/compute", response={202: ComputeRunOut, **ERRORS}, summary="重新计算一期分数(后台)"
)
def compute(request: HttpRequest, scheme_id: Id, payload: PeriodIn) -> Status[ComputeRun]:
    access = _access(request, scheme_id)
    run = scores_recompute_request(
        actor=acting_user(request), scheme=access.scheme, period=_parsed(access, payload.period)
    )
    return Status(202, run)


@router.post("/schemes/{scheme_id}/entries", response={201: EntryOut, **ERRORS}, summary="录入考核分数")
def entry_record(request: HttpRequest, scheme_id: Id, payload: EntryIn) -> Status[ManualEntry]:
    access = _access(request, scheme_id)
    scheme: Scheme = access.scheme
    item = SchemeItem.objects.select_related("indicator").filter(scheme=scheme, pk=payload.item_id).first()
    if item is None:
        raise NotFound("该方案没有这项指标")
    unit = competing_units(scheme).filter(pk=payload.unit_id).first()
    if unit is None:
        raise NotFound("该单位不是本方案的参评单位")
    entry = manual_entry_record(
        actor=acting_user(request),
        scheme=scheme,
        item=item,
        unit=unit,
        period=_parsed(access, payload.period),
        value=payload.value,
        evidence=payload.evidence,
        version=payload.version,
    )
    return Status(201, entry)


@router.post("/schemes/{scheme_id}/publish", response={201: BoardOut, **ERRORS}, summary="发布榜单")
def publish(request: HttpRequest, scheme_id: Id, payload: PeriodIn) -> Status[Board]:
    access = _access(request, scheme_id)
    board = board_publish(
        actor=acting_user(request), scheme=access.scheme, period=_parsed(access, payload.period)
    )
    return Status(201, board)
