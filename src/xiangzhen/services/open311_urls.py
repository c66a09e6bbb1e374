from django.urls import path

from xiangzhen.services import open311

app_name = "open311"
urlpatterns = [
    path("services.json", open311.services, name="services"),
    path("services/<str:code>.json", open311.service_definition, name="service"),
    path("requests.json", open311.requests, name="requests"),
    path("requests/<str:tracking_code>.json", open311.request_detail, name="request"),
]
