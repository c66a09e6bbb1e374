"""The third-party `georeport` client (PyPI) drives a live server: JSON and XML.

georeport 0.3.1 can only read (list services, get a definition, get requests): it has no method to post a
request. The POST is made with `requests`, speaking the spec (form-encoded body, `api_key` in the body).
"""

import pytest
import requests
from georeport import GeoReport

from tests.services.factories import APPLICANT, make_item
from xiangzhen.api.services import api_token_issue
from xiangzhen.services.models import RequestStatus, ServiceRequest
from xiangzhen.workdays.services import calendar_load_from_package


@pytest.fixture
def live_township(transactional_db, live_server, township):
    # A live server runs in real transactions; their flush empties the calendar the migration seeded.
    calendar_load_from_package(actor=None)
    make_item()
    return township


@pytest.mark.parametrize("output", ["json", "xml"])
def test_the_georeport_client_lists_defines_posts_and_fetches(live_server, live_township, output):
    township = live_township
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, jurisdiction=str(township.zhenjiang.pk), output_format=output)

    services = client.get_service_list()
    # xmltodict gives a lone <service> as a mapping, JSON a list of one.
    service = services[0] if isinstance(services, list) else services
    assert service["service_code"] == "MZ-001" and service["service_name"] == "最低生活保障申请"

    definition = client.get_service_definition("MZ-001")
    attributes = definition["attributes"] if output == "json" else definition["attributes"]["attribute"]
    required = {attribute["code"]: str(attribute["required"]).lower() for attribute in attributes}
    assert required == {
        "id_number": "true",
        "身份证": "true",
        "户口簿": "true",
        "家庭收入证明": "true",
        "银行卡复印件": "false",
    }

    api_key = api_token_issue(actor=None, user=township.window_staff.user, name="Open311 客户端")
    posted = requests.post(
        f"{root}/requests.{output}",
        data={
            "api_key": api_key,
            "service_code": "MZ-001",
            "jurisdiction_id": township.zhenjiang.pk,
            "last_name": "李",
            "first_name": "秀兰",
            "phone": APPLICANT.phone,
            "description": "申请最低生活保障",
            "address_string": "镇江村三组",
            "lat": "27.302115",
            "long": "105.284367",
            "media_url": "https://example.org/a.jpg",
            "attribute[id_number]": APPLICANT.id_number,
            "attribute[身份证]": "yes",
            "attribute[户口簿]": "yes",
            "attribute[家庭收入证明]": "yes",
        },
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    tracking_code = ServiceRequest.objects.get().tracking_code
    assert tracking_code in posted.text
    assert ServiceRequest.objects.get().status == RequestStatus.ACCEPTED

    fetched = client.get_service_request(tracking_code)
    assert fetched["service_request_id"] == tracking_code
    assert fetched["status"] == "open"
    assert fetched["description"] == "申请最低生活保障"
    assert fetched["address"] == "镇江村三组"
    assert str(fetched["lat"]) == "27.302115" and str(fetched["long"]) == "105.284367"
    assert fetched["media_url"] == "https://example.org/a.jpg"

    listed = client.get_service_requests(service_request_id=tracking_code)
    entry = listed[0] if isinstance(listed, list) else listed
    assert entry["service_request_id"] == tracking_code

    with pytest.raises(requests.HTTPError) as unknown:
        client.get_service_definition("NOPE")
    assert unknown.value.response.status_code == 404
