from django.urls import path

from xiangzhen.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("revoke/", views.token_revoke, name="revoke"),
]
