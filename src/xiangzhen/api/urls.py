from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from xiangzhen.api.auth import staff_auth
from xiangzhen.assessment.api import router as assessment_router
from xiangzhen.assistance.api import router as assistance_router
from xiangzhen.clock.api import router as todo_router
from xiangzhen.collective.api import router as collective_router
from xiangzhen.disputes.api import router as disputes_router
from xiangzhen.errors import DomainError
from xiangzhen.frontline.api import router as frontline_router
from xiangzhen.hotline.api import router as hotline_router
from xiangzhen.org.api import router as org_router
from xiangzhen.party.api import router as party_router
from xiangzhen.projects.api import router as projects_router
from xiangzhen.search.api import router as search_router
from xiangzhen.services.api import router as services_router
from xiangzhen.supervision.api import meetings_router
from xiangzhen.supervision.api import router as supervision_router
from xiangzhen.training.api import router as training_router

api = NinjaAPI(
    title="乡镇治理工作台 API",
    version="1",
    urls_namespace="api",
    auth=staff_auth,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(request, {"error": {"code": code, "message": message}}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return _error(request, error.status_code, error.code, error.message)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "请先登录或提供有效的接口令牌")


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    details = "; ".join(
        f"{'.'.join(str(part) for part in item.get('loc', []))}: {item.get('msg', '')}"
        for item in error.errors
    )
    return _error(request, 422, "invalid", f"请求参数不正确:{details}")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _error(request, error.status_code, "http_error", str(error))


def atomic_with_response(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A write and its response succeed or fail together: a response that fails to serialise (a 500) or
    an error answered after a first service call rolls everything back, so a client's retry cannot
    duplicate a row it never saw acknowledged."""

    @wraps(run)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response

    return guarded


api.add_decorator(atomic_with_response, mode="view")

api.add_router("/v1/todo", todo_router)
api.add_router("/v1/units", org_router)
api.add_router("/v1/services", services_router)
api.add_router("/v1/tasks", supervision_router)
api.add_router("/v1/meetings", meetings_router)
api.add_router("/v1/disputes", disputes_router)
api.add_router("/v1/assessment", assessment_router)
api.add_router("/v1/frontline", frontline_router)
api.add_router("/v1/assistance", assistance_router)
api.add_router("/v1/training", training_router)
api.add_router("/v1/projects", projects_router)
api.add_router("/v1/party", party_router)
api.add_router("/v1/collective", collective_router)
api.add_router("/v1/search", search_router)
api.add_router("/v1/hotline", hotline_router)
