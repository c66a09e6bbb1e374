from django.urls import re_path

from xiangzhen.services import open311

app_name = "open311"
# Every endpoint answers in the format its extension names, as GeoReport v2 requires.
OUTPUT = r"\.(?P<output>json|xml)$"
urlpatterns = [
    re_path(rf"^services{OUTPUT}", open311.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+){OUTPUT}", open311.service_definition, name="service"),
    re_path(rf"^requests{OUTPUT}", open311.requests, name="requests"),
    re_path(rf"^requests/(?P<tracking_code>[^/]+){OUTPUT}", open311.request_detail, name="request"),
]
