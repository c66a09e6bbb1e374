import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The idle timeout is renewed by activity at most this often: the session can end up to a minute early,
# where renewing it on every request wrote the session row on every page view and every API read.
RENEW_EVERY_SECONDS = 60
RENEWED_AT = "_renewed_at"


class SessionRenewalMiddleware:
    """Keeps a signed-in session alive while it is used (settings.SESSION_IDLE_MINUTES)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_EVERY_SECONDS:
                # A changed session is saved by SessionMiddleware with a fresh expiry.
                session[RENEWED_AT] = now
        return response
