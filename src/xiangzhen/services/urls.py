from django.urls import path

from xiangzhen.services import views

app_name = "services"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("requests.xlsx", views.queue_export, name="queue_export"),
    path("intake/", views.intake, name="intake"),
    path("intake/materials/", views.intake_materials, name="intake_materials"),
    path("requests/<int:request_id>/", views.detail, name="detail"),
    path("requests/<int:request_id>/notices/<int:number>/", views.notice_print, name="notice_print"),
    path("requests/<int:request_id>/receipt/", views.receipt_print, name="receipt_print"),
    path("requests/<int:request_id>/rejection/", views.rejection_print, name="rejection_print"),
    path("requests/<int:request_id>/<slug:action>/", views.act, name="act"),
    path("statistics/", views.statistics, name="statistics"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue.xlsx", views.catalogue_download, name="catalogue_download"),
    path("notifications/", views.notifications, name="notifications"),
    path("digest/", views.digest, name="digest"),
]
