from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from xiangzhen.accounts.services import login_attempt_begin, login_attempt_failed, login_attempt_succeeded
from xiangzhen.audit.context import current_ip_address


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        "inactive": "该账号已停用,请联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if not username:
            return super().clean()
        ip_address = current_ip_address.get()
        lock = login_attempt_begin(username=username, ip_address=ip_address)
        if lock is not None:
            local = timezone.localtime(lock.until)
            if lock.by_address:
                message = f"本机登录失败次数过多,已暂停登录,请于 {local:%H:%M} 后再试。"
            else:
                message = f"密码错误次数过多,账号已锁定,请于 {local:%H:%M} 后再试。"
            raise ValidationError(message, code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_attempt_failed(username=username, ip_address=ip_address)
            raise
        login_attempt_succeeded(username=username, ip_address=ip_address)
        return cleaned

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            f"用户名或密码不正确。连续输错 {settings.LOGIN_LOCKOUT_ATTEMPTS} 次将锁定 "
            f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟。",
            code="invalid_login",
        )
