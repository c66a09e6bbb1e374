from collections.abc import Callable
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from xiangzhen.audit.context import current_ip_address


def _valid_address(text: str) -> str | None:
    try:
        return str(ip_address(text.strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address as far as it can be trusted: a valid IP address, or None.

    Without trusted proxies (TRUSTED_PROXY_COUNT = 0) X-Forwarded-For is whatever the client chose to send,
    so only the socket's REMOTE_ADDR counts. Behind N trusted proxies each appends the address it saw, so
    the client is the entry N hops from the right; entries further left were written by the client itself.
    A header with too few hops or garbage yields None: an audited write must never fail on a header."""
    proxy_count: int = settings.TRUSTED_PROXY_COUNT
    if proxy_count <= 0:
        return _valid_address(request.META.get("REMOTE_ADDR", ""))
    # rsplit with a bound: a header of a thousand commas costs no more than the hops we look at.
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", proxy_count)
    if len(hops) < proxy_count:
        return None
    return _valid_address(hops[-proxy_count])


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip_address.set(client_ip_address(request))
        try:
            return self.get_response(request)
        finally:
            current_ip_address.reset(token)
