"""The product's URLs plus one bare view, so the intake bench compares both through the same server."""

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    """The floor: parse the JSON body and insert one request row, with nothing else (no permission, no
    deadline, no audit, no timeline)."""
    from xiangzhen.services.models import RequestStatus, ServiceRequest

    payload = json.loads(request.body)
    created = ServiceRequest.objects.create(
        tracking_code=uuid.uuid4().hex[:20],
        item_id=payload["item_id"],
        filed_at_unit_id=payload["unit_id"],
        handling_unit_id=payload["unit_id"],
        applicant_name=payload["applicant_name"],
        applicant_phone=payload["applicant_phone"],
        applicant_id_number=payload["applicant_id_number"],
        status=RequestStatus.ACCEPTED,
        first_officer_id=payload["officer_id"],
        created_at=timezone.now(),
    )
    return JsonResponse({"id": created.pk}, status=201)


# The queue's best SQL (see bench.service_requests): the viewer's units from their current posts, then each
# unit's newest 200 scope entries read backwards from the (unit, created_at, request) index and their
# requests joined by primary key, with the columns the API's queue rows carry.
FLOOR_ROOTS_SQL = """
SELECT p.unit_id FROM org_post p JOIN org_cadre c ON c.id = p.cadre_id
WHERE c.user_id = %s AND c.is_active AND p.start_date <= %s AND (p.end_date IS NULL OR p.end_date >= %s)
"""
# Then each unit's newest scope entries read backwards from the (unit, created_at, request) index, 200 at a
# time (then twice as many), and their open requests fetched by primary key, until the page is full: open
# requests are the newest, so one batch usually does, and a quiet town reads a few more.
FLOOR_ENTRIES_SQL = """
SELECT request_id, created_at FROM services_requestscope WHERE unit_id = %s {after}
ORDER BY created_at DESC, request_id DESC LIMIT %s
"""
FLOOR_AFTER = "AND (created_at < %s OR (created_at = %s AND request_id < %s))"
FLOOR_REQUESTS_SQL = """
SELECT r.id, r.tracking_code, i.code, r.status, r.alert, r.filed_at_unit_id, r.handling_unit_id,
       r.applicant_name, r.applicant_phone, r.created_at, r.accepted_on, r.due_date, r.due_is_provisional,
       r.completed_on, r.completed_on_time, r.settled_level, r.visits, r.version
FROM services_servicerequest r JOIN services_serviceitem i ON i.id = r.item_id
WHERE r.id IN ({ids}) AND r.status IN ('accepted', 'paused')
ORDER BY r.created_at DESC, r.id DESC
"""


def newest_open(cursor: Any, unit: int, limit: int) -> list[tuple[Any, ...]]:
    """The unit's newest `limit` open requests (the floor's columns), by hand."""
    found: list[tuple[Any, ...]] = []
    batch, last = 200, None
    while len(found) < limit:
        if last is None:
            cursor.execute(FLOOR_ENTRIES_SQL.format(after=""), [unit, batch])
        else:
            cursor.execute(
                FLOOR_ENTRIES_SQL.format(after=FLOOR_AFTER), [unit, last[1], last[1], last[0], batch]
            )
        entries = cursor.fetchall()
        if not entries:
            break
        ids = [entry[0] for entry in entries]
        cursor.execute(FLOOR_REQUESTS_SQL.format(ids=", ".join(["%s"] * len(ids))), ids)
        found += cursor.fetchall()[: limit - len(found)]
        if len(entries) < batch:
            break
        last = entries[-1]
        batch = min(batch * 2, 10_000)
    return found


def _moment(value: object) -> datetime:
    # SQLite hands back a naive datetime in UTC (or text); PostgreSQL an aware datetime.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(value: object) -> object:
    return value if value is None or isinstance(value, date) else date.fromisoformat(str(value))


def floor_queue(request: HttpRequest) -> HttpResponse:
    """The floor of the API queue list (`GET /api/v1/services/requests?status=open`): the same JSON from
    the best SQL, through the same middleware (session, user), with no permission layer, no ORM and no
    schema. Only the open queue's first page, what the bench asks."""
    from django.db import connection

    from xiangzhen.services.models import RequestStatus
    from xiangzhen.validators import mask_name, mask_phone

    if not request.user.is_authenticated:
        return JsonResponse({"detail": "未登录"}, status=401)
    limit = max(1, min(int(request.GET.get("limit", 50)), 200))
    today = timezone.localdate()
    labels = {value: str(label) for value, label in RequestStatus.choices}
    rows: list[tuple[object, ...]] = []
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_ROOTS_SQL, [request.user.pk, today, today])
        roots = [root for (root,) in cursor.fetchall()]
        for root in roots:
            rows += newest_open(cursor, root, limit + 1)
    if len(roots) > 1:
        rows = sorted({row[0]: row for row in rows}.values(), key=lambda row: (row[9], row[0]), reverse=True)
    items = [
        {
            "id": row[0],
            "tracking_code": row[1],
            "item_code": row[2],
            "status": row[3],
            "status_label": labels[str(row[3])],
            "alert": row[4],
            "filed_at_unit_id": row[5],
            "handling_unit_id": row[6],
            "applicant_name": mask_name(str(row[7])),
            "applicant_phone": mask_phone(str(row[8])),
            "created_at": _moment(row[9]),
            "accepted_on": _day(row[10]),
            "due_date": _day(row[11]),
            "due_is_provisional": bool(row[12]),
            "completed_on": _day(row[13]),
            "completed_on_time": None if row[14] is None else bool(row[14]),
            "settled_level": row[15],
            "visits": row[16],
            "missing_materials": [],
            "version": row[17],
        }
        for row in rows[: limit + 1]
    ]
    cursor_text = None
    if len(items) > limit:
        last = items[limit - 1]
        cursor_text = f"{(last['created_at'] - EPOCH) // timedelta(microseconds=1)}_{last['id']}"
    return JsonResponse({"items": items[:limit], "next_cursor": cursor_text})


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

urlpatterns = [
    path("bench/bare-insert", bare_insert),
    path("bench/floor/queue", floor_queue),
    path("", include("xiangzhen.urls")),
]
