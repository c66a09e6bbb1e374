from django.urls import path

from xiangzhen.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/", views.download, name="download"),
    path("templates/", views.template_upload, name="template_upload"),
]
