from django.urls import path

from xiangzhen.feedback import views

app_name = "feedback"
urlpatterns = [path("", views.index, name="index")]
