from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xiangzhen.accounts import views as account_views
from xiangzhen.accounts.forms import LockoutAuthenticationForm
from xiangzhen.api.urls import api
from xiangzhen.operations import views as operations_views
from xiangzhen.web import views as web_views

admin.site.site_header = "乡镇治理工作台 · 系统管理"
admin.site.site_title = "乡镇治理工作台"

handler500 = "xiangzhen.operations.views.server_error"

urlpatterns = [
    path("healthz", operations_views.healthz, name="healthz"),
    path("", web_views.home, name="home"),
    path("due/", web_views.due, name="due"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/", account_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("org/", include("xiangzhen.org.urls")),
    path("services/", include("xiangzhen.services.urls")),
    path("public/", include("xiangzhen.services.public_urls")),
    path("supervision/", include("xiangzhen.supervision.urls")),
    path("duties/", include("xiangzhen.duties.urls")),
    path("hotline/", include("xiangzhen.hotline.urls")),
    path("disputes/", include("xiangzhen.disputes.urls")),
    path("assessment/", include("xiangzhen.assessment.urls")),
    path("frontline/", include("xiangzhen.frontline.urls")),
    path("feedback/", include("xiangzhen.feedback.urls")),
    path("assistance/", include("xiangzhen.assistance.urls")),
    path("training/", include("xiangzhen.training.urls")),
    path("projects/", include("xiangzhen.projects.urls")),
    path("party/", include("xiangzhen.party.urls")),
    path("collective/", include("xiangzhen.collective.urls")),
    path("search/", include("xiangzhen.search.urls")),
    path("open311/v2/", include("xiangzhen.services.open311_urls")),
    path("audit/", include("xiangzhen.audit.urls")),
    path("attachments/", include("xiangzhen.attachments.urls")),
    path("workdays/", include("xiangzhen.workdays.urls")),
    path("returns/", include("xiangzhen.returns.urls")),
    path("api/", api.urls),
    path("account/tokens/", include("xiangzhen.api.page_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
