"""The page where a user creates, lists and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.api.forms import TokenCreateForm
from xiangzhen.api.selectors import api_token_get_for_user, api_token_list
from xiangzhen.api.services import api_token_issue, api_token_revoke
from xiangzhen.errors import DomainError
from xiangzhen.parsing import parse_required_id


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = TokenCreateForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            new_token = api_token_issue(actor=user, user=user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": api_token_list(user=user), "new_token": new_token},
        status=422 if form.errors else 200,
    )
    # The new token is in this page only: no cache, no "back" button, may keep a copy.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    try:
        token = api_token_get_for_user(user, parse_required_id(request.POST.get("token"), "令牌"))
        api_token_revoke(actor=user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已吊销令牌“{token.name}”,使用它的程序将无法再访问")
    return redirect("api_tokens:list")
