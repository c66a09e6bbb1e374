from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiangzhen.accounts.services import login_failure_record, login_locked_until, login_success_record


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错 5 次将锁定 15 分钟。",
        "inactive": "该账号已停用,请联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        locked_until = login_locked_until(username=username)
        if locked_until is not None:
            local = timezone.localtime(locked_until)
            raise ValidationError(f"密码错误次数过多,账号已锁定,请于 {local:%H:%M} 后再试。", code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_failure_record(username=username)
            raise
        login_success_record(username=username)
        return cleaned
