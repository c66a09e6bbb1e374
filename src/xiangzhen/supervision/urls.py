from django.urls import path

from xiangzhen.supervision import views

app_name = "supervision"
urlpatterns = [
    path("tasks/", views.tasks, name="tasks"),
    path("tasks.xlsx", views.tasks_export, name="tasks_export"),
    path("tasks/add/", views.task_add, name="task_add"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/<slug:action>/", views.task_act, name="task_act"),
    path("admissions/", views.admissions, name="admissions"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/<slug:action>/", views.meeting_act, name="meeting_act"),
    path("agenda/<int:unit_id>/", views.agenda, name="agenda"),
]
