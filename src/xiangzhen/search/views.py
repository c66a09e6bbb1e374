from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiangzhen.errors import ValidationFailed
from xiangzhen.search.query import QUERY_MAX_LENGTH
from xiangzhen.search.services import search_run


@login_required
def results(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    context: dict[str, object] = {"text": text, "max_length": QUERY_MAX_LENGTH}
    if text.strip():
        try:
            context["result"] = search_run(viewer=request.user, text=text)
        except ValidationFailed as error:
            context["error"] = error.message
    return render(request, "search/results.html", context)
