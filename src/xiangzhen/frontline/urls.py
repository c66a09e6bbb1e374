from django.urls import path

from xiangzhen.frontline import views

app_name = "frontline"

urlpatterns = [
    path("", views.today, name="today"),
    path("check-ins/", views.check_ins, name="check_ins"),
    path("check-ins/<int:check_in_id>/photo/", views.check_in_photo, name="check_in_photo"),
    path("attendance/", views.attendance, name="attendance"),
    path("stays/", views.stays, name="stays"),
    path("duty/", views.duty, name="duty"),
    path("duty/<int:shift_id>/", views.shift_detail, name="shift_detail"),
    path("duty/<int:shift_id>/<slug:action>/", views.shift_act, name="shift_act"),
    path("duty/swaps/<int:swap_id>/<slug:action>/", views.swap_act, name="swap_act"),
    path("visits/", views.visits, name="visits"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/<slug:action>/", views.visit_act, name="visit_act"),
]
