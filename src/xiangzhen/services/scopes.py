"""Keeps `RequestScope` (the queue's index) in step with where requests are handled and filed."""

from collections.abc import Iterable, Sequence

from xiangzhen.org.models import PATH_SEGMENT_WIDTH, Unit
from xiangzhen.services.models import RequestScope, ServiceRequest

BATCH_SIZE = 5000


def scope_unit_ids(handling_path: str, filed_path: str) -> set[int]:
    """Every unit whose people see a request handled at one path and filed at the other (paths never move:
    a unit keeps its place in the tree, so only a transfer changes a request's scope)."""
    return {
        int(path[start : start + PATH_SEGMENT_WIDTH])
        for path in (handling_path, filed_path)
        for start in range(0, len(path), PATH_SEGMENT_WIDTH)
    }


def request_scopes_add(requests: Sequence[ServiceRequest]) -> None:
    """Scope rows for requests just created (one by one at the window, or in bulk by the demo loader)."""
    unit_ids = {request.handling_unit_id for request in requests} | {
        request.filed_at_unit_id for request in requests
    }
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    RequestScope.objects.bulk_create(
        _rows(
            (request, scope_unit_ids(paths[request.handling_unit_id], paths[request.filed_at_unit_id]))
            for request in requests
        ),
        batch_size=BATCH_SIZE,
    )


def request_scopes_replace(request: ServiceRequest) -> None:
    """After a transfer: the units above the new handling unit see the request, those above only the old one
    no longer do."""
    RequestScope.objects.filter(request=request).delete()
    request_scopes_add([request])


def _rows(pairs: Iterable[tuple[ServiceRequest, set[int]]]) -> Iterable[RequestScope]:
    for request, unit_ids in pairs:
        for unit_id in sorted(unit_ids):
            yield RequestScope(unit_id=unit_id, request=request, created_at=request.created_at)
