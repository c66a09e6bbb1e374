from django.urls import path

from xiangzhen.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_index, name="index"),
    path("projects.xlsx", views.project_export, name="export"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/<slug:action>/", views.project_act, name="act"),
    path("milestones/<int:milestone_id>/", views.milestone_detail, name="milestone"),
    path("milestones/<int:milestone_id>/<slug:action>/", views.milestone_act, name="milestone_act"),
    path("problems/<int:problem_id>/<slug:action>/", views.problem_act, name="problem_act"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("campaigns/", views.campaign_index, name="campaigns"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/targets/", views.campaign_target_list, name="targets"),
    path("campaigns/<int:campaign_id>/import/", views.campaign_import, name="campaign_import"),
    path("campaigns/<int:campaign_id>/bulletin/", views.campaign_bulletin, name="bulletin"),
    path("targets/<int:target_id>/", views.target_detail, name="target"),
    path("targets/<int:target_id>/<slug:action>/", views.target_act, name="target_act"),
]
