from django.urls import path

from xiangzhen.duties import views

app_name = "duties"
urlpatterns = [
    path("", views.duty_list, name="list"),
    path("<int:town_id>/import/", views.duty_list_upload, name="import"),
]
