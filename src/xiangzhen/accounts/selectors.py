from django.contrib.auth.models import User
from django.http import HttpRequest

from xiangzhen.errors import DomainError, NotFound


class NotSignedIn(DomainError):
    status_code = 401
    code = "unauthenticated"


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request that login_required or the API's auth has already checked."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotSignedIn("请先登录")
    return user


def active_user_by_username(username: str) -> User:
    """The user a management command acts as (`--actor USERNAME`): the table of permissions then applies
    to the command exactly as to the page and the API."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"没有名为“{username}”的在用账号")
    return user
