from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiangzhen.accounts.selectors import acting_user
from xiangzhen.errors import DomainError, NotFound
from xiangzhen.feedback.selectors import feedback_list, may_answer
from xiangzhen.feedback.services import feedback_replies_read, feedback_reply, feedback_submit
from xiangzhen.parsing import parse_id
from xiangzhen.web.pagination import keyset_page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """投诉建议: submit one; see one's own with the county's replies; county administrators answer here."""
    if request.method == "POST":
        try:
            feedback_id = parse_id(request.POST.get("feedback"), "投诉建议")
            if feedback_id is None:
                feedback_submit(
                    actor=acting_user(request),
                    body=request.POST.get("body", ""),
                    page=request.POST.get("page", ""),
                )
                messages.success(request, "已提交,县级管理员答复后会在此显示")
            else:
                feedback = feedback_list(viewer=request.user).filter(pk=feedback_id).first()
                if feedback is None:
                    raise NotFound("投诉建议不存在")
                feedback_reply(
                    actor=acting_user(request), feedback=feedback, reply=request.POST.get("reply", "")
                )
                messages.success(request, "已答复")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("feedback:index")
    rows = feedback_list(viewer=request.user)
    page = keyset_page(rows, request.GET, keys=("-submitted_at", "-id"))
    response = render(
        request,
        "feedback/index.html",
        {"page": page, "answers": may_answer(request.user), "from_page": request.GET.get("from", "")[:200]},
    )
    if request.user.is_authenticated:
        feedback_replies_read(actor=acting_user(request))
    return response
