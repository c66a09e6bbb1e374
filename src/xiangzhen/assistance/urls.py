from django.urls import path

from xiangzhen.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.households, name="households"),
    path("new/", views.household_add, name="household_add"),
    path("import/", views.household_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("statistics/", views.statistics, name="statistics"),
    path("lines/", views.lines, name="lines"),
    path("<int:household_id>/", views.household_detail, name="household_detail"),
    path("<int:household_id>/<slug:action>/", views.household_act, name="household_act"),
]
