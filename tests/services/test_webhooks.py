import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.services.factories import at, intake
from xiangzhen.services.services import service_request_sweep_alerts


class Robot(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        Robot.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')

    def log_message(self, *args):
        pass


@pytest.fixture
def robot_url(settings):
    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Robot.received = []
    settings.SERVICE_ALERT_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/robot/send"
    yield
    server.shutdown()


@pytest.fixture
def immediate_tasks():
    from huey.contrib.djhuey import HUEY

    previous, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = previous


def test_the_sweep_posts_a_robot_message_after_commit(
    township, item, robot_url, immediate_tasks, django_capture_on_commit_callbacks
):
    intake(township.window_staff.user, item, township.zhenjiang)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_sweep_alerts(now=at(2026, 3, 17))
    assert Robot.received == [
        {
            "msgtype": "text",
            "text": {"content": "跟踪督办提醒:新增红牌(超期)1 件、黄牌(临期)0 件,请及时办理。"},
        }
    ]


def test_an_unreachable_robot_is_logged_not_raised(settings):
    from xiangzhen.services.webhooks import post_to_robot

    settings.SERVICE_ALERT_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    assert post_to_robot("测试", timeout=1) is False
