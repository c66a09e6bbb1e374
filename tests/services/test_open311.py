import logging
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest

from tests.services.factories import APPLICANT
from xiangzhen.api.services import api_token_issue
from xiangzhen.audit.models import AuditEvent
from xiangzhen.services.models import RequestStatus, ServiceRequest

ROOT = "/open311/v2"


def citizen_post(township, api_key, **changes):
    return {
        "api_key": api_key,
        "service_code": "MZ-001",
        "jurisdiction_id": township.zhenjiang.pk,
        "last_name": "李",
        "first_name": "秀兰",
        "phone": APPLICANT.phone,
        "attribute[id_number]": APPLICANT.id_number,
        "attribute[身份证]": "yes",
        "attribute[户口簿]": "no",
        "attribute[家庭收入证明]": "no",
        **changes,
    }


@pytest.fixture
def api_key(township):
    return api_token_issue(actor=None, user=township.window_staff.user, name="自助终端")


def test_a_generic_client_lists_services_submits_and_reads_status(client, township, item, api_key):
    services = client.get(f"{ROOT}/services.json").json()
    assert {"service_code": "MZ-001", "service_name": "最低生活保障申请"}.items() <= services[0].items()
    definition = client.get(f"{ROOT}/services/MZ-001.json").json()
    assert [attribute["code"] for attribute in definition["attributes"]] == [
        "id_number",
        "身份证",
        "户口簿",
        "家庭收入证明",
        "银行卡复印件",
    ]
    required = {attribute["code"]: attribute["required"] for attribute in definition["attributes"]}
    assert required["id_number"] is True and required["银行卡复印件"] is False

    response = client.post(f"{ROOT}/requests.json", citizen_post(township, api_key))
    assert response.status_code == 201
    tracking_code = response.json()[0]["service_request_id"]
    assert "户口簿、家庭收入证明" in response.json()[0]["service_notice"]
    assert ServiceRequest.objects.get(tracking_code=tracking_code).status == RequestStatus.AWAITING_MATERIALS

    status = client.get(f"{ROOT}/requests/{tracking_code}.json").json()[0]
    assert status["status"] == "open" and status["service_code"] == "MZ-001"
    listed = client.get(f"{ROOT}/requests.json?service_request_id={tracking_code}").json()
    assert [entry["service_request_id"] for entry in listed] == [tracking_code]


def test_the_citizens_description_place_and_photo_are_stored_and_returned(client, township, item, api_key):
    response = client.post(
        f"{ROOT}/requests.json",
        citizen_post(
            township,
            api_key,
            description="家中老人无劳动能力,申请低保",
            address_string="镇江村三组 12 号",
            lat="27.302115",
            long="105.284367",
            media_url="https://example.org/photo/1.jpg",
        ),
    )
    assert response.status_code == 201
    stored = ServiceRequest.objects.get()
    assert stored.description == "家中老人无劳动能力,申请低保"
    assert stored.address_string == "镇江村三组 12 号"
    assert (stored.latitude, stored.longitude) == (Decimal("27.302115"), Decimal("105.284367"))
    returned = client.get(f"{ROOT}/requests/{stored.tracking_code}.json").json()[0]
    assert returned["description"] == "家中老人无劳动能力,申请低保"
    assert returned["address"] == "镇江村三组 12 号"
    assert (returned["lat"], returned["long"]) == (27.302115, 105.284367)
    assert returned["media_url"] == "https://example.org/photo/1.jpg"


