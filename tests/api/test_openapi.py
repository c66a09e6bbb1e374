import re

from xiangzhen.api.services import api_token_issue


def test_every_documented_route_answers_with_a_documented_status(client, township):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "乡镇治理工作台 API"
    headers = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=township.town_leader.user, name='t')}"
    }
    assert schema["paths"], "the API documents no route"
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", str(township.gepu.pk), path)
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            response = getattr(client, method)(concrete, {}, content_type="application/json", **headers)
            documented = {int(status) for status in operation["responses"]}
            assert response.status_code in documented, f"{method} {path} answered {response.status_code}"
            assert response.status_code != 500


def test_the_docs_page_is_served(client, township):
    client.force_login(township.town_leader.user)
    assert client.get("/api/docs").status_code == 200
