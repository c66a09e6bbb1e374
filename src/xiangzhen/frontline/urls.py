from django.urls import URLPattern

app_name = "frontline"

urlpatterns: list[URLPattern] = []
