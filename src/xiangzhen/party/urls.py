from django.urls import path

from xiangzhen.party import views

app_name = "party"
urlpatterns = [
    path("", views.board, name="board"),
    path("branches/", views.branches, name="branches"),
    path("branches/<int:branch_id>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:branch_id>/activities/new/", views.activity_add, name="activity_add"),
    path("branches/<int:branch_id>/<slug:action>/", views.branch_act, name="branch_act"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:activity_id>/files/<int:file_id>/", views.activity_file, name="activity_file"),
    path("activities/<int:activity_id>/<slug:action>/", views.activity_act, name="activity_act"),
    path("reserves/", views.reserves, name="reserves"),
    path("reserves/<int:reserve_id>/", views.reserve_detail, name="reserve_detail"),
    path("reserves/<int:reserve_id>/<slug:action>/", views.reserve_act, name="reserve_act"),
]
