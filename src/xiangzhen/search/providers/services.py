"""办件: found by their 查询码, or by the applicant's name, mobile number or 身份证号."""

from django.db.models import Q
from django.urls import reverse

from xiangzhen.search.query import QueryKind, SearchQuery
from xiangzhen.search.registry import Columns, Hit, Provider, matching
from xiangzhen.services.models import ServiceRequest
from xiangzhen.services.selectors import service_request_scope

# The applicant's columns (each B-tree indexed by services; the name also by the search app's trigram index).
APPLICANT = Columns(
    names=("applicant_name",), phones=("applicant_phone",), id_numbers=("applicant_id_number",)
)
NAME_ORDER = ("applicant_name", "pk")


def condition(query: SearchQuery, contains: bool) -> Q | None:
    if query.kind == QueryKind.CODE:
        return None if contains else Q(tracking_code=query.value)
    return matching(APPLICANT, query, contains=contains)


def hit(request: ServiceRequest) -> Hit:
    return Hit(
        title=f"{request.tracking_code} {request.item.name}",
        detail=" · ".join(
            [
                request.masked_name,
                request.masked_phone,
                request.get_status_display(),
                request.handling_unit.name,
                f"{request.created_at:%Y-%m-%d}",
            ]
        ),
        url=reverse("services:detail", args=[request.pk]),
    )


PROVIDER = Provider(
    key="requests",
    label="办件",
    page="services:queue",
    scope=service_request_scope,
    condition=condition,
    hit=hit,
    name_order=NAME_ORDER,
    order=("-created_at", "-id"),
    select_related=("item", "handling_unit"),
)
