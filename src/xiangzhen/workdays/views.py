from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from xiangzhen.errors import DomainError, ValidationFailed
from xiangzhen.org.permissions import Action, action_required, user_may
from xiangzhen.parsing import parse_year
from xiangzhen.workdays.importing import calendar_entries_from_workbook
from xiangzhen.workdays.models import CalendarSource, SpecialDay
from xiangzhen.workdays.selectors import calendar_year_statuses
from xiangzhen.workdays.services import calendar_year_publish


class CalendarYearUploadForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    workbook = forms.FileField(label="Excel 文件(列:日期、类型[放假/上班]、名称)")


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = today.year
    try:
        year = parse_year(request.GET.get("year")) or year
    except ValidationFailed as error:
        messages.error(request, error.message)
    form = CalendarYearUploadForm(initial={"year": today.year + 1})
    return render(
        request,
        "workdays/calendar.html",
        {
            "statuses": calendar_year_statuses(current_year=today.year),
            "year": year,
            "special_days": SpecialDay.objects.filter(date__year=year),
            "form": form,
            "may_publish": user_may(request.user, Action.PUBLISH_CALENDAR),
        },
    )


@action_required(Action.PUBLISH_CALENDAR)
def calendar_publish(request: HttpRequest) -> HttpResponse:
    form = CalendarYearUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写年份并选择文件")
        return redirect("workdays:calendar")
    year = form.cleaned_data["year"]
    try:
        entries = calendar_entries_from_workbook(form.cleaned_data["workbook"])
        recomputed = calendar_year_publish(
            actor=request.user, year=year, entries=entries, source=CalendarSource.IMPORT
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已发布 {year} 年工作日历,重新计算暂定期限 {recomputed} 件")
    return redirect(f"{reverse('workdays:calendar')}?year={year}")
