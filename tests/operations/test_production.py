"""Production settings, /healthz and the 503 of a lost database."""

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

README = Path(__file__).resolve().parents[2] / "README.md"


def production_environment() -> dict[str, str]:
    """The variables of the README's production example, exactly as written there (SECRET_KEY filled in)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## 生产部署 · Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's production example is gone"
    command = block.group(1).split("\npip install", 1)[0].replace("\\\n", " ")
    words = shlex.split(command)
    assert words[0] == "export"
    variables = dict(word.split("=", 1) for word in words[1:])
    assert variables["SECRET_KEY"] == "..."
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def test_check_deploy_is_clean_with_the_readme_s_production_variables(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "DEBUG", "DATABASE_URL", "DJANGO_"))
    }
    environment |= production_environment() | {"XIANGZHEN_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "xiangzhen.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "System check identified no issues" in output


def test_without_the_https_variables_check_deploy_warns(tmp_path):
    environment = dict(os.environ) | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "XIANGZHEN_DATA_DIR": str(tmp_path),
    }
    for key in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "DEBUG"):
        environment.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-m", "xiangzhen.cli", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "security.W004" in output and "security.W008" in output


def test_healthz_answers_for_the_database_and_the_queue(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["queue"] == "ok"
    assert isinstance(body["queue_pending"], int)
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(db, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_is_503_when_the_queue_does_not_answer(db, monkeypatch):
    from huey.contrib.djhuey import HUEY

    def refuse():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(HUEY, "pending_count", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["queue"] == "unavailable"


@pytest.mark.parametrize(("path", "api"), [("/api/v1/units", True), ("/", False)])
def test_a_lost_database_connection_is_a_clean_503(township, monkeypatch, path, api):
    from xiangzhen.org import selectors

    def lost(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(selectors, "jurisdiction_root_list", lost)
    monkeypatch.setattr(selectors, "jurisdiction_roots", lost)
    client = Client(raise_request_exception=False)
    client.force_login(township.town_leader.user)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    if api:
        assert response.json()["error"]["code"] == "unavailable"
        assert "未保存" in response.json()["error"]["message"]
    else:
        assert "服务暂时不可用" in response.content.decode()
