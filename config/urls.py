from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from api.api import urls as api_urls
from organizations import views as organization_views
from organizations.forms import LoginForm
from results.urls import calendar_patterns


@login_not_required
def favicon(request):
    # Resolved per request: the static manifest need not exist when the URL conf loads
    # (`check --deploy` before `collectstatic`).
    return redirect(static("img/logo.svg"), permanent=True)


urlpatterns = [
    path("", organization_views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("organizations.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("bao-cao/", include("reports.urls")),
    path("ket-qua/", include("results.urls")),
    path("lich/", include((calendar_patterns, "calendar"))),
    path("thong-bao/", include("notifications.urls")),
    path("", include("targets.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", api_urls()),
    path("favicon.ico", favicon),
]

# Uploaded files are never served from MEDIA_URL, not even in development: they are only
# reachable through reports' download view, which checks the user's unit first.

handler400 = "config.errors.bad_request"
