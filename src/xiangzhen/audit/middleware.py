from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from xiangzhen.audit.context import current_ip_address


def client_ip_address(request: HttpRequest) -> str | None:
    # Behind the reverse proxy of a deployment the client is the first X-Forwarded-For entry.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip_address.set(client_ip_address(request))
        try:
            return self.get_response(request)
        finally:
            current_ip_address.reset(token)
