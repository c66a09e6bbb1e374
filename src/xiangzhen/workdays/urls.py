from django.urls import path

from xiangzhen.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("publish/", views.calendar_publish, name="publish"),
]
