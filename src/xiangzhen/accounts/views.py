"""The signed-in user's own account: changing their password."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from xiangzhen.accounts.services import account_password_change


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page (old password, new password twice, the validators), saving through the audited service."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        account_password_change(user=form.user, new_password=form.cleaned_data["new_password1"])
        # Keep this session signed in; every other session of the user ends with the old password hash.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
