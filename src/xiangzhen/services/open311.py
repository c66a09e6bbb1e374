"""Open311 GeoReport v2: items are services, requests are service requests; every endpoint in JSON and XML.

Identifiers: `service_code` is the item code; `service_request_id` is the tracking code (unguessable, so
a citizen's client may read its own request without an account). POST needs `api_key`, a staff API token
(in the body, as the spec says; it is never logged), and `jurisdiction_id`, the id of the unit where the
request is filed. Every required input is an attribute of the service definition: `id_number` (身份证号)
and each material, answered `attribute[<material>]=yes` (brought) or `no`.
"""

from collections.abc import Mapping
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from xiangzhen.api.auth import TokenAuth
from xiangzhen.errors import DomainError, NotFound
from xiangzhen.org.selectors import jurisdiction_roots, unit_get_for_user
from xiangzhen.parsing import parse_date, parse_id
from xiangzhen.services.models import RequestStatus, ServiceItem, ServiceRequest
from xiangzhen.services.selectors import (
    QueueFilters,
    service_item_list,
    service_request_get_by_tracking_code,
    service_request_list,
)
from xiangzhen.services.services import (
    Applicant,
    CitizenReport,
    IntakeDecision,
    service_request_intake,
)

CLOSED = {RequestStatus.COMPLETED, RequestStatus.REJECTED}
ID_NUMBER = "id_number"
MATERIAL_ANSWERS = {"yes", "no"}
# The spec's XML: a list is an element whose children are named for one of its entries.
XML_ENTRY = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
# Lengths of the columns the POST writes to (ServiceRequest); longer input is a 400, not a database error.
FIELD_LIMITS = {
    "first_name": 50,
    "last_name": 50,
    "phone": 20,
    "address_string": 200,
    "media_url": 500,
    "description": 20_000,
    "service_code": 40,
}


class BadRequest(DomainError):
    status_code = 400
    code = "bad_request"


def _xml_element(tag: str, value: Any) -> Element:
    element = Element(tag)
    _xml_fill(element, value)
    return element


def _xml_fill(element: Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _xml_fill(SubElement(element, key), child)
    elif isinstance(value, list):
        for child in value:
            _xml_fill(SubElement(element, XML_ENTRY[element.tag]), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _respond(data: Any, output: str, root: str, status: int = 200) -> HttpResponse:
    """The same data as JSON or as the spec's XML, whose root element is `root`."""
    if output == "xml":
        body = tostring(_xml_element(root, data), encoding="utf-8", xml_declaration=True)
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str, output: str) -> HttpResponse:
    return _respond([{"code": status, "description": description}], output, "errors", status)


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


def _definition(item: ServiceItem) -> dict[str, object]:
    identity = {
        "variable": True,
        "code": ID_NUMBER,
        "datatype": "string",
        "required": True,
        "datatype_description": "18 位公民身份号码",
        "order": 1,
        "description": "申请人身份证号",
    }
    materials = [
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
        for order, material in enumerate(item.materials.all(), start=2)
    ]
    return {"service_code": item.code, "attributes": [identity, *materials]}


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
        "description": service_request.description,
        "agency_responsible": service_request.handling_unit.name,
        "service_notice": f"承诺 {service_request.item.promised_days} 个工作日内办结",
        "requested_datetime": service_request.created_at.isoformat(),
        "updated_datetime": (
            service_request.completed_at or service_request.accepted_at or service_request.created_at
        ).isoformat(),
        "expected_datetime": expected,
        "address": service_request.address_string or service_request.filed_at_unit.name,
        "address_id": service_request.filed_at_unit_id,
        "zipcode": None,
        "lat": None if service_request.latitude is None else float(service_request.latitude),
        "long": None if service_request.longitude is None else float(service_request.longitude),
        "media_url": service_request.media_url or None,
    }


@require_GET
def services(request: HttpRequest, output: str) -> HttpResponse:
    return _respond([_service(item) for item in service_item_list()], output, "services")


@require_GET
def service_definition(request: HttpRequest, code: str, output: str) -> HttpResponse:
    item = service_item_list().filter(code=code[:40]).first() if "\x00" not in code else None
    if item is None:
        return _error(404, f"没有编码为 {code[:40]!r} 的事项", output)
    return _respond(_definition(item), output, "service_definition")


@csrf_exempt  # Open311 clients authenticate with api_key, not a browser session
@sensitive_post_parameters("api_key")
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, output: str) -> HttpResponse:
    try:
        if request.method == "POST":
            created = _create(request.POST)
            return _respond(
                [
                    {
                        "service_request_id": created.tracking_code,
                        "service_notice": _request(created)["status_notes"]
                        or f"承诺 {created.item.promised_days} 个工作日内办结",
                        "account_id": None,
                    }
                ],
                output,
                "service_requests",
                201,
            )
        return _respond(_list(request), output, "service_requests")
    except DomainError as error:
        # The spec knows 400 (bad input), 403 (bad api_key) and 404; a 409 or 422 of ours is bad input to it.
        status = error.status_code if error.status_code in (400, 403, 404) else 400
        return _error(status, error.message, output)


@sensitive_variables("api_key")
def _authenticate(api_key: str) -> Any:
    user = TokenAuth().authenticate(HttpRequest(), api_key)
    if user is None:
        raise _Forbidden("api_key 无效或已吊销")
    return user


