from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, QuerySet

from xiangzhen.api.models import ApiToken
from xiangzhen.errors import NotFound


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, active ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").desc(nulls_first=True), "-created_at")


def api_token_get_for_user(user: User | AnonymousUser, token_id: int) -> ApiToken:
    """A token of the user's own; anyone else's is "not found" like a missing one."""
    token = ApiToken.objects.filter(pk=token_id, user_id=user.pk).first() if user.pk is not None else None
    if token is None:
        raise NotFound("令牌不存在")
    return token
