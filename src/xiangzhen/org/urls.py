from django.urls import path

from xiangzhen.org import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("import/", views.org_import, name="import"),
]
