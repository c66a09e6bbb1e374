from tests.services.factories import APPLICANT
from xiangzhen.api.services import api_token_issue
from xiangzhen.services.models import RequestStatus, ServiceRequest


def test_a_generic_client_lists_services_submits_and_reads_status(client, township, item):
    services = client.get("/open311/v2/services.json").json()
    assert {"service_code": "MZ-001", "service_name": "最低生活保障申请"}.items() <= services[0].items()
    definition = client.get("/open311/v2/services/MZ-001.json").json()
    assert [attribute["code"] for attribute in definition["attributes"]] == [
        "身份证",
        "户口簿",
        "家庭收入证明",
        "银行卡复印件",
    ]
    assert definition["attributes"][3]["required"] is False

    api_key = api_token_issue(actor=None, user=township.window_staff.user, name="自助终端")
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "MZ-001",
            "jurisdiction_id": township.zhenjiang.pk,
            "last_name": "李",
            "first_name": "秀兰",
            "phone": APPLICANT.phone,
            "attribute[id_number]": APPLICANT.id_number,
            "attribute[身份证]": "yes",
        },
    )
    assert response.status_code == 201
    tracking_code = response.json()[0]["service_request_id"]
    assert "户口簿、家庭收入证明" in response.json()[0]["service_notice"]
    assert ServiceRequest.objects.get(tracking_code=tracking_code).status == RequestStatus.AWAITING_MATERIALS

    status = client.get(f"/open311/v2/requests/{tracking_code}.json").json()[0]
    assert status["status"] == "open" and status["service_code"] == "MZ-001"
    listed = client.get(f"/open311/v2/requests.json?service_request_id={tracking_code}").json()
    assert [entry["service_request_id"] for entry in listed] == [tracking_code]


def test_errors_follow_the_open311_shape(client, township, item):
    response = client.post("/open311/v2/requests.json", {"api_key": "wrong", "service_code": "MZ-001"})
    assert response.status_code == 403
    assert set(response.json()[0]) == {"code", "description"}
    assert client.get("/open311/v2/requests/NOPE.json").status_code == 404
    assert client.get("/open311/v2/requests.json").status_code == 403
    api_key = api_token_issue(actor=None, user=township.village_cadre.user, name="终端")
    outside = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "MZ-001",
            "jurisdiction_id": township.zhenjiang.pk,
            "last_name": "李",
            "first_name": "秀兰",
            "phone": APPLICANT.phone,
            "attribute[id_number]": APPLICANT.id_number,
        },
    )
    assert outside.status_code == 404
    assert not ServiceRequest.objects.exists()
