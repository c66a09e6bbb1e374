from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from xiangzhen.api.models import ApiToken, token_digest
from xiangzhen.api.services import api_token_touch


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        api_token_touch(token=api_token)
        request.user = api_token.user
        return api_token.user


# Browser pages call the API with their session; other clients with `Authorization: Bearer <token>`.
staff_auth = [TokenAuth(), SessionAuth()]
