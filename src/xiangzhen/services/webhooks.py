"""Alert messages to a group chat robot (DingTalk and WeCom robots accept the same text message)."""

import json
import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


def robot_message(text: str) -> bytes:
    return json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()


def post_to_robot(text: str, *, timeout: float = 5.0) -> bool:
    """Post `text` to SERVICE_ALERT_WEBHOOK_URL; a failure is logged, never raised into the sweep."""
    url = settings.SERVICE_ALERT_WEBHOOK_URL
    if not url:
        return False
    request = urllib.request.Request(
        url, data=robot_message(text), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status: int = response.status
            return 200 <= status < 300
    except OSError:
        logger.exception("督办提醒推送失败: %s", url)
        return False