def test_every_endpoint_answers_in_xml_with_the_specs_element_names(client, township, item, api_key):
    services = ElementTree.fromstring(client.get(f"{ROOT}/services.xml").content)
    assert services.tag == "services"
    assert services.find("service/service_code").text == "MZ-001"
    assert services.find("service/metadata").text == "true"

    definition = ElementTree.fromstring(client.get(f"{ROOT}/services/MZ-001.xml").content)
    assert definition.tag == "service_definition"
    attributes = definition.findall("attributes/attribute")
    assert [attribute.findtext("code") for attribute in attributes][:2] == ["id_number", "身份证"]
    assert attributes[1].find("values/value/key").text == "yes"

    created = client.post(f"{ROOT}/requests.xml", citizen_post(township, api_key, description="申请低保"))
    assert created.status_code == 201 and created["Content-Type"].startswith("text/xml")
    tracking_code = ElementTree.fromstring(created.content).findtext("request/service_request_id")
    assert tracking_code == ServiceRequest.objects.get().tracking_code

    detail = ElementTree.fromstring(client.get(f"{ROOT}/requests/{tracking_code}.xml").content)
    assert detail.tag == "service_requests"
    assert detail.findtext("request/description") == "申请低保"
    assert detail.findtext("request/status") == "open"
    listed = ElementTree.fromstring(client.get(f"{ROOT}/requests.xml?api_key={api_key}").content)
    assert [request.findtext("service_request_id") for request in listed.findall("request")] == [
        tracking_code
    ]
    by_header = f"Bearer {api_key}"
    listed = client.get(f"{ROOT}/requests.json?status=open", HTTP_AUTHORIZATION=by_header).json()
    assert [request["service_request_id"] for request in listed] == [tracking_code]
    assert client.get(f"{ROOT}/requests.json?status=closed", HTTP_AUTHORIZATION=by_header).json() == []
    assert client.get(f"{ROOT}/requests.json?status=shut", HTTP_AUTHORIZATION=by_header).status_code == 400

    error = ElementTree.fromstring(client.get(f"{ROOT}/requests/NOPE.xml").content)
    assert error.tag == "errors" and error.findtext("error/code") == "404"


def test_an_unknown_service_code_is_a_400_in_the_specs_error_list(client, township, item, api_key):
    response = client.post(f"{ROOT}/requests.json", citizen_post(township, api_key, service_code="NOPE"))
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code 不存在:NOPE"}]
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attribute[id_number]": ""}, "缺少必填属性:id_number"),
        ({"attribute[户口簿]": ""}, "缺少必填属性:户口簿"),
        ({"attribute[户口簿]": "maybe"}, "yes 或 no"),
        ({"lat": "north"}, "lat 应为数字"),
        ({"lat": "95", "long": "105"}, "纬度"),
        ({"lat": "27.3"}, "同时提供"),
        ({"media_url": "javascript:alert(1)"}, "http"),
        ({"description": "低保\x00"}, "NUL"),
        ({"first_name": "秀" * 60}, "50"),
        ({"jurisdiction_id": "99999999999999999999"}, "jurisdiction_id"),
    ],
)
def test_bad_input_is_a_400_that_changes_nothing(client, township, item, api_key, changes, message):
    response = client.post(f"{ROOT}/requests.json", citizen_post(township, api_key, **changes))
    assert response.status_code == 400
    assert message in response.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_errors_follow_the_open311_shape(client, township, item):
    response = client.post(f"{ROOT}/requests.json", {"api_key": "wrong", "service_code": "MZ-001"})
    assert response.status_code == 403
    assert set(response.json()[0]) == {"code", "description"}
    assert client.get(f"{ROOT}/requests/NOPE.json").status_code == 404
    assert client.get(f"{ROOT}/requests.json").status_code == 403
    api_key = api_token_issue(actor=None, user=township.village_cadre.user, name="终端")
    outside = client.post(f"{ROOT}/requests.json", citizen_post(township, api_key))
    assert outside.status_code == 404
    assert not ServiceRequest.objects.exists()


def test_the_api_key_is_never_logged_nor_audited(client, township, item, api_key, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(f"{ROOT}/requests.json", citizen_post(township, api_key))
    client.post(f"{ROOT}/requests.json", citizen_post(township, api_key, service_code="NOPE"))
    client.post(f"{ROOT}/requests.json", citizen_post(township, api_key + "x"))
    assert caplog.records, "the 4xx answers are logged by django.request"
    for record in caplog.records:
        assert api_key not in record.getMessage()
        request = getattr(record, "request", None)
        if request is not None:
            assert api_key not in repr(request)
    assert AuditEvent.objects.exists()
    for event in AuditEvent.objects.all():
        assert api_key not in str(event.changes) + event.object_repr
