from django.urls import path

from xiangzhen.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.orders, name="orders"),
    path("county/", views.county, name="county"),
    path("report.xlsx", views.report, name="report"),
    path("orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path("orders/<int:order_id>/print/", views.order_print, name="order_print"),
    path("orders/<int:order_id>/<slug:action>/", views.order_act, name="order_act"),
]
