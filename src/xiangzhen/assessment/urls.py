from django.urls import path

from xiangzhen.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("county/", views.county, name="county"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/<int:cadre_id>/", views.cadre_sheet, name="cadre_sheet"),
    path("<int:scheme_id>/", views.board, name="board"),
    path("<int:scheme_id>/run/", views.run_status, name="run_status"),
    path("<int:scheme_id>/recompute/", views.recompute, name="recompute"),
    path("<int:scheme_id>/publish/", views.publish, name="publish"),
    path("<int:scheme_id>/gap/", views.gap_page, name="gap"),
    path("<int:scheme_id>/sheet/", views.sheet, name="sheet"),
    path("<int:scheme_id>/units/<int:competitor_id>/", views.unit_score, name="unit_score"),
    path(
        "<int:scheme_id>/units/<int:competitor_id>/items/<int:scheme_item_id>/",
        views.figure,
        name="figure",
    ),
]
