from django.urls import path

from xiangzhen.collective import views

app_name = "collective"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("assets/", views.assets, name="assets"),
    path("assets/import/", views.asset_import, name="asset_import"),
    path("resources/", views.resources, name="resources"),
    path("contracts/", views.contracts, name="contracts"),
    path("contracts/import/", views.contract_import, name="contract_import"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:contract_id>/<slug:action>/", views.contract_act, name="contract_act"),
    path("payments/<int:payment_id>/", views.payment, name="payment"),
    path("publications/", views.publications, name="publications"),
]
