from django.urls import path, register_converter

from xiangzhen.services import open311


class OutputConverter:
    """The extension of an Open311 URL: every endpoint answers as JSON or as the spec's XML."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OutputConverter, "open311_output")

app_name = "open311"
urlpatterns = [
    path("services.<open311_output:output>", open311.services, name="services"),
    path("services/<str:code>.<open311_output:output>", open311.service_definition, name="service"),
    path("requests.<open311_output:output>", open311.requests, name="requests"),
    path("requests/<str:tracking_code>.<open311_output:output>", open311.request_detail, name="request"),
]
