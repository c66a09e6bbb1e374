"""GET /api/v1/search: the header's search as JSON, through the same service as the page."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.schemas import ErrorResponse
from xiangzhen.search.services import SearchResult, search_run

router = Router(tags=["统一搜索"])
ERRORS = {401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse}


class SearchQueryIn(Schema):
    # Length and emptiness are judged by the service (one Chinese message for page and API); the bound
    # here only keeps a pasted page out of the request.
    q: str = Field("", max_length=1000, description="查询码、姓名、户主、手机号(11 位)或身份证号(18 位)")


class HitOut(Schema):
    title: str
    detail: str
    url: str


class GroupOut(Schema):
    key: str
    label: str
    count: int
    more: bool
    hits: list[HitOut]


class SearchOut(Schema):
    query: str
    kind: str
    total: int
    groups: list[GroupOut]


@router.get("", response={200: SearchOut, **ERRORS}, summary="统一搜索")
def search(request: HttpRequest, query: Query[SearchQueryIn]) -> SearchOut:
    result: SearchResult = search_run(viewer=acting_user(request), text=query.q)
    return SearchOut(
        query=result.query.shown,
        kind=result.query.kind.value,
        total=result.total,
        groups=[
            GroupOut(
                key=group.key,
                label=group.label,
                count=group.count,
                more=group.more,
                hits=[HitOut(title=hit.title, detail=hit.detail, url=hit.url) for hit in group.hits],
            )
            for group in result.groups
        ],
    )