class _Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


def _list(request: HttpRequest) -> list[dict[str, object]]:
    _refuse_nul(request.GET)
    codes = [code.strip() for code in request.GET.get("service_request_id", "").split(",") if code.strip()]
    if codes:
        found = []
        for code in codes[:50]:
            try:
                found.append(_request(service_request_get_by_tracking_code(code[:20])))
            except NotFound:
                continue
        return found
    # The key may come as a bearer header, which, unlike a query string, web server access logs do not keep.
    header = request.headers.get("Authorization", "")
    api_key = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    api_key = api_key or request.GET.get("api_key", "")
    if not api_key:
        raise _Forbidden("查询列表需提供有效的 api_key;群众可按 service_request_id 查询自己的办件")
    user = _authenticate(api_key)
    item_id = None
    if request.GET.get("service_code"):
        item = service_item_list().filter(code=request.GET["service_code"][:40]).first()
        if item is None:
            raise BadRequest(f"没有编码为 {request.GET['service_code'][:40]} 的事项")
        item_id = item.pk
    status = request.GET.get("status", "")
    if status not in ("", "open", "closed"):
        raise BadRequest("status 只能是 open 或 closed")
    statuses = {
        "": (),
        "open": tuple(value for value in RequestStatus.values if value not in CLOSED),
        "closed": tuple(CLOSED),
    }[status]
    filters = QueueFilters(
        statuses=statuses,
        item_id=item_id,
        since=parse_date(_day(request.GET.get("start_date")), "start_date"),
        until=parse_date(_day(request.GET.get("end_date")), "end_date"),
    )
    return [
        _request(service_request) for service_request in service_request_list(viewer=user, filters=filters)
    ]


def _day(text: str | None) -> str:
    """The date part of the spec's w3 datetime (2010-01-01T00:00:00Z)."""
    return (text or "").strip()[:10]


def _refuse_nul(data: QueryDict) -> None:
    if any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data):
        raise BadRequest("参数不能包含空字符(NUL)")


def _coordinate(data: QueryDict, name: str) -> Decimal | None:
    text = data.get(name, "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise BadRequest(f"{name} 应为数字") from error
    if not value.is_finite():
        raise BadRequest(f"{name} 应为数字")
    return value


def _create(data: QueryDict) -> ServiceRequest:
    _refuse_nul(data)
    user = _authenticate(data.get("api_key", ""))
    for name, limit in FIELD_LIMITS.items():
        if len(data.get(name, "")) > limit:
            raise BadRequest(f"{name} 不能超过 {limit} 个字符")
    if len(data.get("last_name", "") + data.get("first_name", "")) > FIELD_LIMITS["first_name"]:
        raise BadRequest(f"姓名不能超过 {FIELD_LIMITS['first_name']} 个字")
    item = service_item_list().filter(code=data.get("service_code", "")).first()
    if item is None:
        raise BadRequest(f"service_code 不存在:{data.get('service_code', '')}")
    jurisdiction = parse_id(data.get("jurisdiction_id"), "jurisdiction_id")
    if jurisdiction is not None:
        unit = unit_get_for_user(user, jurisdiction)
    else:
        roots = list(jurisdiction_roots(user)[:2])
        if len(roots) != 1:
            raise BadRequest("请用 jurisdiction_id 指明受理单位")
        unit = roots[0]
    materials = list(item.materials.all())
    answers = {material.name: data.get(f"attribute[{material.name}]", "") for material in materials}
    unanswered = [
        material.name
        for material in materials
        if not material.may_follow_later and not answers[material.name]
    ]
    if not data.get(f"attribute[{ID_NUMBER}]", "").strip():
        unanswered.insert(0, ID_NUMBER)
    if unanswered:
        raise BadRequest(f"缺少必填属性:{'、'.join(unanswered)}")
    invalid = [name for name, answer in answers.items() if answer and answer not in MATERIAL_ANSWERS]
    if invalid:
        raise BadRequest(f"材料属性只能是 yes 或 no:{'、'.join(invalid)}")
    present = [name for name, answer in answers.items() if answer == "yes"]
    missing_required = any(
        not material.may_follow_later and answers[material.name] != "yes" for material in materials
    )
    return service_request_intake(
        officer=user,
        item=item,
        unit=unit,
        applicant=Applicant(
            (data.get("last_name", "") + data.get("first_name", "")).strip(),
            data.get("phone", ""),
            data.get(f"attribute[{ID_NUMBER}]", "")[:18],
        ),
        materials_present=present,
        decision=IntakeDecision.NOTICE if missing_required else IntakeDecision.ACCEPT,
        report=CitizenReport(
            description=data.get("description", ""),
            address_string=data.get("address_string", ""),
            latitude=_coordinate(data, "lat"),
            longitude=_coordinate(data, "long"),
            media_url=data.get("media_url", "").strip(),
        ),
    )


@require_GET
def request_detail(request: HttpRequest, tracking_code: str, output: str) -> HttpResponse:
    try:
        if "\x00" in tracking_code:
            raise NotFound("办件不存在")
        return _respond(
            [_request(service_request_get_by_tracking_code(tracking_code[:20]))], output, "service_requests"
        )
    except NotFound as error:
        return _error(404, error.message, output)
