from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

from jejaring.core import views
from jejaring.villages import views as village_views

app_name = "core"
urlpatterns = [
    path("", views.index, name="index"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (htmx parts opened alone).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("img/jejaring.svg"), permanent=True),
        name="favicon",
    ),
    path("villages/new/", village_views.village_new, name="village_new"),
    path("areas/search", village_views.area_search, name="area_search"),
]
