from django.urls import URLPattern

app_name = "collective"

urlpatterns: list[URLPattern] = []
