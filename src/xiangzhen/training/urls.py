from django.urls import path

from xiangzhen.training import views

app_name = "training"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("attendance.xlsx", views.attendance_export, name="attendance_export"),
    path("schools/", views.schools, name="schools"),
    path("courses/", views.courses, name="courses"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:session_id>/", views.session_detail, name="session_detail"),
    path("<int:session_id>/<slug:action>/", views.session_act, name="session_act"),
]
