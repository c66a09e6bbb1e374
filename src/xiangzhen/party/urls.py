from django.urls import URLPattern

app_name = "party"

urlpatterns: list[URLPattern] = []
