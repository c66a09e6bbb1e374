from django.urls import path

from xiangzhen.services import public_views

app_name = "public"
urlpatterns = [
    path("items/", public_views.item_list, name="item_list"),
    path("items/<str:code>/", public_views.item_detail, name="item_detail"),
    path("track/", public_views.track, name="track"),
    path("track/<str:tracking_code>/", public_views.status, name="status"),
]
