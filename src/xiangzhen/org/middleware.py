from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from xiangzhen.org.selectors import jurisdiction_remembered


class JurisdictionMiddleware:
    """Each user's jurisdiction is looked up once per request, however many checks the request makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with jurisdiction_remembered():
            return self.get_response(request)
