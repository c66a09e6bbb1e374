"""Intake through the API (permission, catalogue check, working-day deadline, audit, timeline) against a
bare view inserting one row, both served by the same threaded WSGI server in this process and called
one after another by one client over HTTP. Throughput is requests per second."""

import http.client
import json
import threading
import time
from typing import Any

from bench.generate import County
from bench.measure import check

ROUNDS = 5


def _serve() -> tuple[Any, int]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["*"]

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def _post(port: int, path: str, body: dict[str, object], headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST", path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _throughput(
    port: int, path: str, bodies: list[dict[str, object]], headers: dict[str, str]
) -> list[float]:
    per_round = max(1, len(bodies) // ROUNDS)
    rates = []
    for start in range(0, per_round * ROUNDS, per_round):
        began = time.perf_counter()
        for body in bodies[start : start + per_round]:
            status = _post(port, path, body, headers)
            if status != 201:
                raise AssertionError(f"{path} answered {status}")
        rates.append(per_round / (time.perf_counter() - began))
    return rates


def run(county: County, *, requests: int) -> dict[str, Any]:
    from django.contrib.auth.models import User

    from xiangzhen.api.services import api_token_issue
    from xiangzhen.services.models import ServiceItem, ServiceRequest
    from xiangzhen.services.services import IntakeDecision

    clerk = User.objects.get(pk=county.clerk_id)
    token = api_token_issue(actor=None, user=clerk, name="基准测试")
    item = ServiceItem.objects.filter(owner_unit__isnull=True).order_by("code").first()
    assert item is not None
    required = list(item.materials.filter(may_follow_later=False).values_list("name", flat=True))
    unit_id = county.town_ids[0]
    applicant = {"applicant_name": "张秀英", "applicant_phone": "13985012345"}
    id_number = "52240119800101001" + _check_character("52240119800101001")
    api_bodies: list[dict[str, object]] = [
        {
            "item_code": item.code,
            "unit_id": unit_id,
            **applicant,
            "applicant_id_number": id_number,
            "materials_present": required,
            "decision": IntakeDecision.ACCEPT,
        }
        for _ in range(requests)
    ]
    bare_bodies: list[dict[str, object]] = [
        {
            "item_id": item.pk,
            "unit_id": unit_id,
            "officer_id": clerk.pk,
            **applicant,
            "applicant_id_number": id_number,
        }
        for _ in range(requests)
    ]
    server, port = _serve()
    try:
        headers = {"Authorization": f"Bearer {token}"}
        before = ServiceRequest.objects.count()
        # One call each first: the answer must be a created request, and caches warm as in a running server.
        check("API 受理", _post(port, "/api/v1/services/requests", api_bodies[0], headers), 201)
        check("裸视图插入", _post(port, "/bench/bare-insert", bare_bodies[0], {}), 201)
        api = _throughput(port, "/api/v1/services/requests", api_bodies, headers)
        bare = _throughput(port, "/bench/bare-insert", bare_bodies, {})
        created = ServiceRequest.objects.count() - before
    finally:
        server.shutdown()
        server.server_close()
    return {"operations": {"intake": {"app": api, "reference": bare}}, "facts": {"intake_rows": created}}


def _check_character(prefix: str) -> str:
    from xiangzhen.validators import resident_id_check_character

    return resident_id_check_character(prefix)
