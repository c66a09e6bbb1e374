from django.contrib.auth.models import User
from django.http import HttpRequest

from xiangzhen.errors import DomainError


class NotSignedIn(DomainError):
    status_code = 401
    code = "unauthenticated"


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request that login_required or the API's auth has already checked."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotSignedIn("请先登录")
    return user
