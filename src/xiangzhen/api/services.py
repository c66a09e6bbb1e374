from django.contrib.auth.models import User
from django.db import transaction

from xiangzhen.api.models import ApiToken, token_digest
from xiangzhen.audit.services import audit_record


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, name: str) -> str:
    """Create a token for `user` and return the raw value, which is shown once and never stored."""
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=user, name=name, digest=token_digest(raw))
    audit_record(actor=actor, action="api_token.issue", target=token, changes={"name": [None, name]})
    return raw
