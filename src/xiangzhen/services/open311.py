"""An Open311 GeoReport v2 subset: items are services, requests are service requests.

Identifiers: `service_code` is the item code; `service_request_id` is the tracking code (unguessable, so
a citizen's client may read its own request without an account). POST needs `api_key`, a staff API token,
and `jurisdiction_id`, the id of the unit where the request is filed. Materials are the service's
attributes: `attribute[<material>]=yes` says the citizen has it.
"""

from datetime import datetime, time

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from xiangzhen.api.auth import TokenAuth
from xiangzhen.errors import DomainError, NotFound
from xiangzhen.org.selectors import jurisdiction_roots, unit_get_for_user
from xiangzhen.services.models import RequestStatus, ServiceItem, ServiceRequest
from xiangzhen.services.selectors import (
    QueueFilters,
    service_item_list,
    service_request_get_by_tracking_code,
    service_request_list,
)
from xiangzhen.services.services import Applicant, IntakeDecision, service_request_intake

CLOSED = {RequestStatus.COMPLETED, RequestStatus.REJECTED}


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _service(item: ServiceItem) -> dict[str, object]:
    return {
        "service_code": item.code,
        "service_name": item.name,
        "description": f"{item.get_level_display()} · {item.department} · 承诺 {item.promised_days} 个工作日",
        "metadata": True,
        "type": "realtime",
        "keywords": item.department,
        "group": item.department,
    }


def _request(service_request: ServiceRequest) -> dict[str, object]:
    notice = service_request.notices.order_by("-number").first()
    expected = (
        timezone.make_aware(datetime.combine(service_request.due_date, time(17, 30))).isoformat()
        if service_request.due_date
        else None
    )
    notes = {
        RequestStatus.AWAITING_MATERIALS: f"请补齐:{'、'.join(notice.missing)}" if notice else "",
        RequestStatus.REJECTED: f"不予受理:{service_request.rejection_reason}",
        RequestStatus.COMPLETED: service_request.result,
    }.get(RequestStatus(service_request.status), service_request.get_status_display())
    return {
        "service_request_id": service_request.tracking_code,
        "status": "closed" if service_request.status in CLOSED else "open",
        "status_notes": notes,
        "service_name": service_request.item.name,
        "service_code": service_request.item.code,
        "description": service_request.get_status_display(),
        "agency_responsible": service_request.handling_unit.name,
        "service_notice": f"承诺 {service_request.item.promised_days} 个工作日内办结",
        "requested_datetime": service_request.created_at.isoformat(),
        "updated_datetime": (
            service_request.completed_at or service_request.accepted_at or service_request.created_at
        ).isoformat(),
        "expected_datetime": expected,
        "address": service_request.filed_at_unit.name,
        "address_id": service_request.filed_at_unit_id,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


@require_GET
def services(request: HttpRequest) -> JsonResponse:
    return JsonResponse([_service(item) for item in service_item_list()], safe=False)


@require_GET
def service_definition(request: HttpRequest, code: str) -> JsonResponse:
    item = service_item_list().filter(code=code).first()
    if item is None:
        return _error(404, f"没有编码为 {code} 的事项")
    attributes = [
        {
            "variable": True,
            "code": material.name,
            "datatype": "singlevaluelist",
            "required": not material.may_follow_later,
            "datatype_description": "群众是否已带齐该材料",
            "order": order,
            "description": f"{material.name}({material.get_form_display()} {material.copies} 份)",
            "values": [{"key": "yes", "name": "已带齐"}, {"key": "no", "name": "未带"}],
        }
        for order, material in enumerate(item.materials.all(), start=1)
    ]
    return JsonResponse({"service_code": item.code, "attributes": attributes})


@csrf_exempt  # Open311 clients authenticate with api_key, not a browser session
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        return _create(request)
    codes = [code for code in request.GET.get("service_request_id", "").split(",") if code.strip()]
    if codes:
        found = []
        for code in codes[:50]:
            try:
                found.append(_request(service_request_get_by_tracking_code(code)))
            except NotFound:
                continue
        return JsonResponse(found, safe=False)
    user = TokenAuth().authenticate(request, request.GET.get("api_key", ""))
    if user is None:
        return _error(403, "查询列表需提供有效的 api_key;群众可按 service_request_id 查询自己的办件")
    page = service_request_list(viewer=user, filters=QueueFilters(), limit=50)
    return JsonResponse([_request(service_request) for service_request in page], safe=False)


def _create(request: HttpRequest) -> JsonResponse:
    user = TokenAuth().authenticate(request, request.POST.get("api_key", ""))
    if user is None:
        return _error(403, "api_key 无效")
    item = service_item_list().filter(code=request.POST.get("service_code", "")).first()
    if item is None:
        return _error(404, "service_code 不存在")
    try:
        jurisdiction = request.POST.get("jurisdiction_id", "")
        if jurisdiction.isdigit():
            unit = unit_get_for_user(user, int(jurisdiction))
        else:
            roots = list(jurisdiction_roots(user)[:2])
            if len(roots) != 1:
                return _error(400, "请用 jurisdiction_id 指明受理单位")
            unit = roots[0]
        present = [
            material.name
            for material in item.materials.all()
            if request.POST.get(f"attribute[{material.name}]") == "yes"
        ]
        missing_required = any(
            not material.may_follow_later and material.name not in present
            for material in item.materials.all()
        )
        name = (request.POST.get("last_name", "") + request.POST.get("first_name", "")).strip()
        created = service_request_intake(
            officer=user,
            item=item,
            unit=unit,
            applicant=Applicant(
                name,
                request.POST.get("phone", ""),
                request.POST.get("attribute[id_number]", ""),
                request.POST.get("address_string", ""),
            ),
            materials_present=present,
            decision=IntakeDecision.NOTICE if missing_required else IntakeDecision.ACCEPT,
        )
    except DomainError as error:
        return _error(error.status_code if error.status_code != 422 else 400, error.message)
    body = _request(created)
    return JsonResponse(
        [
            {
                "service_request_id": created.tracking_code,
                "service_notice": body["status_notes"] or body["service_notice"],
                "account_id": None,
            }
        ],
        status=201,
        safe=False,
    )


@require_GET
def request_detail(request: HttpRequest, tracking_code: str) -> JsonResponse:
    try:
        return JsonResponse([_request(service_request_get_by_tracking_code(tracking_code))], safe=False)
    except NotFound as error:
        return _error(404, error.message)
