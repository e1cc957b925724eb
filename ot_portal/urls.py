"""Root URLs (composition layer)."""

from django.contrib import admin
from django.urls import include, path

from ot_portal.core.language import language_set

urlpatterns = [
    path("", include("ot_portal.web.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("beheer/", admin.site.urls),
    path("casussen/", include("cases.urls")),
    path("ouders/", include("cases.participation.urls")),
    path("overleggen/", include("meetings.urls")),
    path("clo/", include("clo.urls")),
    path("dashboards/", include("ot_portal.dashboards.urls")),
]
