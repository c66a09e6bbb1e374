from django.urls import path

from xiangzhen.disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.xlsx", views.export, name="export"),
    path("statistics/", views.statistics, name="statistics"),
    path("screening/", views.screening, name="screening"),
    path("petitions/", views.petitions, name="petitions"),
    path("<int:dispute_id>/", views.detail, name="detail"),
    path("<int:dispute_id>/<slug:action>/", views.act, name="act"),
]
