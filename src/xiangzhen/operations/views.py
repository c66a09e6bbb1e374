"""`/healthz` for the load balancer, and the error pages that must work when the database does not."""

import sys
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

API_PREFIXES = ("/api/", "/open311/")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query and the job queue's storage answers; 503 naming what failed.
    No login and no personal data: a monitor polls it every few seconds."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        checks["queue_pending"] = HUEY.pending_count()
        checks["queue"] = "ok"
    except Exception:  # any storage error (SQLite file, Redis connection) means the queue cannot take jobs
        checks["queue"] = "unavailable"
    healthy = checks["database"] == "ok" and checks["queue"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def database_unavailable(error: BaseException | None) -> bool:
    """A lost or refused database connection (a restart, a failover, SQLite busy past its timeout): the
    request changed nothing that was acknowledged, and the client may retry."""
    return isinstance(error, OperationalError | InterfaceError)


def _page(title: str, message: str, status: int) -> HttpResponse:
    # Plain HTML without templates or context processors: those may need the database that just failed.
    body = (
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
        f"<p>{escape(message)}</p></main></body></html>"
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage is a 503 (retry later, nothing was saved); anything else a 500.
    API clients get the structured error body, people a Chinese page."""
    error = sys.exc_info()[1]
    is_api = request.path.startswith(API_PREFIXES)
    if database_unavailable(error):
        message = "数据库暂时无法连接,本次操作未保存,请稍后重试"
        if is_api:
            response: HttpResponse = JsonResponse(
                {"error": {"code": "unavailable", "message": message}}, status=503
            )
        else:
            response = _page("服务暂时不可用", message, 503)
        response["Retry-After"] = "10"
        return response
    message = "服务器内部错误,已记录,请稍后重试或联系管理员"
    if is_api:
        return JsonResponse({"error": {"code": "server_error", "message": message}}, status=500)
    return _page("服务器错误", message, 500)
