from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from xiangzhen.api.models import ApiToken, token_digest
from xiangzhen.audit.services import audit_record
from xiangzhen.errors import Conflict, ValidationFailed

TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length or 100
# Recording every call would turn each API read into a write; a minute is precise enough for "last used".
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, name: str) -> str:
    """Create a token for `user` and return the raw value, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationFailed("请填写令牌用途,例如“自助终端”")
    if len(name) > TOKEN_NAME_MAX or "\x00" in name:
        raise ValidationFailed(f"令牌用途不能超过 {TOKEN_NAME_MAX} 个字")
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=user, name=name, digest=token_digest(raw))
    # Only the name is audited: the raw value exists nowhere but in the answer to its creator.
    audit_record(actor=actor, action="api_token.issue", target=token, changes={"name": [None, name]})
    return raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, now: datetime | None = None) -> ApiToken:
    at = now or timezone.now()
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
    if not changed:
        raise Conflict("该令牌已吊销")
    token.revoked_at = at
    audit_record(actor=actor, action="api_token.revoke", target=token, changes={"revoked_at": [None, at]})
    return token


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> None:
    """Record that the token was used; bookkeeping, not a change anyone decides, so not audited."""
    at = now or timezone.now()
    if token.last_used_at is None or at - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
        token.last_used_at = at
