"""Root URLs. Village pages live under ``/v/<slug>/`` and always pass through
:func:`jejaring.core.access.get_village`."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jejaring.api.urls import api
from jejaring.core import views as core_views
from jejaring.sync import views as sync_views

village_patterns = [
    path("", include("jejaring.villages.urls")),
    path("actors/", include("jejaring.actors.urls")),
    path("engagement/", include("jejaring.engagement.urls")),
    path("circles/", include("jejaring.awareness.urls")),
    path("analysis/", include("jejaring.analysis.urls")),
    path("data/", include("jejaring.interchange.urls")),
    path("reports/", include("jejaring.reports.urls")),
    path("change/", include("jejaring.change.urls")),
    path("history/", include("jejaring.audit.urls")),
    path("work/", include("jejaring.jobs.urls")),
    path("sync/", include("jejaring.sync.urls")),
]

urlpatterns = [
    path("", include("jejaring.core.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.PasswordChange.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("tokens/", sync_views.tokens, name="sync_tokens"),
    path("supervisor/", include("jejaring.reports.supervisor_urls")),
    path("v/<slug:village>/", include(village_patterns)),
]

# A malformed id names its field on the 400 page (jejaring.core.access.InvalidId).
handler400 = "jejaring.core.views.bad_request"
